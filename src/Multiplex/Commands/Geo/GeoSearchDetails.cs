namespace Multiplex;

/// <summary>What GEOSEARCH returns besides each member's name.</summary>
[Flags]
public enum GeoSearchDetails
{
    /// <summary>Only the member.</summary>
    None = 0,

    /// <summary>The distance from the center, in the shape's unit (<c>WITHDIST</c>).</summary>
    Distance = 1,

    /// <summary>The raw 52-bit geohash score (<c>WITHHASH</c>).</summary>
    Hash = 2,

    /// <summary>The member's position (<c>WITHCOORD</c>).</summary>
    Position = 4,

    /// <summary>Distance, hash and position.</summary>
    All = Distance | Hash | Position,
}
