using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>
/// Collects the arguments of a command whose length depends on its options, then writes the whole
/// command at once (the array header needs the count first). Used by commands off the hot path.
/// </summary>
internal sealed class CommandArgumentList
{
    private readonly List<(CommandToken? Token, RedisValue Value, RedisKey Key)> _items = [];

    public CommandArgumentList(CommandToken command) => Command = command;

    /// <summary>The command the arguments belong to.</summary>
    public CommandToken Command { get; }

    /// <summary>How many arguments were added (the command name not counted).</summary>
    public int Count => _items.Count;

    public CommandArgumentList Add(CommandToken token)
    {
        _items.Add((token, RedisValue.Null, default));
        return this;
    }

    public CommandArgumentList Add(RedisValue value)
    {
        _items.Add((null, value, default));
        return this;
    }

    public CommandArgumentList AddKey(RedisKey key)
    {
        _items.Add((null, RedisValue.Null, key));
        return this;
    }

    public CommandArgumentList Add(CommandToken token, RedisValue value) => Add(token).Add(value);

    /// <summary>Writes the command name and every argument as one RESP array.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        RespWriter.WriteArrayHeader(writer, 1 + _items.Count);
        RespWriter.WriteCommandToken(writer, Command);
        foreach (var (token, value, key) in _items)
        {
            if (token is not null)
            {
                RespWriter.WriteCommandToken(writer, token);
            }
            else if (!key.IsNull)
            {
                RespWriter.WriteBulkString(writer, key);
            }
            else
            {
                RespWriter.WriteBulkString(writer, value);
            }
        }
    }
}
