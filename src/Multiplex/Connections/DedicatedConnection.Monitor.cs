using Multiplex.Commands;

namespace Multiplex.Connections;

/// <summary>Reading replies: the one to a command just sent, or a feed that arrives without commands (MONITOR).</summary>
internal sealed partial class DedicatedConnection
{
    /// <summary>
    /// Reads the next frame the server sends, without sending anything. Cancelling leaves the connection
    /// in the middle of a feed, so it is marked broken: the pool closes it instead of reusing it.
    /// </summary>
    public async Task<T> ReadNextAsync<T>(CommandSpec command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (_scanner.TryScan(buffer, out var length))
                {
                    _scanner.Reset();
                    try
                    {
                        return Parse(buffer.Slice(0, length), command, parser);
                    }
                    finally
                    {
                        _input.AdvanceTo(buffer.GetPosition(length));
                    }
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    throw new RedisConnectionException($"{Endpoint} closed the dedicated connection during {command.Name}.", CommandOutcome.Unknown) { Endpoint = Endpoint, Command = command.Name };
                }
            }
        }
        catch (Exception ex) when (ex is not RedisServerException)
        {
            MarkBroken();
            if (AbortReason is { } reason)
            {
                throw new RedisConnectionException($"The dedicated connection to {Endpoint} failed during {command.Name}: the connection was closed: {reason}", CommandOutcome.Unknown, ex) { Endpoint = Endpoint, Command = command.Name };
            }

            if (ex is RedisException or OperationCanceledException)
            {
                throw;
            }

            throw new RedisConnectionException($"The dedicated connection to {Endpoint} failed during {command.Name}: {ex.Message}", CommandOutcome.Unknown, ex) { Endpoint = Endpoint, Command = command.Name };
        }
    }
}
