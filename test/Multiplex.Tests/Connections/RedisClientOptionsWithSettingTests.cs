namespace Multiplex.Tests.Connections;

/// <summary><see cref="RedisClientOptions.WithSetting"/>: one connection-string option applied to existing options.</summary>
public sealed class RedisClientOptionsWithSettingTests
{
    [Test]
    public void A_setting_changes_only_its_option()
    {
        var original = RedisClientOptions.Parse("redis://cache:6380/2");

        var changed = original.WithSetting("CommandTimeout", "750ms");

        Assert.That(changed.CommandTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(750)));
        Assert.That(changed with { CommandTimeout = original.CommandTimeout }, Is.EqualTo(original));
        Assert.That(original.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)), "the original is unchanged");
    }

    [TestCase("reconnectMaxDelay", "2s")]
    [TestCase("tls", "true")]
    [TestCase("dedicatedPoolSize", "4")]
    public void Nested_options_are_set_like_in_a_connection_string(string key, string value)
    {
        var expected = RedisClientOptions.Parse($"localhost,{key}={value}");

        Assert.That(new RedisClientOptions().WithSetting(key, value), Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_key_is_a_format_error_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => new RedisClientOptions().WithSetting("keepAliveSeconds", "60"));

        Assert.That(error!.Message, Does.Contain("'keepAliveSeconds'"));
    }

    [Test]
    public void An_invalid_value_is_quoted_and_a_password_set_this_way_stays_redacted()
    {
        var error = Assert.Throws<FormatException>(() => new RedisClientOptions().WithSetting("database", "secret-ish"));

        Assert.That(error!.Message, Does.Contain("'secret-ish'"));
        Assert.That(new RedisClientOptions().WithSetting("password", "p@ss").ToString(), Does.Not.Contain("p@ss"));
    }
}
