namespace Multiplex;

/// <summary>The optional parts of <c>SORT</c> and <c>SORT_RO</c>.</summary>
public sealed record SortOptions
{
    /// <summary>
    /// Sort by the values of other keys (<c>BY</c>): a pattern whose <c>*</c> is replaced by each element,
    /// optionally <c>-&gt;field</c> for a hash field; a pattern without <c>*</c> (such as <c>nosort</c>) skips
    /// sorting. Default null (sort by the elements themselves).
    /// </summary>
    public string? By { get; init; }

    /// <summary>How many sorted elements to skip (<c>LIMIT offset count</c>); needs <see cref="Count"/>. Default null.</summary>
    public long? Offset { get; init; }

    /// <summary>How many sorted elements to return (<c>LIMIT offset count</c>). Default null (all).</summary>
    public long? Count { get; init; }

    /// <summary>
    /// Return values looked up with these patterns instead of the elements (<c>GET</c>, in order, one value per
    /// pattern per element); <c>#</c> stands for the element itself. Default empty (return the elements).
    /// </summary>
    public IReadOnlyList<string> Get { get; init; } = [];

    /// <summary>Sort in descending order (<c>DESC</c>). Default false (ascending).</summary>
    public bool Descending { get; init; }

    /// <summary>Sort as strings, byte by byte (<c>ALPHA</c>), rather than as numbers. Default false.</summary>
    public bool Alpha { get; init; }
}
