using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Multiplex.Testing;

/// <summary>
/// A bare RESP2 connection over a socket for fixture probes and fault tests: it writes commands as
/// arrays of bulk strings and reads one reply line or bulk string at a time. It is deliberately not
/// the client under test. Spec: https://redis.io/docs/latest/develop/reference/protocol-spec/
/// </summary>
public sealed class RawRespConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawRespConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>The underlying stream, for tests that write or read raw bytes.</summary>
    public NetworkStream Stream => _stream;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static async Task<RawRespConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            return new RawRespConnection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and reads its reply (see <see cref="ReadReplyAsync"/>).</summary>
    public async Task<string?> CommandAsync(string[] arguments, CancellationToken cancellationToken = default)
    {
        await SendAsync(arguments, cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    /// <summary>Sends one command without reading a reply.</summary>
    public Task SendAsync(string[] arguments, CancellationToken cancellationToken = default) =>
        SendManyAsync([arguments], cancellationToken);

    /// <summary>Sends several commands in one write (a pipeline) without reading their replies.</summary>
    public async Task SendManyAsync(IEnumerable<string[]> commands, CancellationToken cancellationToken = default)
    {
        var builder = new StringBuilder();
        foreach (var arguments in commands)
        {
            builder.Append(CultureInfo.InvariantCulture, $"*{arguments.Length}\r\n");
            foreach (var argument in arguments)
            {
                builder.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
            }
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()), cancellationToken);
    }

    /// <summary>
    /// Reads one reply: a simple string, error or integer as its whole line with the type byte
    /// (<c>+PONG</c>, <c>-ERR …</c>, <c>:1</c>); a bulk string as its content; a null bulk as null.
    /// Arrays are not decoded (their header line is returned).
    /// </summary>
    public async Task<string?> ReadReplyAsync(CancellationToken cancellationToken = default)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line.Length == 0 || line[0] != '$')
        {
            return line;
        }

        var length = int.Parse(line.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (length < 0)
        {
            return null;
        }

        var content = new byte[length];
        await ReadExactlyAsync(content, cancellationToken);
        await ReadExactlyAsync(new byte[2], cancellationToken);
        return Encoding.UTF8.GetString(content);
    }

    /// <summary>Reads up to and without the next CRLF.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("The connection closed before a full line arrived.");
            }

            var value = _buffer[_start++];
            if (value == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
                return Encoding.UTF8.GetString([.. line]);
            }

            line.Add(value);
        }
    }

    /// <summary>Reads at least one byte; returns 0 when the peer closed the connection.</summary>
    public async Task<int> ReadSomeAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_start == _end && !await FillAsync(cancellationToken))
        {
            return 0;
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>Fills <paramref name="destination"/>; throws when the peer closes the connection first.</summary>
    public async Task ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = await ReadSomeAsync(destination[filled..], cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("The connection closed inside a reply.");
            }

            filled += read;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
