namespace Multiplex.Commands;

/// <summary>What kind of command a <see cref="CommandSpec"/> is.</summary>
[Flags]
internal enum CommandTraits
{
    /// <summary>None of the below.</summary>
    None = 0,

    /// <summary>It only reads (the server flags it <c>readonly</c>).</summary>
    ReadOnly = 1,

    /// <summary>It may write (the server flags it <c>write</c>).</summary>
    Write = 2,

    /// <summary>It can destroy data or disturb other clients: allowed only with <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    Admin = 4,

    /// <summary>It blocks its connection while the server waits.</summary>
    Blocking = 8,

    /// <summary>
    /// It was given by name to <see cref="RedisCommands.ExecuteAsync"/> and no typed method sends it, so
    /// where its keys are is not known: a key-prefix view refuses it.
    /// </summary>
    KeysUnknown = 16,
}
