using System.Net.Sockets;

namespace Multiplex.Testing.Processes;

/// <summary>
/// A kept-open connection to one fixture server's plain port for administrative commands, so that a
/// fixture operation costs a round trip instead of a redis-cli process. Commands go out in one write
/// and their replies are read in order; an error reply throws naming the server and the command. The
/// connection reconnects when the server was restarted and is dropped after any I/O failure or
/// cancellation (replies might still be on their way). One caller at a time.
/// </summary>
internal sealed class AdminConnection(RedisServer server) : IAsyncDisposable
{
    private const int DescribedArguments = 6;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RawRespConnection? _connection;
    private int _connectedProcessId;

    /// <summary>Sends one command and returns its reply.</summary>
    public async Task<RespReply> CommandAsync(string[] command, CancellationToken cancellationToken) =>
        (await PipelineAsync([command], cancellationToken))[0];

    /// <summary>Sends one command whose reply is text (a bulk or simple string) and returns it.</summary>
    public async Task<string> TextAsync(string[] command, CancellationToken cancellationToken) =>
        (await CommandAsync(command, cancellationToken)).RequireText();

    /// <summary>Sends <paramref name="commands"/> in one write and returns their replies in order.</summary>
    public async Task<IReadOnlyList<RespReply>> PipelineAsync(IReadOnlyList<string[]> commands, CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            return [];
        }

        await _gate.WaitAsync(cancellationToken);
        var replies = new RespReply[commands.Count];
        try
        {
            var connection = await ConnectedAsync(cancellationToken);
            await connection.SendManyAsync(commands, cancellationToken);
            for (var index = 0; index < replies.Length; index++)
            {
                replies[index] = await RespReply.ReadAsync(connection, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            await DropAsync();
            if (exception is OperationCanceledException)
            {
                throw;
            }

            throw new InvalidOperationException($"{server.Name}: {Describe(commands[0])} failed: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }

        for (var index = 0; index < replies.Length; index++)
        {
            if (replies[index].IsError)
            {
                throw new InvalidOperationException($"{server.Name} refused {Describe(commands[index])}: {replies[index].Text}");
            }
        }

        return replies;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RawRespConnection> ConnectedAsync(CancellationToken cancellationToken)
    {
        var processId = server.ProcessId;
        if (processId == 0)
        {
            throw new InvalidOperationException($"{server.Name} is not running.");
        }

        if (_connection is not null && _connectedProcessId == processId)
        {
            return _connection;
        }

        await DropAsync();
        var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port, cancellationToken);
        try
        {
            if (server.AdminCredentials is (var user, { } password))
            {
                string[] auth = user is null ? ["AUTH", password] : ["AUTH", user, password];
                var reply = await connection.CommandAsync(auth, cancellationToken);
                if (reply != "+OK")
                {
                    throw new InvalidOperationException($"{server.Name} refused AUTH: {reply}");
                }
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _connection = connection;
        _connectedProcessId = processId;
        return connection;
    }

    private async Task DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>The command for a message: its first arguments, without secrets.</summary>
    private static string Describe(string[] command)
    {
        var shown = command.Take(DescribedArguments)
            .Select(argument => argument.Contains(TestSecrets.Password, StringComparison.Ordinal) ? "***" : argument);
        return "'" + string.Join(' ', shown) + (command.Length > DescribedArguments ? " …'" : "'");
    }
}
