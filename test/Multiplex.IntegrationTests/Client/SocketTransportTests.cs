using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Multiplex.Connections;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// The socket pipes (Pipelines.Sockets.Unofficial's <c>SocketConnection</c>, with the thread pool or
/// its dedicated-thread scheduler) carry replies, end a pending read when closed or when the server
/// dies, and a client on them fails, reconnects and disposes as on the stream path.
/// </summary>
[NonParallelizable]
[TestFixture(false)]
[TestFixture(true)]
public sealed class SocketTransportTests(bool dedicatedScheduler) : DedicatedServerTests
{
    private readonly PipeTransportKind _kind = dedicatedScheduler ? PipeTransportKind.SocketsDedicated : PipeTransportKind.Sockets;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_ping_round_trips_over_the_pipes()
    {
        var pipes = await OpenAsync();
        try
        {
            await pipes.Output.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
            Assert.That(await ReadLineAsync(pipes.Input), Is.EqualTo("+PONG"));
        }
        finally
        {
            pipes.Close();
        }
    }

    [Test]
    public async Task Closing_ends_a_pending_read()
    {
        var pipes = await OpenAsync();
        var read = pipes.Input.ReadAsync().AsTask();
        Assert.That(read.IsCompleted, Is.False, "nothing was asked, so nothing arrives");

        pipes.Close();

        Assert.That(await Ended(read).WaitAsync(Limit), Is.True);
    }

    [Test]
    public async Task A_killed_server_ends_a_pending_read()
    {
        var pipes = await OpenAsync();
        try
        {
            var read = pipes.Input.ReadAsync().AsTask();
            await Server.StopAsync();
            Assert.That(await Ended(read).WaitAsync(Limit), Is.True);
        }
        finally
        {
            pipes.Close();
            await Server.StartAgainAsync();
        }
    }

    [Test]
    public async Task A_client_on_the_socket_pipes_fails_in_flight_commands_reconnects_and_disposes()
    {
        var previous = TransportPipes.Kind;
        TransportPipes.Kind = _kind;
        try
        {
            var client = await RedisClient.ConnectAsync(QuickReconnect(Server.Port), TestClients.Logs);
            var key = TestClients.Key("sockets");
            await client.SetAsync(key, "over socket pipes");
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("over socket pipes"));

            // A write held by CLIENT PAUSE is in flight when the server closes the connection.
            var id = ((long)await client.ExecuteAsync("CLIENT", ["ID"])).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Server.CliAsync("CLIENT", "PAUSE", "5000", "WRITE");
            var inFlight = client.IncrAsync($"{key}:n").AsTask();
            await WaitForServerAsync(async () => (await Server.CliAsync("CLIENT", "LIST", "ID", id)).Contains("cmd=incr", StringComparison.Ordinal));
            await Server.CliAsync("CLIENT", "KILL", "ID", id);
            await Server.CliAsync("CLIENT", "UNPAUSE");
            var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await inFlight.WaitAsync(Limit));
            Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));

            await WaitUntilAsync(() => client.IsConnected);
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("over socket pipes"));
            Assert.That(client.ReconnectCount, Is.GreaterThanOrEqualTo(1));

            await client.DisposeAsync().AsTask().WaitAsync(Limit);
        }
        finally
        {
            TransportPipes.Kind = previous;
        }
    }

    private static async Task WaitForServerAsync(Func<Task<bool>> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(watch.Elapsed, Is.LessThan(Limit), "the server did not reach the expected state");
            await Task.Delay(10);
        }
    }

    private async Task<TransportPipes> OpenAsync()
    {
        var options = TestClients.OptionsFor(Server.Port);
        var stream = await Transport.ConnectAsync(options.Endpoints[0], options, CancellationToken.None);
        return TransportPipes.Create(stream, _kind);
    }

    /// <summary>Whether a read ended as a closed transport ends it: completed, cancelled or failed.</summary>
    private static async Task<bool> Ended(Task<ReadResult> read)
    {
        try
        {
            var result = await read;
            return result.IsCompleted || result.IsCanceled;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return true;
        }
    }

    private static async Task<string> ReadLineAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(Limit);
            var buffer = result.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is { } newline)
            {
                var line = Encoding.ASCII.GetString(buffer.Slice(0, newline).ToArray()).TrimEnd('\r');
                input.AdvanceTo(buffer.GetPosition(1, newline));
                return line;
            }

            Assert.That(result.IsCompleted, Is.False, "the connection ended before a whole line arrived");
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
