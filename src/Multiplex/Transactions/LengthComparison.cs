namespace Multiplex;

/// <summary>How a length condition compares the length it reads with the one given (see <see cref="Condition"/>).</summary>
public enum LengthComparison
{
    /// <summary>The length read equals the one given.</summary>
    Equal,

    /// <summary>The length read is less than the one given.</summary>
    LessThan,

    /// <summary>The length read is greater than the one given.</summary>
    GreaterThan,
}
