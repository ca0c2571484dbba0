using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.VectorSets;

/// <summary>Vector sets need Redis 8.0; they run against garnet-server's vector-set preview, over RESP3 and RESP2.</summary>
[TestFixture(RedisProtocol.Resp3)]
[TestFixture(RedisProtocol.Resp2)]
public sealed class VectorSetTests(RedisProtocol protocol)
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(ServerKind.Garnet, o => o with { Protocol = protocol });

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public void The_negotiated_protocol_is_the_one_asked_for() => Assert.That(_client.Protocol, Is.EqualTo(protocol));

    [Test]
    public async Task Vadd_adds_new_elements_and_updates_existing_ones()
    {
        var key = TestClients.Key("v");

        Assert.That(await _client.VAddAsync(key, new float[] { 1, 0, 0 }, "a"), Is.True);
        Assert.That(await _client.VAddAsync(key, new float[] { 0, 1, 0 }, "b"), Is.True);
        Assert.That(await _client.VAddAsync(key, new float[] { 0.9f, 0.1f, 0 }, "a"), Is.False);
        Assert.That(await _client.VCardAsync(key), Is.EqualTo(2));
        Assert.That(await _client.VDimAsync(key), Is.EqualTo(3));
        Assert.That(await _client.VCardAsync(TestClients.Key("missing")), Is.Zero);
    }

    [Test]
    public async Task Vadd_options_set_attributes_and_quantization()
    {
        var key = TestClients.Key("v");

        await _client.VAddAsync(key, new float[] { 0.5f, 0.25f }, "a", new VAddOptions
        {
            Quantization = VectorQuantization.None,
            Attributes = """{"year":1999}""",
            BuildExplorationFactor = 100,
            MaxLinks = 8,
        });

        Assert.That(await _client.VGetAttrAsync(key, "a"), Does.Contain("1999"));
        var info = await _client.VInfoAsync(key);
        Assert.That(info, Is.Not.Null);
        Assert.That((string?)info!["quant-type"], Is.EqualTo("f32").Or.EqualTo("noquant").Or.EqualTo("float32"));
        Assert.That(await _client.VEmbAsync(key, "a"), Is.EqualTo(new[] { 0.5f, 0.25f }));
    }

    [Test]
    public async Task Vsim_returns_the_nearest_elements_first_with_scores()
    {
        var key = await NewSetAsync();

        var byVector = await _client.VSimAsync(key, new float[] { 1, 0, 0 }, new VSimOptions { Count = 2 });
        var byElement = await _client.VSimAsync(key, "b", new VSimOptions { Count = 3, SearchExplorationFactor = 50 });

        Assert.That(byVector.Select(m => (string?)m.Element), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(byVector[0].Score, Is.Not.EqualTo(byVector[1].Score));
        Assert.That(byVector.Select(m => m.Attributes), Is.All.Null);
        Assert.That((string?)byElement[0].Element, Is.EqualTo("b"));
        Assert.That(byElement, Has.Length.EqualTo(3));
        Assert.That(await _client.VSimAsync(TestClients.Key("missing"), new float[] { 1, 0, 0 }), Is.Empty);
    }

    [Test]
    public async Task Vsim_with_attributes_returns_each_elements_json()
    {
        var key = await NewSetAsync();

        var matches = await _client.VSimAsync(key, "a", new VSimOptions { Count = 3, WithAttributes = true });

        var a = matches.Single(m => (string?)m.Element == "a");
        Assert.That(a.Attributes, Does.Contain("red"));
        Assert.That(matches.Single(m => (string?)m.Element == "c").Attributes, Is.Null.Or.Empty);
    }

    [Test]
    public async Task Vsim_filter_keeps_only_matching_elements()
    {
        var key = await NewSetAsync();
        try
        {
            var matches = await _client.VSimAsync(key, new float[] { 1, 0, 0 }, new VSimOptions { Filter = ".color == \"blue\"", FilterEffort = 100 });
            Assert.That(matches.Select(m => (string?)m.Element), Is.EqualTo(new[] { "b" }));
        }
        catch (RedisServerException exception)
        {
            Assert.Ignore($"garnet 2.2.8 does not support VSIM FILTER: {exception.ServerMessage}");
        }
    }

    [Test]
    public async Task Vemb_returns_the_vector_and_null_for_a_missing_element()
    {
        var key = await NewSetAsync();

        var vector = await _client.VEmbAsync(key, "a");

        Assert.That(vector, Has.Length.EqualTo(3));
        Assert.That(vector![0], Is.EqualTo(1f).Within(0.05f));
        Assert.That(vector[1], Is.EqualTo(0f).Within(0.05f));
        Assert.That(await _client.VEmbAsync(key, "missing"), Is.Null.Or.Empty);
    }

    [Test]
    public async Task Vrem_removes_an_element_once()
    {
        var key = await NewSetAsync();

        Assert.That(await _client.VRemAsync(key, "a"), Is.True);
        Assert.That(await _client.VRemAsync(key, "a"), Is.False);
        Assert.That(await _client.VIsMemberAsync(key, "a"), Is.False);
        Assert.That(await _client.VCardAsync(key), Is.EqualTo(2));
    }

    [Test]
    public async Task Vsetattr_and_vgetattr_round_trip_and_an_empty_string_removes()
    {
        var key = await NewSetAsync();

        Assert.That(await _client.VSetAttrAsync(key, "c", """{"size":3}"""), Is.True);
        Assert.That(await _client.VGetAttrAsync(key, "c"), Does.Contain("size").And.Contain("3"));
        Assert.That(await _client.VSetAttrAsync(key, "missing", """{"size":3}"""), Is.False);
        await _client.VSetAttrAsync(key, "c", string.Empty);
        Assert.That(await _client.VGetAttrAsync(key, "c"), Is.Null.Or.Empty);
        Assert.That(await _client.VGetAttrAsync(key, "missing"), Is.Null);
    }

    [Test]
    public async Task Vinfo_describes_the_set_and_is_null_for_a_missing_key()
    {
        var key = await NewSetAsync();

        var info = await _client.VInfoAsync(key);

        Assert.That(info, Is.Not.Null);
        Assert.That((long)info!["size"], Is.EqualTo(3));
        Assert.That(info.Keys, Does.Contain("quant-type"));
        Assert.That(await _client.VInfoAsync(TestClients.Key("missing")), Is.Null.Or.Empty);
    }

    [Test]
    public async Task Vlinks_lists_neighbours_per_level_with_scores()
    {
        var key = await NewSetAsync();

        var levels = await _client.VLinksAsync(key, "a");

        Assert.That(levels, Is.Not.Null.And.Not.Empty);
        var neighbours = levels![0].Select(m => (string?)m.Element).ToArray();
        Assert.That(neighbours, Is.SubsetOf(new[] { "b", "c" }).And.Not.Empty);
        Assert.That(levels[0].Select(m => m.Score), Is.All.Not.NaN);
        Assert.That(await _client.VLinksAsync(key, "missing"), Is.Null.Or.Empty);
    }

    [Test]
    public async Task Vrandmember_returns_members()
    {
        var key = await NewSetAsync();

        var one = await _client.VRandMemberAsync(key);
        var distinct = await _client.VRandMemberAsync(key, 5);
        var repeated = await _client.VRandMemberAsync(key, -5);

        Assert.That((string?)one, Is.AnyOf("a", "b", "c"));
        Assert.That(distinct.Select(v => (string?)v), Is.EquivalentTo(new[] { "a", "b", "c" }));
        Assert.That(repeated, Has.Length.EqualTo(5));
        Assert.That((await _client.VRandMemberAsync(TestClients.Key("missing"))).IsNull, Is.True);
        Assert.That(await _client.VRandMemberAsync(TestClients.Key("missing"), 3), Is.Empty);
    }

    [Test]
    public async Task Vismember_reports_membership()
    {
        var key = await NewSetAsync();

        Assert.That(await _client.VIsMemberAsync(key, "b"), Is.True);
        Assert.That(await _client.VIsMemberAsync(key, "z"), Is.False);
        Assert.That(await _client.VIsMemberAsync(TestClients.Key("missing"), "b"), Is.False);
    }

    [Test]
    public async Task A_vector_command_on_a_string_key_is_a_wrong_type_error()
    {
        var key = TestClients.Key("s");
        await _client.SetAsync(key, "text");

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await _client.VCardAsync(key));

        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("VCARD"));
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.VAddAsync(TestClients.Key("v"), Array.Empty<float>(), "a"));
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.VAddAsync(TestClients.Key("v"), new[] { float.NaN }, "a"));
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.VAddAsync(TestClients.Key("v"), new float[] { 1 }, RedisValue.Null));
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.VAddAsync(default, new float[] { 1 }, "a"));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _client.VSimAsync(TestClients.Key("v"), "a", new VSimOptions { Count = 0 }));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _client.VAddAsync(TestClients.Key("v"), new float[] { 1 }, "a", new VAddOptions { MaxLinks = -1 }));
    }

    /// <summary>Three elements: a and c near the x axis, b on the y axis; a and b have attributes.</summary>
    private async Task<string> NewSetAsync()
    {
        var key = TestClients.Key("set");
        await _client.VAddAsync(key, new float[] { 1, 0, 0 }, "a", new VAddOptions { Attributes = """{"color":"red"}""" });
        await _client.VAddAsync(key, new float[] { 0, 1, 0 }, "b", new VAddOptions { Attributes = """{"color":"blue"}""" });
        await _client.VAddAsync(key, new float[] { 0.8f, 0.2f, 0 }, "c");
        return key;
    }
}
