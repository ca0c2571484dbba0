using Multiplex.Commands;
using Multiplex.Commands.Geo;
using Multiplex.Commands.SortedSets;
using Tokens = Multiplex.Commands.Geo.GeoTokens;

namespace Multiplex;

/// <summary>Geo commands (a geo set is a sorted set whose scores are geohashes).</summary>
public abstract partial class RedisCommands
{
    // The latitude limit of the Web Mercator projection Redis indexes with (EPSG:900913).
    private const double MaxGeoLatitude = 85.05112878;
    private const double MaxGeoLongitude = 180;

    /// <summary>GEOADD: adds <paramref name="entry"/>, or moves an existing member.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="entry">The member and its position.</param>
    /// <param name="when">Only add new members (<c>NX</c>) or only move existing ones (<c>XX</c>).</param>
    /// <param name="changed">Count moved members as well as added ones (<c>CH</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the member was added (with <paramref name="changed"/>: added or moved).</returns>
    public ValueTask<bool> GeoAddAsync(RedisKey key, GeoEntry entry, When when = When.Always, bool changed = false, CancellationToken cancellationToken = default) =>
        SendGeoAdd(key, new ReadOnlySpan<GeoEntry>(in entry), when, changed, ReplyParsers.Boolean, cancellationToken, nameof(entry));

    /// <summary>GEOADD: adds every entry of <paramref name="entries"/>, or moves existing members.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="entries">The members and positions (at least one).</param>
    /// <param name="when">Only add new members (<c>NX</c>) or only move existing ones (<c>XX</c>).</param>
    /// <param name="changed">Count moved members as well as added ones (<c>CH</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members were added (with <paramref name="changed"/>: added or moved).</returns>
    public ValueTask<long> GeoAddAsync(RedisKey key, IReadOnlyList<GeoEntry> entries, When when = When.Always, bool changed = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("GEOADD needs at least one entry.", nameof(entries));
        }

