namespace Multiplex;

/// <summary>How a vector set stores its vectors (VADD's quantization option).</summary>
public enum VectorQuantization
{
    /// <summary>8-bit quantization (<c>Q8</c>), the server's default.</summary>
    Q8,

    /// <summary>Full 32-bit floats (<c>NOQUANT</c>).</summary>
    None,

    /// <summary>One bit per dimension (<c>BIN</c>): smallest and fastest, least precise.</summary>
    Binary,
}
