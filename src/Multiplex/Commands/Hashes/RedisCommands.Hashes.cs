using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Commands.Hashes;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Hash commands.</summary>
public abstract partial class RedisCommands
{
    /// <summary>HSET: sets one field of the hash at <paramref name="key"/>, creating the hash if needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the field is new; false when an existing field was overwritten.</returns>
    public ValueTask<bool> HSetAsync(RedisKey key, RedisValue field, RedisValue value, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HSet, key, ReplyParsers.Boolean, cancellationToken, field, value);

    /// <summary>HSET: sets several fields of the hash at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The fields and values (at least one; no null names or values).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the fields are new (overwritten fields are not counted).</returns>
    public ValueTask<long> HSetAsync(RedisKey key, IReadOnlyList<HashEntry> fields, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }

        foreach (var entry in fields)
        {
            ThrowIfNullValue(HashTokens.HSet, entry.Name, nameof(fields));
            ThrowIfNullValue(HashTokens.HSet, entry.Value, nameof(fields));
        }

        var command = Rent(HashTokens.HSet, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 2 + (2 * fields.Count));
        HashTokens.HSet.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        foreach (var entry in fields)
        {
            RespWriter.WriteBulkString(command, entry.Name);
            RespWriter.WriteBulkString(command, entry.Value);
        }

        return Send(command, cancellationToken);
    }

    /// <summary>HSETNX: sets a field only when the hash does not have it yet.</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the field was set; false when it already existed (its value is unchanged).</returns>
    public ValueTask<bool> HSetNxAsync(RedisKey key, RedisValue field, RedisValue value, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HSetNx, key, ReplyParsers.Boolean, cancellationToken, field, value);

    /// <summary>HGET: the value of one field.</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value; <see cref="RedisValue.Null"/> when the field or the key does not exist.</returns>
    public ValueTask<RedisValue> HGetAsync(RedisKey key, RedisValue field, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HGet, key, ReplyParsers.Value, cancellationToken, field);

    /// <summary>HMGET: the values of several fields.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per field, in order; <see cref="RedisValue.Null"/> for a missing field (all null when the key does not exist).</returns>
    public ValueTask<RedisValue[]> HMGetAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendKeyValues(HashTokens.HMGet, key, fields, CollectionParsers.Values, cancellationToken);

    /// <summary>
    /// HGETALL: every field and value of the hash. The result is an array of <see cref="HashEntry"/> (not a
    /// dictionary) so binary field names survive and the server's order is kept; call
    /// <c>ToDictionary(e =&gt; (string)e.Name!, e =&gt; e.Value)</c> for lookups.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The fields in server order; empty when the key does not exist.</returns>
    public ValueTask<HashEntry[]> HGetAllAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(HashTokens.HGetAll, key, CollectionParsers.HashEntries, cancellationToken);

    /// <summary>HDEL: removes one field.</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the field existed.</returns>
    public ValueTask<bool> HDelAsync(RedisKey key, RedisValue field, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HDel, key, ReplyParsers.Boolean, cancellationToken, field);

    /// <summary>HDEL: removes several fields; the hash is deleted when it becomes empty.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the fields existed.</returns>
    public ValueTask<long> HDelAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendKeyValues(HashTokens.HDel, key, fields, ReplyParsers.Int64, cancellationToken);

    /// <summary>HEXISTS: whether the hash has <paramref name="field"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the field exists; false when it or the key does not.</returns>
    public ValueTask<bool> HExistsAsync(RedisKey key, RedisValue field, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HExists, key, ReplyParsers.Boolean, cancellationToken, field);

    /// <summary>HINCRBY: adds <paramref name="increment"/> to the integer in a field (0 when missing).</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="increment">The amount to add (may be negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The field's new value.</returns>
    public ValueTask<long> HIncrByAsync(RedisKey key, RedisValue field, long increment, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HIncrBy, key, ReplyParsers.Int64, cancellationToken, field, increment);

    /// <summary>HINCRBYFLOAT: adds <paramref name="increment"/> to the number in a field (0 when missing).</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="increment">The amount to add (finite; may be negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The field's new value.</returns>
    public ValueTask<double> HIncrByFloatAsync(RedisKey key, RedisValue field, double increment, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(increment))
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "HINCRBYFLOAT needs a finite increment.");
        }

        return SendKeyArguments(HashTokens.HIncrByFloat, key, ReplyParsers.Double, cancellationToken, field, increment);
    }

    /// <summary>HKEYS: every field name of the hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The names; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> HKeysAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(HashTokens.HKeys, key, CollectionParsers.Values, cancellationToken);

    /// <summary>HVALS: every value of the hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The values; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> HValsAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(HashTokens.HVals, key, CollectionParsers.Values, cancellationToken);

    /// <summary>HLEN: how many fields the hash has.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count; 0 when the key does not exist.</returns>
    public ValueTask<long> HLenAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(HashTokens.HLen, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>HSTRLEN: the length in bytes of a field's value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="field">The field name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length; 0 when the field or the key does not exist.</returns>
    public ValueTask<long> HStrLenAsync(RedisKey key, RedisValue field, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HStrLen, key, ReplyParsers.Int64, cancellationToken, field);

    /// <summary>HRANDFIELD: one random field name.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The name; <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> HRandFieldAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(HashTokens.HRandField, key, ReplyParsers.Value, cancellationToken);

    /// <summary>HRANDFIELD with a count: random field names.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">Positive: up to that many distinct fields. Negative: exactly |count| fields, possibly repeated.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The names; empty when the key does not exist or <paramref name="count"/> is 0.</returns>
    public ValueTask<RedisValue[]> HRandFieldAsync(RedisKey key, long count, CancellationToken cancellationToken = default) =>
        SendKeyArguments(HashTokens.HRandField, key, CollectionParsers.Values, cancellationToken, count);

    /// <summary>HRANDFIELD … WITHVALUES: random fields with their values.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">Positive: up to that many distinct fields. Negative: exactly |count| fields, possibly repeated.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The fields; empty when the key does not exist or <paramref name="count"/> is 0.</returns>
    public ValueTask<HashEntry[]> HRandFieldWithValuesAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var command = Rent(HashTokens.HRandField, CollectionParsers.HashEntries);
        RespWriter.WriteArrayHeader(command, 4);
        HashTokens.HRandField.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, count);
        RespWriter.WriteCommandToken(command, HashTokens.WithValues);
        return Send(command, cancellationToken);
    }
}
