namespace Multiplex;

/// <summary>The area a GEOSEARCH covers: a circle (<c>BYRADIUS</c>) or an axis-aligned box (<c>BYBOX</c>).</summary>
public sealed record GeoShape
{
    private GeoShape(double width, double height, bool isBox, GeoUnit unit)
    {
        Width = width;
        Height = height;
        IsBox = isBox;
        Unit = unit;
    }

    /// <summary>The radius of a circle, or the width of a box.</summary>
    public double Width { get; }

    /// <summary>The height of a box; equals <see cref="Width"/> for a circle.</summary>
    public double Height { get; }

    /// <summary>Whether the shape is a box.</summary>
    public bool IsBox { get; }

    /// <summary>The unit of the sizes, and of the distances returned.</summary>
    public GeoUnit Unit { get; }

    /// <summary>A circle of <paramref name="radius"/> around the center.</summary>
    /// <param name="radius">The radius (not negative).</param>
    /// <param name="unit">Its unit.</param>
    /// <returns>The shape.</returns>
    public static GeoShape Radius(double radius, GeoUnit unit = GeoUnit.Meters)
    {
        ThrowIfInvalid(radius, nameof(radius));
        return new(radius, radius, false, unit);
    }

    /// <summary>A box of <paramref name="width"/> by <paramref name="height"/> centered on the center.</summary>
    /// <param name="width">East-west size (not negative).</param>
    /// <param name="height">North-south size (not negative).</param>
    /// <param name="unit">Their unit.</param>
    /// <returns>The shape.</returns>
    public static GeoShape Box(double width, double height, GeoUnit unit = GeoUnit.Meters)
    {
        ThrowIfInvalid(width, nameof(width));
        ThrowIfInvalid(height, nameof(height));
        return new(width, height, true, unit);
    }

    private static void ThrowIfInvalid(double size, string parameterName)
    {
        if (!double.IsFinite(size) || size < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, size, "A size must be a finite, non-negative number.");
        }
    }
}
