using Multiplex.Protocol;

namespace Multiplex.Commands.Bitmaps;

/// <summary>Pre-encoded names and keywords of the bitmap commands.</summary>
internal static class BitmapTokens
{
    public static readonly CommandToken SetBit = CommandToken.Get("SETBIT");
    public static readonly CommandToken GetBit = CommandToken.Get("GETBIT");
    public static readonly CommandToken BitCount = CommandToken.Get("BITCOUNT");
    public static readonly CommandToken BitPos = CommandToken.Get("BITPOS");
    public static readonly CommandToken BitOp = CommandToken.Get("BITOP");
    public static readonly CommandToken BitField = CommandToken.Get("BITFIELD");
    public static readonly CommandToken BitFieldRo = CommandToken.Get("BITFIELD_RO");

    // Keywords
    public static readonly CommandToken Byte = CommandToken.Get("BYTE");
    public static readonly CommandToken Bit = CommandToken.Get("BIT");
    public static readonly CommandToken And = CommandToken.Get("AND");
    public static readonly CommandToken Or = CommandToken.Get("OR");
    public static readonly CommandToken Xor = CommandToken.Get("XOR");
    public static readonly CommandToken Not = CommandToken.Get("NOT");
    public static readonly CommandToken Get = CommandToken.Get("GET");
    public static readonly CommandToken Set = CommandToken.Get("SET");
    public static readonly CommandToken IncrBy = CommandToken.Get("INCRBY");
    public static readonly CommandToken Overflow = CommandToken.Get("OVERFLOW");
    public static readonly CommandToken Wrap = CommandToken.Get("WRAP");
    public static readonly CommandToken Sat = CommandToken.Get("SAT");
    public static readonly CommandToken Fail = CommandToken.Get("FAIL");
}
