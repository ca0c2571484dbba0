namespace Multiplex;

/// <summary>The bitwise operation of <c>BITOP</c>.</summary>
public enum BitOperation
{
    /// <summary>Bitwise AND of every source (<c>AND</c>).</summary>
    And,

    /// <summary>Bitwise OR of every source (<c>OR</c>).</summary>
    Or,

    /// <summary>Bitwise XOR of every source (<c>XOR</c>).</summary>
    Xor,

    /// <summary>Bitwise inversion of a single source (<c>NOT</c>).</summary>
    Not,
}
