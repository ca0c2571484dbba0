using Multiplex.Commands;
using Multiplex.Commands.Bitmaps;
using Multiplex.Protocol;

namespace Multiplex;

/// <content>Bitmap commands: bits and bit fields of string values.</content>
public abstract partial class RedisCommands
{
    /// <summary>SETBIT: sets or clears the bit at <paramref name="offset"/> of the string at <paramref name="key"/> (growing it as needed).</summary>
    /// <param name="key">The key.</param>
    /// <param name="offset">The bit offset (0 or more).</param>
    /// <param name="value">True to set the bit, false to clear it.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The bit's previous value.</returns>
    public ValueTask<bool> SetBitAsync(RedisKey key, long offset, bool value, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var command = Rent(BitmapTokens.SetBit, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, 4);
        BitmapTokens.SetBit.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, offset);
        RespWriter.WriteBulkString(command, value ? 1 : 0);
        return Send(command, cancellationToken);
    }

    /// <summary>GETBIT: the bit at <paramref name="offset"/> of the string at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="offset">The bit offset (0 or more).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The bit; false beyond the end of the string or when the key does not exist.</returns>
    public ValueTask<bool> GetBitAsync(RedisKey key, long offset, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var command = Rent(BitmapTokens.GetBit, ReplyParsers.Boolean);
        CommandEncoder.Write(command, BitmapTokens.GetBit, key, offset);
        return Send(command, cancellationToken);
    }

    /// <summary>BITCOUNT: how many bits are set in the whole string at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count; 0 when the key does not exist.</returns>
    public ValueTask<long> BitCountAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(BitmapTokens.BitCount, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>BITCOUNT with a range: how many bits are set between <paramref name="start"/> and <paramref name="end"/> (inclusive; negative counts from the end).</summary>
    /// <param name="key">The key.</param>
    /// <param name="start">The first byte (or bit) of the range.</param>
    /// <param name="end">The last byte (or bit) of the range.</param>
    /// <param name="unit">Whether the range counts bytes or bits (<c>BIT</c> needs Redis 7.0+).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count; 0 when the key does not exist.</returns>
    public ValueTask<long> BitCountAsync(RedisKey key, long start, long end, BitUnit unit = BitUnit.Byte, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var command = Rent(BitmapTokens.BitCount, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, unit == BitUnit.Bit ? 5 : 4);
        BitmapTokens.BitCount.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, start);
        RespWriter.WriteBulkString(command, end);
        if (unit == BitUnit.Bit)
        {
            RespWriter.WriteCommandToken(command, BitmapTokens.Bit);
        }

        return Send(command, cancellationToken);
    }

    /// <summary>BITPOS: the position of the first bit equal to <paramref name="bit"/>, optionally within a range.</summary>
    /// <param name="key">The key.</param>
    /// <param name="bit">The bit value to look for.</param>
    /// <param name="start">The first byte (or bit) to look at; null for the whole string.</param>
    /// <param name="end">The last byte (or bit) to look at (needs <paramref name="start"/>); null for the end of the string.</param>
    /// <param name="unit">Whether the range counts bytes or bits (needs <paramref name="end"/> when <see cref="BitUnit.Bit"/>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>
    /// The bit position from the start of the string; -1 when no such bit is found (looking for a clear
    /// bit without an end, the position just past the string is returned instead).
    /// </returns>
    public ValueTask<long> BitPosAsync(
        RedisKey key,
        bool bit,
        long? start = null,
        long? end = null,
        BitUnit unit = BitUnit.Byte,
        CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        if (end is not null && start is null)
        {
            throw new ArgumentException("BITPOS needs a start when an end is given.", nameof(end));
        }

        if (unit == BitUnit.Bit && end is null)
        {
            throw new ArgumentException("BITPOS needs a start and an end to count the range in bits.", nameof(unit));
        }

        var command = Rent(BitmapTokens.BitPos, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 3 + (start is null ? 0 : 1) + (end is null ? 0 : 1) + (unit == BitUnit.Bit ? 1 : 0));
        BitmapTokens.BitPos.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, bit ? 1 : 0);
        if (start is { } first)
        {
            RespWriter.WriteBulkString(command, first);
        }

        if (end is { } last)
        {
            RespWriter.WriteBulkString(command, last);
        }

        if (unit == BitUnit.Bit)
        {
            RespWriter.WriteCommandToken(command, BitmapTokens.Bit);
        }

        return Send(command, cancellationToken);
    }

    /// <summary>BITOP: combines the strings at <paramref name="sources"/> bit by bit and stores the result at <paramref name="destination"/>.</summary>
    /// <param name="operation">The operation (<see cref="BitOperation.Not"/> takes exactly one source).</param>
    /// <param name="destination">Where the result is stored (deleted when the result is empty).</param>
    /// <param name="sources">The source keys (at least one); missing keys count as zero bytes.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length in bytes of the stored string (that of the longest source).</returns>
    public ValueTask<long> BitOpAsync(BitOperation operation, RedisKey destination, IReadOnlyList<RedisKey> sources, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(destination);
        ThrowIfEmpty(sources, "BITOP", nameof(sources));
        var token = operation switch
        {
            BitOperation.And => BitmapTokens.And,
            BitOperation.Or => BitmapTokens.Or,
            BitOperation.Xor => BitmapTokens.Xor,
            BitOperation.Not => BitmapTokens.Not,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown bit operation."),
        };
        if (operation == BitOperation.Not && sources.Count != 1)
        {
            throw new ArgumentException("BITOP NOT takes exactly one source key.", nameof(sources));
        }

        var command = Rent(BitmapTokens.BitOp, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 3 + sources.Count);
        BitmapTokens.BitOp.WriteName(command);
        RespWriter.WriteCommandToken(command, token);
        RespWriter.WriteBulkString(command, destination);
        for (var i = 0; i < sources.Count; i++)
        {
            RespWriter.WriteBulkString(command, sources[i]);
        }

        return Send(command, cancellationToken);
    }

    /// <summary>BITFIELD: runs <paramref name="operations"/> on the bit fields of the string at <paramref name="key"/>, in order.</summary>
    /// <param name="key">The key.</param>
    /// <param name="operations">The subcommands (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>
    /// One entry per <c>GET</c>, <c>SET</c> and <c>INCRBY</c>, in order (<c>OVERFLOW</c> has none); an entry is
    /// null when the operation overflowed under <see cref="BitFieldOverflow.Fail"/>.
    /// </returns>
    public ValueTask<long?[]> BitFieldAsync(RedisKey key, BitFieldOperations operations, CancellationToken cancellationToken = default) =>
        SendBitField(BitmapTokens.BitField, key, operations, cancellationToken);

    /// <summary>BITFIELD_RO: the read-only form of BITFIELD, which replicas also serve; only <c>GET</c> subcommands.</summary>
    /// <param name="key">The key.</param>
    /// <param name="operations">The subcommands (at least one, all <c>GET</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per <c>GET</c>, in order.</returns>
    public ValueTask<long?[]> BitFieldRoAsync(RedisKey key, BitFieldOperations operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (!operations.IsReadOnly)
        {
            throw new ArgumentException("BITFIELD_RO takes only GET subcommands.", nameof(operations));
        }

        return SendBitField(BitmapTokens.BitFieldRo, key, operations, cancellationToken);
    }

    private ValueTask<long?[]> SendBitField(CommandSpec token, in RedisKey key, BitFieldOperations operations, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one subcommand.", nameof(operations));
        }

        var command = Rent(token, BitmapParsers.NullableInt64Array);
        RespWriter.WriteArrayHeader(command, 2 + operations.ArgumentCount);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        operations.Write(command);
        return Send(command, cancellationToken);
    }
}
