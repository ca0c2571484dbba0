namespace Multiplex;

/// <summary>The options of VADD; every property left at its default is not sent.</summary>
public sealed record VAddOptions
{
    /// <summary>Reduce vectors to this many dimensions by random projection (<c>REDUCE</c>); null to keep them whole.</summary>
    public int? ReduceDimensions { get; init; }

    /// <summary>How vectors are stored; only takes effect when the set is created. Null for the server's default (Q8).</summary>
    public VectorQuantization? Quantization { get; init; }

    /// <summary>How many candidates are explored while linking the new element (<c>EF</c>); null for the server's default (200).</summary>
    public int? BuildExplorationFactor { get; init; }

    /// <summary>A JSON object stored as the element's attributes (<c>SETATTR</c>), usable in VSIM filters; null for none.</summary>
    public string? Attributes { get; init; }

    /// <summary>The most links per node in the graph (<c>M</c>); null for the server's default (16).</summary>
    public int? MaxLinks { get; init; }

    /// <summary>Do the expensive neighbour search in a background thread (<c>CAS</c>).</summary>
    public bool CheckAndSet { get; init; }
}
