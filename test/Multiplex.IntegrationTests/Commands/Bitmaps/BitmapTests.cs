using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Bitmaps;

/// <summary>SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BitmapTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task SetBit_returns_the_old_bit_and_GetBit_reads_it()
    {
        var key = TestClients.Key("bits");
        Assert.That(await Client.SetBitAsync(key, 7, true), Is.False);
        Assert.That(await Client.SetBitAsync(key, 7, true), Is.True);
        Assert.That(await Client.GetBitAsync(key, 7), Is.True);
        Assert.That(await Client.GetBitAsync(key, 6), Is.False);
        Assert.That(await Client.GetBitAsync(key, 1000), Is.False);
        Assert.That((byte[]?)await Client.GetAsync(key), Is.EqualTo(new byte[] { 1 }));
        Assert.That(await Client.SetBitAsync(key, 7, false), Is.True);
        Assert.That(await Client.GetBitAsync(key, 7), Is.False);
    }

    [Test]
    public async Task BitCount_counts_set_bits_in_byte_and_bit_ranges()
    {
        var key = TestClients.Key("count");
        await Client.SetAsync(key, new byte[] { 0xFF, 0xF0, 0x01 });
        Assert.That(await Client.BitCountAsync(key), Is.EqualTo(13));
        Assert.That(await Client.BitCountAsync(key, 1, 1), Is.EqualTo(4));
        Assert.That(await Client.BitCountAsync(key, -1, -1), Is.EqualTo(1));
        Assert.That(await Client.BitCountAsync(key, 5, 9, BitUnit.Bit), Is.EqualTo(5));
        Assert.That(await Client.BitCountAsync(TestClients.Key("missing")), Is.Zero);
    }

    [Test]
    public async Task BitPos_finds_the_first_set_or_clear_bit()
    {
        var key = TestClients.Key("pos");
        await Client.SetAsync(key, new byte[] { 0x00, 0x0F, 0xFF });
        Assert.That(await Client.BitPosAsync(key, true), Is.EqualTo(12));
        Assert.That(await Client.BitPosAsync(key, false), Is.Zero);
        Assert.That(await Client.BitPosAsync(key, true, start: 2), Is.EqualTo(16));
        Assert.That(await Client.BitPosAsync(key, false, start: 2, end: 2), Is.EqualTo(-1));
        Assert.That(await Client.BitPosAsync(key, true, start: 13, end: 20, unit: BitUnit.Bit), Is.EqualTo(13));
        Assert.That(await Client.BitPosAsync(key, false, start: 2), Is.EqualTo(24), "a clear bit past the end without an end offset");
    }

    [Test]
    public async Task BitOp_combines_strings_and_stores_the_result()
    {
        var (a, b, dest) = (TestClients.Key("{op}a"), TestClients.Key("{op}b"), TestClients.Key("{op}dest"));
        await Client.SetAsync(a, new byte[] { 0b1100, 0xFF });
        await Client.SetAsync(b, new byte[] { 0b1010 });
        var cases = new (BitOperation Operation, RedisKey[] Sources, byte[] Expected)[]
        {
            (BitOperation.And, [a, b], [0b1000, 0x00]),
            (BitOperation.Or, [a, b], [0b1110, 0xFF]),
            (BitOperation.Xor, [a, b], [0b0110, 0xFF]),
            (BitOperation.Not, [b], [0b1111_0101]),
        };
        foreach (var (operation, sources, expected) in cases)
        {
            Assert.That(await Client.BitOpAsync(operation, dest, sources), Is.EqualTo(expected.Length), operation.ToString());
            Assert.That((byte[]?)await Client.GetAsync(dest), Is.EqualTo(expected), operation.ToString());
        }
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.SetBitAsync(key, -1, true));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.GetBitAsync(key, -1));
            Assert.Throws<ArgumentException>(() => Client.BitCountAsync(default(RedisKey)));
            Assert.Throws<ArgumentException>(() => Client.BitPosAsync(key, true, end: 3));
            Assert.Throws<ArgumentException>(() => Client.BitPosAsync(key, true, start: 3, unit: BitUnit.Bit));
            Assert.Throws<ArgumentException>(() => Client.BitOpAsync(BitOperation.And, key, []));
            Assert.Throws<ArgumentException>(() => Client.BitOpAsync(BitOperation.Not, key, [key, key]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.BitOpAsync((BitOperation)42, key, [key]));
        });
    }

    [Test]
    public async Task BitCount_of_a_list_is_a_wrongtype_error()
    {
        var key = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [key, "x"]);
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.BitCountAsync(key));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("BITCOUNT"));
    }
}
