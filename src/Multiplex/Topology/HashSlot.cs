namespace Multiplex.Topology;

/// <summary>
/// The cluster hash slot of a key: CRC16 (XMODEM) of the key, or of its hash tag (the part between the
/// first <c>{</c> and the next <c>}</c> when that part is not empty), modulo 16384
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
/// </summary>
internal static class HashSlot
{
    /// <summary>How many hash slots a cluster has.</summary>
    public const int Count = 16384;

    /// <summary>What <see cref="KeySpec.SlotOf"/> answers for a command without keys.</summary>
    public const int NoKeys = -1;

    /// <summary>What <see cref="KeySpec.SlotOf"/> answers for a command whose keys are in different slots.</summary>
    public const int CrossSlot = -2;

    // CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as the cluster specification requires.
    private const ushort Polynomial = 0x1021;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The slot of <paramref name="key"/>'s bytes.</summary>
    public static int Of(ReadOnlySpan<byte> key) => Crc16(HashedPart(key)) & (Count - 1);

    /// <summary>The part of a key that is hashed: its hash tag when it has a non-empty one, else all of it.</summary>
    public static ReadOnlySpan<byte> HashedPart(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open < 0)
        {
            return key;
        }

        var close = key[(open + 1)..].IndexOf((byte)'}');
        return close <= 0 ? key : key.Slice(open + 1, close);
    }

    /// <summary>CRC16 (XMODEM) of <paramref name="data"/>.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < table.Length; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ Polynomial) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
