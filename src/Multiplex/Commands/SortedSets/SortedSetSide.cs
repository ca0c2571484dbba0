namespace Multiplex;

/// <summary>Which end of a sorted set ZMPOP takes members from.</summary>
public enum SortedSetSide
{
    /// <summary>The lowest scores (<c>MIN</c>).</summary>
    Min,

    /// <summary>The highest scores (<c>MAX</c>).</summary>
    Max,
}
