using System.Buffers;
using System.Globalization;
using Multiplex.Commands.Bitmaps;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>
/// The subcommands of one <c>BITFIELD</c> (or, with reads only, <c>BITFIELD_RO</c>) call, in order:
/// <c>GET</c>, <c>SET</c>, <c>INCRBY</c> and <c>OVERFLOW</c>. Each method returns this builder.
/// </summary>
/// <example><code>
/// var operations = new BitFieldOperations().Overflow(BitFieldOverflow.Saturate).IncrBy(BitFieldType.Unsigned(8), 0, 300).Get(BitFieldType.Unsigned(8), 0);
/// long?[] results = await client.BitFieldAsync(key, operations);   // [255, 255]
/// </code></example>
public sealed class BitFieldOperations
{
    // Arguments per subcommand: OVERFLOW mode; GET type offset; SET/INCRBY type offset value.
    private const int OverflowArguments = 2;
    private const int GetArguments = 3;
    private const int WriteArguments = 4;

    private readonly List<Operation> _operations = [];

    /// <summary>How many subcommands have been added.</summary>
    public int Count => _operations.Count;

    /// <summary>Whether every subcommand is a <c>GET</c>, so that <c>BITFIELD_RO</c> can run them.</summary>
    public bool IsReadOnly => _operations.TrueForAll(operation => operation.Token == BitmapTokens.Get);

    /// <summary>How many arguments the subcommands take on the wire.</summary>
    internal int ArgumentCount { get; private set; }

    /// <summary>Adds <c>GET type offset</c>: reads a field (one result).</summary>
    /// <param name="type">The field type.</param>
    /// <param name="offset">The bit offset (0 or more), or the field index when <paramref name="byWidth"/> is set.</param>
    /// <param name="byWidth">Multiply the offset by the type's width (<c>#offset</c>).</param>
    /// <returns>This builder.</returns>
    public BitFieldOperations Get(BitFieldType type, long offset, bool byWidth = false) =>
        Add(BitmapTokens.Get, type, offset, byWidth, value: 0);

    /// <summary>Adds <c>SET type offset value</c>: writes a field (one result: the old value).</summary>
    /// <param name="type">The field type.</param>
    /// <param name="offset">The bit offset (0 or more), or the field index when <paramref name="byWidth"/> is set.</param>
    /// <param name="value">The value to store.</param>
    /// <param name="byWidth">Multiply the offset by the type's width (<c>#offset</c>).</param>
    /// <returns>This builder.</returns>
    public BitFieldOperations Set(BitFieldType type, long offset, long value, bool byWidth = false) =>
        Add(BitmapTokens.Set, type, offset, byWidth, value);

    /// <summary>Adds <c>INCRBY type offset increment</c> (one result: the new value, or null when it overflowed under <see cref="BitFieldOverflow.Fail"/>).</summary>
    /// <param name="type">The field type.</param>
    /// <param name="offset">The bit offset (0 or more), or the field index when <paramref name="byWidth"/> is set.</param>
    /// <param name="increment">The amount to add (may be negative).</param>
    /// <param name="byWidth">Multiply the offset by the type's width (<c>#offset</c>).</param>
    /// <returns>This builder.</returns>
    public BitFieldOperations IncrBy(BitFieldType type, long offset, long increment, bool byWidth = false) =>
        Add(BitmapTokens.IncrBy, type, offset, byWidth, increment);

    /// <summary>Adds <c>OVERFLOW</c>: how the <c>SET</c> and <c>INCRBY</c> that follow handle overflow (no result).</summary>
    /// <param name="overflow">The behavior.</param>
    /// <returns>This builder.</returns>
    public BitFieldOperations Overflow(BitFieldOverflow overflow)
    {
        if (!Enum.IsDefined(overflow))
        {
            throw new ArgumentOutOfRangeException(nameof(overflow), overflow, "Unknown overflow behavior.");
        }

        _operations.Add(new Operation(BitmapTokens.Overflow, default, 0, false, (long)overflow));
        ArgumentCount += OverflowArguments;
        return this;
    }

    internal void Write(IBufferWriter<byte> writer)
    {
        foreach (var operation in _operations)
        {
            RespWriter.WriteCommandToken(writer, operation.Token);
            if (operation.Token == BitmapTokens.Overflow)
            {
                RespWriter.WriteCommandToken(writer, (BitFieldOverflow)operation.Value switch
                {
                    BitFieldOverflow.Wrap => BitmapTokens.Wrap,
                    BitFieldOverflow.Saturate => BitmapTokens.Sat,
                    _ => BitmapTokens.Fail,
                });
                continue;
            }

            RespWriter.WriteBulkString(writer, operation.Type.ToString());
            var offset = operation.Offset.ToString(CultureInfo.InvariantCulture);
            RespWriter.WriteBulkString(writer, operation.ByWidth ? "#" + offset : offset);
            if (operation.Token != BitmapTokens.Get)
            {
                RespWriter.WriteBulkString(writer, operation.Value);
            }
        }
    }

    private BitFieldOperations Add(CommandToken token, BitFieldType type, long offset, bool byWidth, long value)
    {
        if (type.Bits == 0)
        {
            throw new ArgumentException("Create the type with BitFieldType.Signed or BitFieldType.Unsigned.", nameof(type));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _operations.Add(new Operation(token, type, offset, byWidth, value));
        ArgumentCount += token == BitmapTokens.Get ? GetArguments : WriteArguments;
        return this;
    }

    private readonly record struct Operation(CommandToken Token, BitFieldType Type, long Offset, bool ByWidth, long Value);
}
