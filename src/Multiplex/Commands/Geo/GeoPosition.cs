namespace Multiplex;

/// <summary>A point on the earth as Redis stores it (about 0.6 m of precision).</summary>
/// <param name="Longitude">Degrees east, -180 to 180.</param>
/// <param name="Latitude">Degrees north, about -85.05 to 85.05 (the Web Mercator limit).</param>
public readonly record struct GeoPosition(double Longitude, double Latitude);
