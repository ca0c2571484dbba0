namespace Multiplex;

/// <summary>An end of a list: the head (<c>LEFT</c>) or the tail (<c>RIGHT</c>).</summary>
public enum ListSide
{
    /// <summary>The head of the list, index 0 (<c>LEFT</c>).</summary>
    Left,

    /// <summary>The tail of the list, index -1 (<c>RIGHT</c>).</summary>
    Right,
}
