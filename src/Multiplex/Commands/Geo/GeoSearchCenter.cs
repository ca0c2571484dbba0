namespace Multiplex;

/// <summary>Where a GEOSEARCH is centered: an existing member (<c>FROMMEMBER</c>) or a position (<c>FROMLONLAT</c>).</summary>
public sealed record GeoSearchCenter
{
    private GeoSearchCenter(RedisValue member, GeoPosition? position)
    {
        Member = member;
        Position = position;
    }

    /// <summary>The member at the center; null when centered on a position.</summary>
    public RedisValue Member { get; }

    /// <summary>The position at the center; null when centered on a member.</summary>
    public GeoPosition? Position { get; }

    /// <summary>Centers the search on a member of the set.</summary>
    /// <param name="member">The member (not null).</param>
    /// <returns>The center.</returns>
    public static GeoSearchCenter FromMember(RedisValue member) =>
        member.IsNull ? throw new ArgumentException("The center member cannot be null.", nameof(member)) : new(member, null);

    /// <summary>Centers the search on a position.</summary>
    /// <param name="longitude">Degrees east.</param>
    /// <param name="latitude">Degrees north.</param>
    /// <returns>The center.</returns>
    public static GeoSearchCenter FromPosition(double longitude, double latitude) => new(RedisValue.Null, new GeoPosition(longitude, latitude));
}
