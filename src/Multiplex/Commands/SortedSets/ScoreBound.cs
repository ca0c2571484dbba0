using System.Globalization;

namespace Multiplex;

/// <summary>
/// One end of a score range: inclusive (<c>1.5</c>), exclusive (<c>(1.5</c>) or infinite
/// (<c>-inf</c>, <c>+inf</c>). A <see cref="double"/> converts to an inclusive bound.
/// </summary>
public readonly struct ScoreBound : IEquatable<ScoreBound>
{
    private ScoreBound(double value, bool isExclusive)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("A score bound cannot be NaN.", nameof(value));
        }

        Value = value;
        IsExclusive = isExclusive && !double.IsInfinity(value);
    }

    /// <summary>The lowest possible bound, <c>-inf</c>.</summary>
    public static ScoreBound NegativeInfinity => new(double.NegativeInfinity, false);

    /// <summary>The highest possible bound, <c>+inf</c>.</summary>
    public static ScoreBound PositiveInfinity => new(double.PositiveInfinity, false);

    /// <summary>The score (may be infinite).</summary>
    public double Value { get; }

    /// <summary>Whether a member with exactly this score is outside the range.</summary>
    public bool IsExclusive { get; }

    /// <summary>An inclusive bound at <paramref name="value"/>.</summary>
    /// <param name="value">The score.</param>
    public static implicit operator ScoreBound(double value) => new(value, false);

    /// <summary>Compares two bounds.</summary>
    /// <param name="left">The first bound.</param>
    /// <param name="right">The second bound.</param>
    public static bool operator ==(ScoreBound left, ScoreBound right) => left.Equals(right);

    /// <summary>Compares two bounds.</summary>
    /// <param name="left">The first bound.</param>
    /// <param name="right">The second bound.</param>
    public static bool operator !=(ScoreBound left, ScoreBound right) => !left.Equals(right);

    /// <summary>A bound that includes <paramref name="value"/>.</summary>
    /// <param name="value">The score.</param>
    /// <returns>The bound.</returns>
    public static ScoreBound Inclusive(double value) => new(value, false);

    /// <summary>A bound that excludes <paramref name="value"/> (<c>(value</c>).</summary>
    /// <param name="value">The score.</param>
    /// <returns>The bound.</returns>
    public static ScoreBound Exclusive(double value) => new(value, true);

    /// <summary>Whether the bounds are the same.</summary>
    /// <param name="other">The other bound.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(ScoreBound other) => Value.Equals(other.Value) && IsExclusive == other.IsExclusive;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ScoreBound other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Value, IsExclusive);

    /// <summary>The bound as Redis reads it: <c>1.5</c>, <c>(1.5</c>, <c>-inf</c> or <c>+inf</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value switch
    {
        double.NegativeInfinity => "-inf",
        double.PositiveInfinity => "+inf",
        _ => (IsExclusive ? "(" : string.Empty) + Value.ToString("R", CultureInfo.InvariantCulture),
    };
}
