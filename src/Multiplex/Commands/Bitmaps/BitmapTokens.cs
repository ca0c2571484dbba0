using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Bitmaps;

/// <summary>Pre-encoded names and keywords of the bitmap commands.</summary>
internal static class BitmapTokens
{
    public static readonly CommandSpec SetBit = CommandSpec.Write("SETBIT", KeySpec.First);
    public static readonly CommandSpec GetBit = CommandSpec.Read("GETBIT", KeySpec.First);
    public static readonly CommandSpec BitCount = CommandSpec.Read("BITCOUNT", KeySpec.First);
    public static readonly CommandSpec BitPos = CommandSpec.Read("BITPOS", KeySpec.First);
    public static readonly CommandSpec BitOp = CommandSpec.Write("BITOP", KeySpec.At(2).And(KeySpec.Range(3, -1)));
    public static readonly CommandSpec BitField = CommandSpec.Write("BITFIELD", KeySpec.First);
    public static readonly CommandSpec BitFieldRo = CommandSpec.Read("BITFIELD_RO", KeySpec.First);

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
