namespace Multiplex;

/// <summary>One GEOSEARCH match with the details asked for.</summary>
/// <param name="Member">The member.</param>
/// <param name="Distance">The distance from the center in the search's unit; null unless asked for.</param>
/// <param name="Hash">The geohash score; null unless asked for.</param>
/// <param name="Position">The member's position; null unless asked for.</param>
public sealed record GeoSearchResult(RedisValue Member, double? Distance, long? Hash, GeoPosition? Position);
