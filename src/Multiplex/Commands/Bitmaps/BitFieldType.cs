using System.Globalization;

namespace Multiplex;

/// <summary>
/// The integer type of a <c>BITFIELD</c> field: signed of 1 to 64 bits (<c>i8</c>) or unsigned of 1 to
/// 63 bits (<c>u8</c>), the widths Redis accepts.
/// </summary>
public readonly record struct BitFieldType
{
    // Redis replies with signed 64-bit integers, so an unsigned field can be at most 63 bits wide.
    private const int MaxSignedBits = 64;
    private const int MaxUnsignedBits = 63;

    private BitFieldType(bool isSigned, int bits) => (IsSigned, Bits) = (isSigned, bits);

    /// <summary>Whether the field is signed.</summary>
    public bool IsSigned { get; }

    /// <summary>The field's width in bits.</summary>
    public int Bits { get; }

    /// <summary>A signed field of <paramref name="bits"/> bits (1 to 64).</summary>
    /// <param name="bits">The width.</param>
    /// <returns>The type.</returns>
    public static BitFieldType Signed(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxSignedBits);
        return new BitFieldType(isSigned: true, bits);
    }

    /// <summary>An unsigned field of <paramref name="bits"/> bits (1 to 63).</summary>
    /// <param name="bits">The width.</param>
    /// <returns>The type.</returns>
    public static BitFieldType Unsigned(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxUnsignedBits);
        return new BitFieldType(isSigned: false, bits);
    }

    /// <summary>The type as Redis spells it, for example <c>i8</c> or <c>u16</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Bits == 0 ? string.Empty : (IsSigned ? "i" : "u") + Bits.ToString(CultureInfo.InvariantCulture);
}
