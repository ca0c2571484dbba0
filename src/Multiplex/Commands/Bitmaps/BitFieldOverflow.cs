namespace Multiplex;

/// <summary>How <c>BITFIELD</c> handles an overflowing <c>SET</c> or <c>INCRBY</c> (its <c>OVERFLOW</c> subcommand).</summary>
public enum BitFieldOverflow
{
    /// <summary>Wrap around (<c>WRAP</c>, the server's default).</summary>
    Wrap,

    /// <summary>Saturate at the type's minimum or maximum (<c>SAT</c>).</summary>
    Saturate,

    /// <summary>Do nothing and report null (<c>FAIL</c>).</summary>
    Fail,
}
