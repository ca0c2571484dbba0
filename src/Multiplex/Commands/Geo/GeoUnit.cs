namespace Multiplex;

/// <summary>The unit of a distance, radius or box size.</summary>
public enum GeoUnit
{
    /// <summary>Meters (<c>m</c>).</summary>
    Meters,

    /// <summary>Kilometers (<c>km</c>).</summary>
    Kilometers,

    /// <summary>Miles (<c>mi</c>).</summary>
    Miles,

    /// <summary>Feet (<c>ft</c>).</summary>
    Feet,
}
