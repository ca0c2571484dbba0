namespace Multiplex;

/// <summary>A condition on whether a key already exists (SET's NX and XX).</summary>
public enum When
{
    /// <summary>Set in any case.</summary>
    Always,

    /// <summary>Only when the key does not exist (<c>NX</c>).</summary>
    NotExists,

    /// <summary>Only when the key exists (<c>XX</c>).</summary>
    Exists,
}
