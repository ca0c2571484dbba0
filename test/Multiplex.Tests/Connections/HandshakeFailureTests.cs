using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Multiplex.Connections;

namespace Multiplex.Tests.Connections;

/// <summary>The handshake over in-memory pipes: the server's replies as wire strings, the client's requests as bytes.</summary>
public sealed class HandshakeFailureTests
{
    private const string Endpoint = "127.0.0.1:6379";

    // RESP2 with nothing to set up: the handshake sends only what a test's options ask for.
    private static readonly RedisClientOptions Bare = new() { Protocol = RedisProtocol.Resp2, SetClientInfo = false };

    [Test]
    public async Task A_refused_SELECT_is_the_servers_error()
    {
        var (input, output) = Server("-ERR DB index is out of range\r\n");

        var error = Assert.ThrowsAsync<RedisServerException>(() => Handshake.RunAsync(input, output.Writer, Bare with { Database = 99 }, Endpoint, CancellationToken.None));

        Assert.That(error!.Command, Is.EqualTo("SELECT"));
        Assert.That(error.Endpoint, Is.EqualTo(Endpoint));
        Assert.That(error.ServerMessage, Is.EqualTo("ERR DB index is out of range"));
        Assert.That(await Sent(output), Is.EqualTo("*2\r\n$6\r\nSELECT\r\n$2\r\n99\r\n"));
    }

    [Test]
    public void A_refused_CLIENT_SETNAME_is_the_servers_error()
    {
        var (input, output) = Server("-ERR Client names cannot contain spaces\r\n");

        var error = Assert.ThrowsAsync<RedisServerException>(() => Handshake.RunAsync(input, output.Writer, Bare with { ClientName = "app" }, Endpoint, CancellationToken.None));

        Assert.That(error!.Command, Is.EqualTo("CLIENT SETNAME"));
    }

    [Test]
    public async Task A_dedicated_connection_asks_CLIENT_ID_within_the_handshake_when_HELLO_did_not_say()
    {
        var (input, output) = Server(":42\r\n");

        var result = await Handshake.RunAsync(input, output.Writer, Bare, Endpoint, readConnectionId: true, CancellationToken.None);

        Assert.That(result.ConnectionId, Is.EqualTo(42));
        Assert.That(await Sent(output), Is.EqualTo("*2\r\n$6\r\nCLIENT\r\n$2\r\nID\r\n"));
    }

    [Test]
    public void A_plain_connection_closed_during_the_handshake_suggests_TLS()
    {
        var (input, output) = Server(string.Empty);

        var error = Assert.ThrowsAsync<RedisConnectionException>(() => Handshake.RunAsync(input, output.Writer, Bare with { Database = 1 }, Endpoint, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("closed the connection during the handshake: it may require TLS (rediss:// or ssl=true)"));
        Assert.That(error.Endpoint, Is.EqualTo(Endpoint));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
    }

    [Test]
    public void A_tls_connection_without_a_client_certificate_closed_during_the_handshake_suggests_one()
    {
        var (input, output) = Server(string.Empty);
        var options = Bare with { Database = 1, Tls = new TlsOptions { Enabled = true } };

        var error = Assert.ThrowsAsync<RedisConnectionException>(() => Handshake.RunAsync(input, output.Writer, options, Endpoint, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("it may require a client certificate"));
    }

    [Test]
    public void A_plain_connection_answered_with_a_TLS_alert_says_the_server_requires_TLS()
    {
        // A TLS 1.2 alert record: type 21 (alert), version 3.3, length 2, fatal (2) protocol_version (70).
        var (input, output) = Server("\u0015\u0003\u0003\u0000\u0002\u0002\u0046");

        var error = Assert.ThrowsAsync<RedisConnectionException>(() => Handshake.RunAsync(input, output.Writer, Bare with { Database = 1 }, Endpoint, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("the server answered in TLS: it requires TLS (rediss:// or ssl=true)"));
    }

    /// <summary>An input that holds <paramref name="replies"/> and then ends, and an output to read the requests from.</summary>
    private static (PipeReader Input, Pipe Output) Server(string replies)
    {
        var input = new Pipe();
        input.Writer.Write(Encoding.Latin1.GetBytes(replies));
        input.Writer.Complete();
        return (input.Reader, new Pipe());
    }

    private static async Task<string> Sent(Pipe output)
    {
        await output.Writer.CompleteAsync();
        var read = await output.Reader.ReadAsync();
        var text = Encoding.ASCII.GetString(read.Buffer);
        output.Reader.AdvanceTo(read.Buffer.End);
        return text;
    }
}
