namespace Multiplex;

/// <summary>A ZADD condition on the new score compared with the current one (<c>GT</c>/<c>LT</c>).</summary>
public enum ScoreComparison
{
    /// <summary>No condition.</summary>
    None,

    /// <summary>Update only when the new score is greater (<c>GT</c>); new members are still added.</summary>
    GreaterThan,

    /// <summary>Update only when the new score is less (<c>LT</c>); new members are still added.</summary>
    LessThan,
}
