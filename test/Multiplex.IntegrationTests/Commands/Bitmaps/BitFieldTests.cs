using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Bitmaps;

/// <summary>BITFIELD and BITFIELD_RO through the typed operation builder.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BitFieldTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task BitField_sets_increments_and_gets_fields_in_order()
    {
        var key = TestClients.Key("bf");
        var operations = new BitFieldOperations()
            .Set(BitFieldType.Unsigned(8), 0, 200)
            .IncrBy(BitFieldType.Unsigned(8), 0, 10)
            .Get(BitFieldType.Unsigned(8), 0)
            .Set(BitFieldType.Signed(16), 1, -300, byWidth: true)
            .Get(BitFieldType.Signed(16), 16);
        Assert.That(await Client.BitFieldAsync(key, operations), Is.EqualTo(new long?[] { 0, 210, 210, 0, -300 }));
        Assert.That(await Client.StrLenAsync(key), Is.EqualTo(4), "the i16 at #1 covers bits 16 to 31");
    }

    [Test]
    public async Task BitField_overflow_modes_wrap_saturate_or_fail()
    {
        var key = TestClients.Key("overflow");
        var u4 = BitFieldType.Unsigned(4);
        var operations = new BitFieldOperations()
            .Set(u4, 0, 14).Set(u4, 4, 14).Set(u4, 8, 14)
            .Overflow(BitFieldOverflow.Wrap).IncrBy(u4, 0, 3)
            .Overflow(BitFieldOverflow.Saturate).IncrBy(u4, 4, 3)
            .Overflow(BitFieldOverflow.Fail).IncrBy(u4, 8, 3)
            .Get(u4, 8);
        Assert.That(operations.Count, Is.EqualTo(10));
        Assert.That(operations.IsReadOnly, Is.False);
        Assert.That(await Client.BitFieldAsync(key, operations), Is.EqualTo(new long?[] { 0, 0, 0, 1, 15, null, 14 }));
    }

    [Test]
    public async Task BitField_ro_reads_fields()
    {
        var key = TestClients.Key("ro");
        await Client.SetAsync(key, new byte[] { 0xFF, 0x01 });
        var reads = new BitFieldOperations().Get(BitFieldType.Unsigned(8), 0).Get(BitFieldType.Signed(8), 0).Get(BitFieldType.Unsigned(4), 12);
        Assert.That(reads.IsReadOnly, Is.True);
        Assert.That(await Client.BitFieldRoAsync(key, reads), Is.EqualTo(new long?[] { 255, -1, 1 }));
        Assert.That(await Client.BitFieldRoAsync(TestClients.Key("missing"), reads), Is.EqualTo(new long?[] { 0, 0, 0 }));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => BitFieldType.Signed(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => BitFieldType.Signed(65));
            Assert.Throws<ArgumentOutOfRangeException>(() => BitFieldType.Unsigned(64));
            Assert.Throws<ArgumentException>(() => new BitFieldOperations().Get(default, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new BitFieldOperations().Get(BitFieldType.Unsigned(8), -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new BitFieldOperations().Overflow((BitFieldOverflow)9));
            Assert.Throws<ArgumentException>(() => Client.BitFieldAsync(key, new BitFieldOperations()));
            Assert.Throws<ArgumentNullException>(() => Client.BitFieldAsync(key, null!));
            Assert.Throws<ArgumentException>(() => Client.BitFieldRoAsync(key, new BitFieldOperations().Set(BitFieldType.Unsigned(8), 0, 1)));
        });
        Assert.That(BitFieldType.Signed(16).ToString(), Is.EqualTo("i16"));
        Assert.That(BitFieldType.Unsigned(63).ToString(), Is.EqualTo("u63"));
    }

    [Test]
    public async Task BitField_on_a_list_is_a_wrongtype_error()
    {
        var key = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [key, "x"]);
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.BitFieldAsync(key, new BitFieldOperations().Get(BitFieldType.Unsigned(8), 0)));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("BITFIELD"));
    }
}
