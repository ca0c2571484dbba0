using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>SORT, SORT … STORE and SORT_RO.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SortTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Sort_orders_numbers_and_strings_with_limit_and_direction()
    {
        var numbers = TestClients.Key("numbers");
        await Client.ExecuteAsync("RPUSH", [numbers, "10", "2", "33", "1"]);
        Assert.That(Texts(await Client.SortAsync(numbers)), Is.EqualTo(new[] { "1", "2", "10", "33" }));
        Assert.That(Texts(await Client.SortAsync(numbers, new SortOptions { Descending = true })), Is.EqualTo(new[] { "33", "10", "2", "1" }));
        Assert.That(Texts(await Client.SortAsync(numbers, new SortOptions { Alpha = true })), Is.EqualTo(new[] { "1", "10", "2", "33" }));
        Assert.That(Texts(await Client.SortAsync(numbers, new SortOptions { Offset = 1, Count = 2 })), Is.EqualTo(new[] { "2", "10" }));
        Assert.That(Texts(await Client.SortAsync(numbers, new SortOptions { Count = 1, Descending = true })), Is.EqualTo(new[] { "33" }));
        Assert.That(await Client.SortAsync(TestClients.Key("missing")), Is.Empty);
    }

    [Test]
    public async Task Sort_by_and_get_use_other_keys()
    {
        var tag = "{" + Guid.NewGuid().ToString("N") + "}";
        var ids = tag + "ids";
        await Client.ExecuteAsync("SADD", [ids, "1", "2", "3"]);
        await Client.MSetAsync(
        [
            new(tag + "weight_1", "30"), new(tag + "weight_2", "10"), new(tag + "weight_3", "20"),
            new(tag + "name_1", "one"), new(tag + "name_2", "two"),
        ]);
        var byWeight = new SortOptions { By = tag + "weight_*" };
        Assert.That(Texts(await Client.SortAsync(ids, byWeight)), Is.EqualTo(new[] { "2", "3", "1" }));

        var values = await Client.SortAsync(ids, byWeight with { Get = ["#", tag + "name_*"] });
        Assert.That(values, Has.Length.EqualTo(6));
        Assert.That((string?)values[0], Is.EqualTo("2"));
        Assert.That((string?)values[1], Is.EqualTo("two"));
        Assert.That((string?)values[2], Is.EqualTo("3"));
        Assert.That(values[3].IsNull, Is.True, "name_3 does not exist");
        Assert.That((string?)values[5], Is.EqualTo("one"));

        var readOnly = await Client.SortRoAsync(ids, byWeight with { Descending = true, Get = [tag + "weight_*"] });
        Assert.That(Texts(readOnly), Is.EqualTo(new[] { "30", "20", "10" }));
    }

    [Test]
    public async Task Sort_and_store_writes_a_list()
    {
        var (source, destination) = (TestClients.Key("{s}src"), TestClients.Key("{s}dst"));
        await Client.ExecuteAsync("RPUSH", [source, "b", "c", "a"]);
        Assert.That(await Client.SortAndStoreAsync(source, destination, new SortOptions { Alpha = true, Descending = true }), Is.EqualTo(3));
        Assert.That(await Client.TypeAsync(destination), Is.EqualTo(RedisType.List));
        Assert.That(Texts(await Client.SortAsync(destination, new SortOptions { By = "nosort" })), Is.EqualTo(new[] { "c", "b", "a" }));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => Client.SortAsync(default));
            Assert.Throws<ArgumentException>(() => Client.SortAsync(key, new SortOptions { Offset = 2 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.SortAsync(key, new SortOptions { Offset = -1, Count = 2 }));
            Assert.Throws<ArgumentException>(() => Client.SortRoAsync(key, new SortOptions { Get = [null!] }));
            Assert.Throws<ArgumentException>(() => Client.SortAndStoreAsync(key, default));
        });
    }

    [Test]
    public async Task Sort_of_a_string_is_a_wrongtype_error()
    {
        var key = TestClients.Key("string");
        await Client.SetAsync(key, "v");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.SortAsync(key));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("SORT"));
    }

    private static string?[] Texts(RedisValue[] values) => values.Select(v => (string?)v).ToArray();
}
