using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Multiplex.Protocol;

/// <summary>
/// A command name (or any constant argument such as <c>EX</c>) encoded once as a RESP bulk string,
/// for example <c>$3\r\nGET\r\n</c>, so that writing it is a single copy.
/// </summary>
internal sealed class CommandToken
{
    private static readonly ConcurrentDictionary<string, CommandToken> Cache = new(StringComparer.Ordinal);

    private readonly byte[] _encoded;

    private CommandToken(string name)
    {
        Name = name;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new ArrayBufferWriter<byte>(RespWriter.GetBulkStringLength(nameBytes.Length));
        RespWriter.WriteBulkString(buffer, nameBytes);
        _encoded = buffer.WrittenSpan.ToArray();
    }

    /// <summary>The token as given.</summary>
    public string Name { get; }

    /// <summary>The token encoded as a bulk string, CRLFs included.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Creates a token; keep it in a static field.</summary>
    /// <param name="name">The command name or constant argument.</param>
    public static CommandToken Create(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new CommandToken(name);
    }

    /// <summary>Returns the shared token for a name, creating it on first use.</summary>
    /// <param name="name">The command name or constant argument.</param>
    public static CommandToken Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Cache.GetOrAdd(name, static n => new CommandToken(n));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
