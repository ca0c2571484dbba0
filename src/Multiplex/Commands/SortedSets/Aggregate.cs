namespace Multiplex;

/// <summary>How ZINTER and ZUNION combine the scores of a member found in several sets (<c>AGGREGATE</c>).</summary>
public enum Aggregate
{
    /// <summary>Add the (weighted) scores; the server's default.</summary>
    Sum,

    /// <summary>Keep the lowest score.</summary>
    Min,

    /// <summary>Keep the highest score.</summary>
    Max,
}
