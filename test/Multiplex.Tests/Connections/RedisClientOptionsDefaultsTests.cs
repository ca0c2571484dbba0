namespace Multiplex.Tests.Connections;

public sealed class RedisClientOptionsDefaultsTests
{
    [Test]
    public void New_options_have_the_documented_defaults()
    {
        var options = new RedisClientOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoints, Is.EqualTo(new[] { RedisEndpoint.Tcp("localhost", 6379) }));
            Assert.That(options.User, Is.Null);
            Assert.That(options.Password, Is.Null);
            Assert.That(options.Database, Is.Zero);
            Assert.That(options.Protocol, Is.EqualTo(RedisProtocol.Resp3));
            Assert.That(options.ClientName, Is.Null);
            Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.ConnectionsPerNode, Is.EqualTo(1));
            Assert.That(options.MaxPendingCommands, Is.EqualTo(65_536));
            Assert.That(options.WhileDisconnected, Is.EqualTo(DisconnectedBehavior.Queue));
            Assert.That(options.Tls.Enabled, Is.False);
            Assert.That(options.Limits, Is.SameAs(ProtocolLimits.Default));
            Assert.That(options.Reconnect, Is.EqualTo(new ReconnectOptions()));
            Assert.That(options.HeartbeatInterval, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(options.HeartbeatTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(options.SetClientInfo, Is.True);
            Assert.That(options.LibraryName, Is.EqualTo("multiplex"));
        });
    }

    [Test]
    public void Default_options_are_valid()
    {
        Assert.That(new RedisClientOptions().Validate, Throws.Nothing);
    }

    [Test]
    public void A_bare_host_parses_to_the_defaults_for_that_host()
    {
        var expected = new RedisClientOptions { Endpoints = [RedisEndpoint.Tcp("example")] };

        Assert.Multiple(() =>
        {
            Assert.That(RedisClientOptions.Parse("example"), Is.EqualTo(expected));
            Assert.That(RedisClientOptions.Parse("redis://example"), Is.EqualTo(expected));
            Assert.That(RedisClientOptions.Parse("redis://example:6379/0"), Is.EqualTo(expected));
        });
    }

    [Test]
    public void TLS_defaults_leave_the_choices_to_the_operating_system()
    {
        var tls = new TlsOptions();

        Assert.Multiple(() =>
        {
            Assert.That(tls.ServerName, Is.Null);
            Assert.That(tls.EnabledProtocols, Is.EqualTo(System.Security.Authentication.SslProtocols.None));
            Assert.That(tls.CertificateRevocation, Is.EqualTo(TlsRevocationMode.Off));
            Assert.That(tls.CertificateRevocationListPath, Is.Null);
            Assert.That(tls.TrustedCertificateAuthorities, Is.Null);
            Assert.That(tls.RemoteCertificateValidation, Is.Null);
        });
    }
}
