namespace Multiplex;

/// <summary>A member of a geo set with its position, as GEOADD takes it.</summary>
/// <param name="Longitude">Degrees east, -180 to 180.</param>
/// <param name="Latitude">Degrees north, about -85.05 to 85.05.</param>
/// <param name="Member">The member.</param>
public readonly record struct GeoEntry(double Longitude, double Latitude, RedisValue Member);