        return SendGeoAdd(key, entries is GeoEntry[] array ? array : [.. entries], when, changed, ReplyParsers.Int64, cancellationToken, nameof(entries));
    }

    private ValueTask<T> SendGeoAdd<T>(
        in RedisKey key, ReadOnlySpan<GeoEntry> entries, When when, bool changed, ReplyParser<T> parser, CancellationToken cancellationToken, string parameterName)
    {
        ThrowIfNull(key);
        foreach (var entry in entries)
        {
            ThrowIfInvalidGeoPosition(entry.Longitude, entry.Latitude, parameterName);
            if (entry.Member.IsNull)
            {
                throw new ArgumentException("A geo member cannot be null.", parameterName);
            }
        }

        var arguments = CommandArguments.Rent().Add(key);
        if (when != When.Always)
        {
            arguments.Add(when == When.NotExists ? Tokens.Nx : Tokens.Xx);
        }

        if (changed)
        {
            arguments.Add(Tokens.Ch);
        }

        foreach (var entry in entries)
        {
            arguments.Add(entry.Longitude).Add(entry.Latitude).Add(entry.Member);
        }

        return Send(Tokens.GeoAdd, arguments, parser, cancellationToken);
    }

    /// <summary>GEODIST: the distance between two members.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="member1">One member.</param>
    /// <param name="member2">The other member.</param>
    /// <param name="unit">The unit of the result.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The distance; null when either member (or the key) does not exist.</returns>
    public ValueTask<double?> GeoDistAsync(RedisKey key, RedisValue member1, RedisValue member2, GeoUnit unit = GeoUnit.Meters, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfEmptyList([member1, member2], Tokens.GeoDist, nameof(member1));
        var arguments = CommandArguments.Rent().Add(key).Add(member1).Add(member2).Add(Tokens.For(unit));
        return Send(Tokens.GeoDist, arguments, SortedSetParsers.NullableDouble, cancellationToken);
    }

    /// <summary>GEOPOS: the position of <paramref name="member"/>.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The position; null when the member or the key does not exist.</returns>
    public async ValueTask<GeoPosition?> GeoPosAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        (await GeoPosAsync(key, [member], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>GEOPOS: the positions of <paramref name="members"/>.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One position per member, in order; null for a member that does not exist.</returns>
    public ValueTask<GeoPosition?[]> GeoPosAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendZMembers(Tokens.GeoPos, key, members, GeoParsers.Positions, cancellationToken);

    /// <summary>GEOHASH: the 11-character geohash strings of <paramref name="members"/>.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One geohash per member, in order; null for a member that does not exist.</returns>
    public ValueTask<string?[]> GeoHashAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendZMembers(Tokens.GeoHash, key, members, GeoParsers.Hashes, cancellationToken);

    /// <summary>GEOSEARCH: the members inside <paramref name="shape"/> around <paramref name="center"/>.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="center">A member or a position.</param>
    /// <param name="shape">A radius or a box.</param>
    /// <param name="order">Sort by distance from the center.</param>
    /// <param name="count">At most this many matches (<c>COUNT</c>; positive); null for all.</param>
    /// <param name="any">Return as soon as <paramref name="count"/> matches are found, not the nearest ones (<c>ANY</c>; needs a count).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The matching members; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> GeoSearchAsync(RedisKey key, GeoSearchCenter center, GeoShape shape, GeoSortOrder order = GeoSortOrder.Unsorted, long? count = null, bool any = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var arguments = AddGeoSearch(CommandArguments.Rent().Add(key), center, shape, order, count, any);
        return Send(Tokens.GeoSearch, arguments, SortedSetParsers.Values, cancellationToken);
    }

    /// <summary>GEOSEARCH … WITHDIST/WITHHASH/WITHCOORD: the matches with the <paramref name="details"/> asked for.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="center">A member or a position.</param>
    /// <param name="shape">A radius or a box.</param>
    /// <param name="details">Which details to return; the others are null in the results.</param>
    /// <param name="order">Sort by distance from the center.</param>
    /// <param name="count">At most this many matches (<c>COUNT</c>; positive); null for all.</param>
    /// <param name="any">Return as soon as <paramref name="count"/> matches are found (<c>ANY</c>; needs a count).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The matches; empty when the key does not exist.</returns>
    public ValueTask<GeoSearchResult[]> GeoSearchWithDetailsAsync(RedisKey key, GeoSearchCenter center, GeoShape shape, GeoSearchDetails details = GeoSearchDetails.All, GeoSortOrder order = GeoSortOrder.Unsorted, long? count = null, bool any = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        if (details is < GeoSearchDetails.None or > GeoSearchDetails.All)
        {
            throw new ArgumentOutOfRangeException(nameof(details), details, "Unknown detail flags.");
        }

        var arguments = AddGeoSearch(CommandArguments.Rent().Add(key), center, shape, order, count, any);
        if (details.HasFlag(GeoSearchDetails.Position))
        {
            arguments.Add(Tokens.WithCoord);
        }

        if (details.HasFlag(GeoSearchDetails.Distance))
        {
            arguments.Add(Tokens.WithDist);
        }

        if (details.HasFlag(GeoSearchDetails.Hash))
        {
            arguments.Add(Tokens.WithHash);
        }

        return Send(Tokens.GeoSearch, arguments, GeoParsers.SearchResults[(int)details], cancellationToken);
    }

    /// <summary>GEOSEARCHSTORE: stores the GEOSEARCH matches of <paramref name="source"/> at <paramref name="destination"/>.</summary>
    /// <param name="destination">The key to (over)write.</param>
    /// <param name="source">The geo set to search.</param>
    /// <param name="center">A member or a position.</param>
    /// <param name="shape">A radius or a box.</param>
    /// <param name="order">Sort by distance (matters with a count).</param>
    /// <param name="count">At most this many matches (<c>COUNT</c>; positive); null for all.</param>
    /// <param name="any">Take the first <paramref name="count"/> matches found (<c>ANY</c>; needs a count).</param>
    /// <param name="storeDistances">Store each match's distance as its score instead of its geohash (<c>STOREDIST</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> GeoSearchStoreAsync(RedisKey destination, RedisKey source, GeoSearchCenter center, GeoShape shape, GeoSortOrder order = GeoSortOrder.Unsorted, long? count = null, bool any = false, bool storeDistances = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(destination);
        ThrowIfNull(source);
        var arguments = AddGeoSearch(CommandArguments.Rent().Add(destination).Add(source), center, shape, order, count, any);
        if (storeDistances)
        {
            arguments.Add(Tokens.StoreDist);
        }

        return Send(Tokens.GeoSearchStore, arguments, ReplyParsers.Int64, cancellationToken);
    }

    private static CommandArguments AddGeoSearch(CommandArguments arguments, GeoSearchCenter center, GeoShape shape, GeoSortOrder order, long? count, bool any)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(shape);
        if (count is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count must be positive (use null for all).");
        }

        if (any && count is null)
        {
            throw new ArgumentException("GEOSEARCH ANY needs a count.", nameof(any));
        }

        if (center.Position is { } position)
        {
            ThrowIfInvalidGeoPosition(position.Longitude, position.Latitude, nameof(center));
            arguments.Add(Tokens.FromLonLat).Add(position.Longitude).Add(position.Latitude);
        }
        else
        {
            arguments.Add(Tokens.FromMember).Add(center.Member);
        }

        arguments.Add(shape.IsBox ? Tokens.ByBox : Tokens.ByRadius).Add(shape.Width);
        if (shape.IsBox)
        {
            arguments.Add(shape.Height);
        }

        arguments.Add(Tokens.For(shape.Unit));
        if (order != GeoSortOrder.Unsorted)
        {
            arguments.Add(order == GeoSortOrder.Ascending ? Tokens.Asc : Tokens.Desc);
        }

        if (count is { } limit)
        {
            arguments.Add(Tokens.Count).Add(limit);
            if (any)
            {
                arguments.Add(Tokens.Any);
            }
        }

        return arguments;
    }

    private static void ThrowIfInvalidGeoPosition(double longitude, double latitude, string parameterName)
    {
        if (!(Math.Abs(longitude) <= MaxGeoLongitude) || !(Math.Abs(latitude) <= MaxGeoLatitude))
        {
            throw new ArgumentOutOfRangeException(parameterName, $"({longitude}, {latitude}) is outside the indexable area: longitude ±{MaxGeoLongitude}, latitude ±{MaxGeoLatitude}.");
        }
    }
}
