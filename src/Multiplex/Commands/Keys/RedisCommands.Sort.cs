using Multiplex.Commands;
using Multiplex.Commands.Keys;
using Multiplex.Commands.Strings;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex;

/// <content>SORT and SORT_RO: sorting the elements of a list, set or sorted set.</content>
public abstract partial class RedisCommands
{
    private static readonly SortOptions DefaultSortOptions = new();

    /// <summary>SORT: the elements of the list, set or sorted set at <paramref name="key"/>, sorted.</summary>
    /// <param name="key">The key.</param>
    /// <param name="options">BY, LIMIT, GET, DESC and ALPHA; null to sort the elements numerically, ascending.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>
    /// The sorted elements, or with <see cref="SortOptions.Get"/> one value per pattern per element
    /// (<see cref="RedisValue.Null"/> where a looked-up key is missing); empty when the key does not exist.
    /// </returns>
    public ValueTask<RedisValue[]> SortAsync(RedisKey key, SortOptions? options = null, CancellationToken cancellationToken = default)
    {
        var command = RentSort(KeyTokens.Sort, key, options, destination: default, StringParsers.ValueArray);
        return Send(command, cancellationToken);
    }

    /// <summary>SORT with <c>STORE</c>: sorts the elements at <paramref name="key"/> and stores them as a list at <paramref name="destination"/>.</summary>
    /// <param name="key">The key to sort.</param>
    /// <param name="destination">Where the sorted list is stored (replaced; deleted when the result is empty).</param>
    /// <param name="options">BY, LIMIT, GET, DESC and ALPHA; null for the defaults.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many elements the stored list has.</returns>
    public ValueTask<long> SortAndStoreAsync(RedisKey key, RedisKey destination, SortOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(destination);
        var command = RentSort(KeyTokens.Sort, key, options, destination, ReplyParsers.Int64);
        return Send(command, cancellationToken);
    }

    /// <summary>SORT_RO: the read-only form of SORT, which replicas also serve (Redis 7.0+).</summary>
    /// <param name="key">The key.</param>
    /// <param name="options">BY, LIMIT, GET, DESC and ALPHA; null for the defaults.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The sorted elements or looked-up values, as for <see cref="SortAsync"/>.</returns>
    public ValueTask<RedisValue[]> SortRoAsync(RedisKey key, SortOptions? options = null, CancellationToken cancellationToken = default)
    {
        var command = RentSort(KeyTokens.SortRo, key, options, destination: default, StringParsers.ValueArray);
        return Send(command, cancellationToken);
    }

    private PendingCommand<T> RentSort<T>(CommandSpec token, in RedisKey key, SortOptions? options, in RedisKey destination, ReplyParser<T> parser)
    {
        ThrowIfNull(key);
        options ??= DefaultSortOptions;
        ValidateSortOptions(options);
        var hasLimit = options.Count is not null;
        var count = 2
            + (options.By is null ? 0 : 2)
            + (hasLimit ? 3 : 0)
            + (2 * options.Get.Count)
            + (options.Descending ? 1 : 0)
            + (options.Alpha ? 1 : 0)
            + (destination.IsNull ? 0 : 2);
        var command = Rent(token, parser);
        RespWriter.WriteArrayHeader(command, count);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        if (options.By is { } by)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.By);
            RespWriter.WriteBulkString(command, by);
        }

        if (hasLimit)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Limit);
            RespWriter.WriteBulkString(command, options.Offset ?? 0);
            RespWriter.WriteBulkString(command, options.Count!.Value);
        }

        foreach (var pattern in options.Get)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Get);
            RespWriter.WriteBulkString(command, pattern);
        }

        if (options.Descending)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Desc);
        }

        if (options.Alpha)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Alpha);
        }

        if (!destination.IsNull)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Store);
            RespWriter.WriteBulkString(command, destination);
        }

        return command;
    }

    private static void ValidateSortOptions(SortOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Get, nameof(options));
        if (options.Offset is not null && options.Count is null)
        {
            throw new ArgumentException("SORT's LIMIT needs a count when an offset is given.", nameof(options));
        }

        if (options.Offset is < 0 || options.Count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SORT's LIMIT offset and count cannot be negative.");
        }

        foreach (var pattern in options.Get)
        {
            if (pattern is null)
            {
                throw new ArgumentException("A SORT GET pattern is null.", nameof(options));
            }
        }
    }
}
