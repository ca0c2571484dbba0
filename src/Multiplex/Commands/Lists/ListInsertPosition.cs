namespace Multiplex;

/// <summary>Where LINSERT puts the new element relative to the pivot.</summary>
public enum ListInsertPosition
{
    /// <summary>Just before the pivot (<c>BEFORE</c>).</summary>
    Before,

    /// <summary>Just after the pivot (<c>AFTER</c>).</summary>
    After,
}
