using System.Buffers;
using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands;

/// <summary>
/// One Redis command as the typed methods send it: its name and subcommand as written on the wire (and
/// used in messages), where its keys are, how it is routed, and the traits that decide where it may run
/// (read-only commands may go to replicas; admin commands need <see cref="RedisClientOptions.AllowAdminCommands"/>;
/// blocking commands never touch a shared connection). Each family declares its commands in its
/// tokens file, next to the methods that encode them; the route test checks every declaration against
/// the server's own key specifications and command flags.
/// </summary>
internal sealed class CommandSpec
{
    // The name and subcommand, if any, as bulk strings: what WriteName writes.
    private readonly byte[] _encodedName;

    private CommandSpec(CommandToken token, CommandToken? subcommand, KeySpec keys, RouteKind route, ReplyAggregate aggregate, CommandTraits traits)
    {
        Token = token;
        Subcommand = subcommand;
        _encodedName = subcommand is null ? token.Encoded.ToArray() : [.. token.Encoded, .. subcommand.Encoded];
        Name = subcommand is null ? token.Name : $"{token.Name} {subcommand.Name}";
        Keys = keys;
        Route = route;
        Aggregate = aggregate;
        Traits = traits;
        CacheIndex = ClientCacheOptions.IndexOfSupported(Name);
    }

    /// <summary>The command name as written first on the wire.</summary>
    public CommandToken Token { get; }

    /// <summary>
    /// The command's place in <see cref="ClientCacheOptions.SupportedCommands"/>, or -1 when the client-side
    /// cache never stores its replies: worked out once, so a cache asks an array, not a set of names.
    /// </summary>
    public int CacheIndex { get; }

    /// <summary>The subcommand written right after the name (<c>ENCODING</c> of <c>OBJECT ENCODING</c>), or null.</summary>
    public CommandToken? Subcommand { get; }

    /// <summary>How many arguments the name takes: 2 with a subcommand, else 1.</summary>
    public int NameLength => Subcommand is null ? 1 : 2;

    /// <summary>The command's name for messages, with its subcommand (<c>OBJECT ENCODING</c>).</summary>
    public string Name { get; }

    /// <summary>Where the keys are among the arguments.</summary>
    public KeySpec Keys { get; }

    /// <summary>How the command finds its node(s).</summary>
    public RouteKind Route { get; }

    /// <summary>How the replies of a fanned-out or split command are combined.</summary>
    public ReplyAggregate Aggregate { get; }

    /// <summary>What kind of command it is.</summary>
    public CommandTraits Traits { get; }

    /// <summary>Whether the command only reads (the server flags it <c>readonly</c>): it may be served by a replica.</summary>
    public bool IsReadOnly => (Traits & CommandTraits.ReadOnly) != 0;

    /// <summary>Whether the command can destroy data or disturb other clients: it needs <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    public bool IsAdmin => (Traits & CommandTraits.Admin) != 0;

    /// <summary>Whether the command blocks its connection while the server waits: it runs on a dedicated connection only.</summary>
    public bool IsBlocking => (Traits & CommandTraits.Blocking) != 0;

    /// <summary>Whether where the command's keys are is unknown (a command no typed method sends, given to <see cref="RedisCommands.ExecuteAsync"/> by name).</summary>
    public bool AreKeysUnknown => (Traits & CommandTraits.KeysUnknown) != 0;

    /// <summary>Writes the name and the subcommand, if any (<see cref="NameLength"/> arguments).</summary>
    public void WriteName(IBufferWriter<byte> writer) => writer.Write(_encodedName);

    /// <summary>The name and the subcommand, if any, as written on the wire (<see cref="NameLength"/> bulk strings).</summary>
    public ReadOnlySpan<byte> EncodedName => _encodedName;

    /// <summary>A command the server flags <c>readonly</c>, routed by <paramref name="keys"/> (any node when it has none).</summary>
    public static CommandSpec Read(string name, KeySpec keys) => Create(name, null, keys, CommandTraits.ReadOnly);

    /// <summary>A read-only subcommand (<c>OBJECT ENCODING</c>), routed by <paramref name="keys"/>.</summary>
    public static CommandSpec Read(string name, string subcommand, KeySpec keys) => Create(name, subcommand, keys, CommandTraits.ReadOnly);

    /// <summary>A command the server flags <c>write</c>, routed by <paramref name="keys"/> (any node when it has none).</summary>
    public static CommandSpec Write(string name, KeySpec keys) => Create(name, null, keys, CommandTraits.Write);

    /// <summary>A writing subcommand (<c>XGROUP CREATE</c>), routed by <paramref name="keys"/>.</summary>
    public static CommandSpec Write(string name, string subcommand, KeySpec keys) => Create(name, subcommand, keys, CommandTraits.Write);

    /// <summary>A command flagged neither <c>readonly</c> nor <c>write</c> (PING, PUBLISH, CONFIG GET), sent to any node.</summary>
    public static CommandSpec Other(string name, string? subcommand = null) => Create(name, subcommand, KeySpec.None, CommandTraits.None);

    /// <summary>A command given by name that no typed method sends: routed to any node, its keys unknown.</summary>
    public static CommandSpec Untyped(string name) => Create(name, null, KeySpec.None, CommandTraits.KeysUnknown);

    /// <summary>Like <see cref="Other(string, string?)"/> for one with keys (a shard channel counts as one).</summary>
    public static CommandSpec Other(string name, string? subcommand, KeySpec keys) => Create(name, subcommand, keys, CommandTraits.None);

    /// <summary>The same command sent to every primary, replies combined by <paramref name="aggregate"/>.</summary>
    public CommandSpec OnAllPrimaries(ReplyAggregate aggregate) => With(RouteKind.AllPrimaries, aggregate, Traits);

    /// <summary>The same command sent to every node (replicas too), replies combined by <paramref name="aggregate"/>.</summary>
    public CommandSpec OnAllNodes(ReplyAggregate aggregate) => With(RouteKind.AllNodes, aggregate, Traits);

    /// <summary>The same command split by hash slot, replies merged by <paramref name="aggregate"/>.</summary>
    public CommandSpec SplitBySlot(ReplyAggregate aggregate) => With(RouteKind.SplitBySlot, aggregate, Traits);

    /// <summary>The same command, needing <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    public CommandSpec AsAdmin() => With(Route, Aggregate, Traits | CommandTraits.Admin);

    /// <summary>The same command, blocking its connection: dedicated connections only.</summary>
    public CommandSpec AsBlocking() => With(Route, Aggregate, Traits | CommandTraits.Blocking);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static CommandSpec Create(string name, string? subcommand, KeySpec keys, CommandTraits traits) => new(
        CommandToken.Get(name),
        subcommand is null ? null : CommandToken.Get(subcommand),
        keys,
        keys.HasKeys ? RouteKind.Keys : RouteKind.AnyNode,
        ReplyAggregate.None,
        traits);

    private CommandSpec With(RouteKind route, ReplyAggregate aggregate, CommandTraits traits) => new(Token, Subcommand, Keys, route, aggregate, traits);
}
