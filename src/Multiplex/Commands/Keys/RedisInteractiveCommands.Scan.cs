using System.Globalization;
using System.Runtime.CompilerServices;
using Multiplex.Commands.Keys;
using Multiplex.Protocol;

namespace Multiplex;

/// <content>SCAN: walking the keyspace with a cursor.</content>
public abstract partial class RedisInteractiveCommands
{
    /// <summary>
    /// SCAN: every key of the database, fetched page by page with a cursor until the server reports the
    /// end. A key present throughout is returned at least once (possibly more); keys added or removed
    /// during the walk may or may not appear. Nothing is sent until the enumeration starts.
    /// </summary>
    /// <param name="pattern">Only keys matching this glob-style pattern (<c>MATCH</c>), text or bytes; null (the default) for all.</param>
    /// <param name="pageSize">A hint for how many keys the server examines per call (<c>COUNT</c>, positive); null for the server's default of 10.</param>
    /// <param name="type">Only keys of this type (<c>TYPE</c>); null for all. <see cref="RedisType.None"/> and <see cref="RedisType.Unknown"/> are not allowed.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>
    /// The keys, as the server returns them; empty when the database has none that match. Through a
    /// key-prefix view (<see cref="RedisClient.WithKeyPrefix"/>), only keys under its prefix, returned without it.
    /// </returns>
    public IAsyncEnumerable<RedisKey> ScanAsync(RedisValue pattern = default, int? pageSize = null, RedisType? type = null, CancellationToken cancellationToken = default)
    {
        if (pageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, nameof(pageSize));
        }

        var typeName = type is { } t ? RedisTypeNames.ToName(t, nameof(type)) : null;
        return ScanKeysAsync(pattern, pageSize, typeName, cancellationToken);
    }

    /// <summary>SCAN's walk with checked arguments: one cursor on one server; a cluster client walks each primary in turn.</summary>
    private protected virtual IAsyncEnumerable<RedisKey> ScanKeysAsync(RedisValue pattern, int? pageSize, string? typeName, CancellationToken cancellationToken) =>
        ScanPagesAsync(pattern, pageSize, typeName, cancellationToken);

    private protected async IAsyncEnumerable<RedisKey> ScanPagesAsync(RedisValue pattern, int? pageSize, string? typeName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ulong cursor = 0;
        do
        {
            var command = Rent(KeyTokens.Scan, KeyParsers.Scan);
            RespWriter.WriteArrayHeader(command, 2 + (pattern.IsNull ? 0 : 2) + (pageSize is null ? 0 : 2) + (typeName is null ? 0 : 2));
            KeyTokens.Scan.WriteName(command);
            RespWriter.WriteBulkString(command, cursor.ToString(CultureInfo.InvariantCulture));
            if (!pattern.IsNull)
            {
                RespWriter.WriteCommandToken(command, KeyTokens.Match);
                RespWriter.WriteBulkString(command, pattern);
            }

            if (pageSize is { } size)
            {
                RespWriter.WriteCommandToken(command, KeyTokens.Count);
                RespWriter.WriteBulkString(command, size);
            }

            if (typeName is not null)
            {
                RespWriter.WriteCommandToken(command, KeyTokens.TypeKeyword);
                RespWriter.WriteBulkString(command, typeName);
            }

            var page = await Send(command, cancellationToken).ConfigureAwait(false);
            foreach (var key in page.Keys)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return key;
            }

            cursor = page.Cursor;
        }
        while (cursor != 0);
    }
}
