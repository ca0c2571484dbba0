namespace Multiplex;

/// <summary>How GEOSEARCH orders its matches by distance from the center.</summary>
public enum GeoSortOrder
{
    /// <summary>The server's order (unsorted).</summary>
    Unsorted,

    /// <summary>Nearest first (<c>ASC</c>).</summary>
    Ascending,

    /// <summary>Farthest first (<c>DESC</c>).</summary>
    Descending,
}
