namespace Multiplex;

/// <summary>What the start and end of a <c>BITCOUNT</c> or <c>BITPOS</c> range count (Redis 7.0+).</summary>
public enum BitUnit
{
    /// <summary>Offsets are bytes (<c>BYTE</c>, the server's default).</summary>
    Byte,

    /// <summary>Offsets are bits (<c>BIT</c>).</summary>
    Bit,
}
