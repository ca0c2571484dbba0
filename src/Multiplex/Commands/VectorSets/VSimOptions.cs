namespace Multiplex;

/// <summary>The options of VSIM; every property left at its default is not sent.</summary>
public sealed record VSimOptions
{
    /// <summary>How many results at most (<c>COUNT</c>); null for the server's default (10).</summary>
    public int? Count { get; init; }

    /// <summary>Only results whose distance is below this, between 0 and 1 (<c>EPSILON</c>); null for no bound.</summary>
    public double? Epsilon { get; init; }

    /// <summary>How many candidates the search explores (<c>EF</c>); null for the server's default.</summary>
    public int? SearchExplorationFactor { get; init; }

    /// <summary>A filter expression over the elements' JSON attributes (<c>FILTER</c>), for example <c>.year &gt; 1950</c>.</summary>
    public string? Filter { get; init; }

    /// <summary>How many candidates a filtered search may inspect (<c>FILTER-EF</c>); null for the server's default.</summary>
    public int? FilterEffort { get; init; }

    /// <summary>Scan every element for exact results instead of the graph search (<c>TRUTH</c>).</summary>
    public bool Exact { get; init; }

    /// <summary>Run the search on the main thread (<c>NOTHREAD</c>).</summary>
    public bool NoThread { get; init; }

    /// <summary>Return each result's JSON attributes too (<c>WITHATTRIBS</c>, Redis 8.2+).</summary>
    public bool WithAttributes { get; init; }
}
