namespace Multiplex;

/// <summary>The server answered a command with an error reply.</summary>
public sealed class RedisServerException : RedisException
{
    /// <summary>Creates the exception from the server's error text.</summary>
    /// <param name="serverMessage">The error text exactly as the server sent it (for example <c>WRONGTYPE Operation against a key…</c>).</param>
    /// <param name="command">The command that failed.</param>
    /// <param name="endpoint">The server that answered.</param>
    public RedisServerException(string serverMessage, string? command = null, string? endpoint = null)
        : base(FormatMessage(serverMessage, command, endpoint))
    {
        ServerMessage = serverMessage;
        Kind = ServerErrorParser.Classify(serverMessage, out var prefix);
        Prefix = prefix;
        Command = command;
        Endpoint = endpoint;
    }

    /// <summary>The error text exactly as the server sent it.</summary>
    public string ServerMessage { get; }

    /// <summary>The first word of the error (<c>ERR</c>, <c>WRONGTYPE</c>, <c>MOVED</c>, …).</summary>
    public string Prefix { get; }

    /// <summary>The kind of error, parsed from <see cref="Prefix"/>.</summary>
    public ServerErrorKind Kind { get; }

    /// <inheritdoc />
    public override bool IsTransient => Kind is ServerErrorKind.TryAgain or ServerErrorKind.ClusterDown
        or ServerErrorKind.Busy or ServerErrorKind.Loading or ServerErrorKind.MasterDown or ServerErrorKind.NoReplicas;

    private static string FormatMessage(string serverMessage, string? command, string? endpoint) =>
        (command, endpoint) switch
        {
            (null, null) => serverMessage,
            (null, _) => $"{serverMessage} (server {endpoint})",
            (_, null) => $"{serverMessage} (command {command})",
            _ => $"{serverMessage} (command {command}, server {endpoint})",
        };
}
