using Multiplex.Transactions;
using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// The commands of a dedicated session (<see cref="RedisDedicatedSession.Commands"/>): every command of
/// <see cref="RedisInteractiveCommands"/>, run one at a time on the session's own connection, plus the
/// commands that only mean something there: <see cref="WaitAsync"/> and <see cref="WaitAofAsync"/>
/// count the writes of the connection that sends them.
/// </summary>
public sealed partial class RedisSessionCommands : RedisInteractiveCommands
{
    private readonly ISessionSink _session;

    /// <param name="options">The client's options.</param>
    /// <param name="session">The session's connection.</param>
    /// <param name="prefixer">The key prefix of the view the session was made through, if any.</param>
    /// <param name="cache">
    /// The client's client-side cache, if any: the session's writes drop their keys from it when sent and
    /// again when answered; its reads always go to the server.
    /// </param>
    internal RedisSessionCommands(RedisClientOptions options, ISessionSink session, KeyPrefixer? prefixer = null, ClientCache? cache = null)
        : base(options, session, prefixer)
    {
        UseClientCache(cache, reads: false);
        _session = session;
    }

    /// <summary>
    /// Whether a command changed the connection's own state (its name, eviction or touch mode): it is
    /// then closed when the session ends rather than leased to someone else.
    /// </summary>
    internal bool ChangedConnectionState { get; private set; }
}
