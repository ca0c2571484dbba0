using System.Buffers;
using System.IO.Pipelines;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <summary>
/// The exchange that makes a fresh socket usable: <c>HELLO 3 [AUTH user pass] [SETNAME name]</c>,
/// falling back to RESP2 (<c>AUTH</c>, <c>CLIENT SETNAME</c>) when HELLO is refused or RESP2 is asked
/// for; then <c>CLIENT SETINFO</c> (errors ignored: servers before 7.2 lack it), <c>CLIENT NO-EVICT ON</c>
/// and <c>CLIENT NO-TOUCH ON</c> when the options ask for them, and <c>SELECT</c>; for a dedicated
/// connection under RESP2, <c>CLIENT ID</c>. Every connection runs it, so per-connection state is the
/// same on all of them and survives reconnects. It runs before the connection's loops start, one
/// request and reply at a time. A step the server refuses is its error (<see cref="RedisServerException"/>).
/// </summary>
internal static class Handshake
{
    private const string DefaultUser = "default";

    /// <summary>Runs the handshake of a shared connection (see the overload); the connection's id is read only when HELLO gives it.</summary>
    /// <param name="input">The connection's input, positioned at its first byte.</param>
    /// <param name="output">The connection's output.</param>
    /// <param name="options">What to set up.</param>
    /// <param name="endpoint">The endpoint, for messages.</param>
    /// <param name="cancellationToken">Ends the handshake (the connect timeout, or the caller).</param>
    public static Task<HandshakeResult> RunAsync(
        PipeReader input, PipeWriter output, RedisClientOptions options, string endpoint, CancellationToken cancellationToken) =>
        RunAsync(input, output, options, endpoint, readConnectionId: false, cancellationToken);

    /// <summary>
    /// Runs the handshake. Every step runs within <paramref name="cancellationToken"/> (the caller's token
    /// linked with the connect timeout), so a server that accepts the socket and answers nothing is
    /// bounded by it.
    /// </summary>
    /// <param name="input">The connection's input, positioned at its first byte.</param>
    /// <param name="output">The connection's output.</param>
    /// <param name="options">What to set up.</param>
    /// <param name="endpoint">The endpoint, for messages.</param>
    /// <param name="readConnectionId">
    /// Whether the connection's id must be known: when HELLO did not say (RESP2), CLIENT ID asks.
    /// </param>
    /// <param name="cancellationToken">Ends the handshake (the connect timeout, or the caller).</param>
    /// <exception cref="RedisServerException">The server refused a step the options ask for (SELECT, CLIENT SETNAME, …).</exception>
    /// <exception cref="RedisAuthenticationException">The server refused the credentials.</exception>
    /// <exception cref="RedisConnectionException">The server closed the connection during the handshake.</exception>
    public static async Task<HandshakeResult> RunAsync(
        PipeReader input, PipeWriter output, RedisClientOptions options, string endpoint, bool readConnectionId, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(options, endpoint, cancellationToken).ConfigureAwait(false);
        var exchange = new Exchange(input, output, options.Limits, endpoint, options.Tls);
        var result = new HandshakeResult(RedisProtocol.Resp2, null, null);
        var authenticated = false;
        if (options.Protocol == RedisProtocol.Resp3)
        {
            var hello = await exchange.SendAsync(HelloArguments(options, credentials), cancellationToken).ConfigureAwait(false);
            if (!hello.IsError)
            {
                result = ReadHello(hello);
                authenticated = true;
            }
            else if (IsAuthenticationError(hello.ErrorMessage))
            {
                throw AuthenticationFailed(credentials, endpoint, hello.ErrorMessage!);
            }
        }

        if (!authenticated)
        {
            await AuthenticateResp2Async(exchange, options, credentials, endpoint, cancellationToken).ConfigureAwait(false);
        }

        if (options.SetClientInfo)
        {
            // Pipelined; a server that lacks CLIENT SETINFO answers with an error, which is fine.
            await exchange.SendManyAsync(
                [["CLIENT", "SETINFO", "LIB-NAME", options.LibraryName], ["CLIENT", "SETINFO", "LIB-VER", LibraryVersion]],
                cancellationToken).ConfigureAwait(false);
        }

        if (options.NoEvict)
        {
            await SetOnAsync(exchange, "NO-EVICT", endpoint, cancellationToken).ConfigureAwait(false);
        }

        if (options.NoTouch)
        {
            await SetOnAsync(exchange, "NO-TOUCH", endpoint, cancellationToken).ConfigureAwait(false);
        }

        if (options.MaintenanceNotifications && result.Protocol == RedisProtocol.Resp3)
        {
            // A server without maintenance notifications refuses the command; the connection is used as usual.
            await exchange.SendAsync(["CLIENT", "MAINT_NOTIFICATIONS", "ON"], cancellationToken).ConfigureAwait(false);
        }

        if (options.Database != 0)
        {
            var select = await exchange.SendAsync(["SELECT", options.Database.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            if (select.IsError)
            {
                throw new RedisServerException(select.ErrorMessage ?? string.Empty, "SELECT", endpoint);
            }
        }

        if (options.ReadOnlyReplica)
        {
            // A cluster replica serves reads of its primary's slots only to a connection that said READONLY.
            var readOnly = await exchange.SendAsync(["READONLY"], cancellationToken).ConfigureAwait(false);
            if (readOnly.IsError)
            {
                throw new RedisServerException(readOnly.ErrorMessage ?? string.Empty, "READONLY", endpoint);
            }
        }

        if (options.ClientTracking is { } tracking)
        {
            // Refused (a server without client-side caching): the connection is still usable, and the
            // cache turns itself off when it learns of it. Invalidations reach a RESP3 connection as
            // pushes; a RESP2 one is given a REDIRECT to a subscribed connection in the command.
            if (result.Protocol == RedisProtocol.Resp2 && options.ClientTrackingRedirect is { } redirect)
            {
                // A RESP2 connection cannot receive invalidations itself: they go to a subscribed one.
                var id = await redirect(cancellationToken).ConfigureAwait(false);
                tracking = [.. tracking, "REDIRECT", id.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            }

            var reply = result.Protocol == RedisProtocol.Resp3 || options.ClientTrackingRedirect is not null
                ? await exchange.SendAsync(tracking, cancellationToken).ConfigureAwait(false)
                : null;
            result = result with { Tracking = reply is { IsError: false } };
        }

        if ((readConnectionId || options.InvalidationSubscriber) && result.ConnectionId is null)
        {
            var id = await exchange.SendAsync(["CLIENT", "ID"], cancellationToken).ConfigureAwait(false);
            if (id.IsError)
            {
                throw new RedisServerException(id.ErrorMessage ?? string.Empty, "CLIENT ID", endpoint);
            }

            result = result with { ConnectionId = (long)id };
        }

        if (options.InvalidationSubscriber)
        {
            // The RESP2 channel of client-side caching invalidations; the reply is the subscribe confirmation.
            var subscribe = await exchange.SendAsync(["SUBSCRIBE", "__redis__:invalidate"], cancellationToken).ConfigureAwait(false);
            if (subscribe.IsError)
            {
                throw new RedisServerException(subscribe.ErrorMessage ?? string.Empty, "SUBSCRIBE", endpoint);
            }
        }

        return result;
    }

    /// <summary>The library version sent with CLIENT SETINFO.</summary>
    public static string LibraryVersion { get; } =
        typeof(Handshake).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>CLIENT NO-EVICT ON or CLIENT NO-TOUCH ON: asked for by the options, so a server that refuses it fails the connect.</summary>
    private static async Task SetOnAsync(Exchange exchange, string subcommand, string endpoint, CancellationToken cancellationToken)
    {
        var reply = await exchange.SendAsync(["CLIENT", subcommand, "ON"], cancellationToken).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw new RedisServerException(reply.ErrorMessage ?? string.Empty, $"CLIENT {subcommand} ON", endpoint);
        }
    }

    /// <summary>
    /// The user and password for this connect: the provider's answer when there is one (asked every
    /// time, so a rotated password is picked up by the next connect), else the fixed options.
    /// </summary>
    private static async ValueTask<(string? User, string? Password)> CredentialsAsync(RedisClientOptions options, string endpoint, CancellationToken cancellationToken)
    {
        if (options.CredentialsProvider is not { } provider)
        {
            return (options.User, options.Password);
        }

        RedisCredentials? credentials;
        try
        {
            // A provider that ignores the token still cannot hold the connect past its timeout.
            credentials = await provider.GetCredentialsAsync(cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new RedisConnectionException($"The credentials provider failed for {endpoint}: {ex.GetType().Name}: {ex.Message}", CommandOutcome.NotSent, ex)
            {
                Endpoint = endpoint,
                Command = "AUTH",
            };
        }

        return credentials is null
            ? throw new RedisConnectionException($"The credentials provider returned no credentials for {endpoint}.") { Endpoint = endpoint, Command = "AUTH" }
            : (credentials.User, credentials.Password);
    }

    private static async Task AuthenticateResp2Async(
        Exchange exchange, RedisClientOptions options, (string? User, string? Password) credentials, string endpoint, CancellationToken cancellationToken)
    {
        if (credentials.Password is { } password)
        {
            string[] auth = credentials.User is { } user ? ["AUTH", user, password] : ["AUTH", password];
            var reply = await exchange.SendAsync(auth, cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw AuthenticationFailed(credentials, endpoint, reply.ErrorMessage!);
            }
        }

        if (options.ClientName is not null)
        {
            var reply = await exchange.SendAsync(["CLIENT", "SETNAME", options.ClientName], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw new RedisServerException(reply.ErrorMessage ?? string.Empty, "CLIENT SETNAME", endpoint);
            }
        }
    }

    private static string[] HelloArguments(RedisClientOptions options, (string? User, string? Password) credentials)
    {
        var arguments = new List<string> { "HELLO", "3" };
        if (credentials.Password is { } password)
        {
            arguments.AddRange(["AUTH", credentials.User ?? DefaultUser, password]);
        }

        if (options.ClientName is not null)
        {
            arguments.AddRange(["SETNAME", options.ClientName]);
        }

        return [.. arguments];
    }

    private static HandshakeResult ReadHello(RedisResult hello)
    {
        string? version = null;
        string? mode = null;
        long? id = null;
        var protocol = RedisProtocol.Resp3;
        var fields = hello.Elements;
        for (var i = 0; i + 1 < fields.Count; i += 2)
        {
            switch ((string?)fields[i])
            {
                case "version":
                    version = (string?)fields[i + 1];
                    break;
                case "id":
                    id = (long)fields[i + 1];
                    break;
                case "proto":
                    protocol = (long)fields[i + 1] == 2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3;
                    break;
                case "mode":
                    mode = (string?)fields[i + 1];
                    break;
            }
        }

        return new HandshakeResult(protocol, version, id, mode);
    }

    private static bool IsAuthenticationError(string? message) =>
        message is not null && (message.StartsWith("WRONGPASS", StringComparison.Ordinal)
            || message.StartsWith("NOAUTH", StringComparison.Ordinal)
            || message.StartsWith("NOPERM", StringComparison.Ordinal)
            || message.Contains("invalid password", StringComparison.OrdinalIgnoreCase)
            || message.Contains("invalid username-password", StringComparison.OrdinalIgnoreCase));

    private static RedisAuthenticationException AuthenticationFailed((string? User, string? Password) credentials, string endpoint, string serverMessage) =>
        new($"Authentication as user '{credentials.User ?? DefaultUser}' failed on {endpoint}: {Redact(serverMessage, credentials.Password)}")
        {
            Endpoint = endpoint,
            Command = "AUTH",
        };

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    /// <summary>
    /// Writes commands and reads their replies in order, over the raw pipes. A server that closes the
    /// connection, or answers in TLS, is reported with what the client's TLS setting suggests.
    /// </summary>
    private sealed class Exchange(PipeReader input, PipeWriter output, ProtocolLimits limits, string endpoint, TlsOptions tls)
    {
        // The first byte of a TLS record: change_cipher_spec, alert, handshake or application_data
        // (RFC 8446, 5.1). No RESP type byte has these values, so a plain connection that receives one
        // is talking to a TLS port.
        private const byte FirstTlsRecordType = 0x14;
        private const byte LastTlsRecordType = 0x17;

        public async Task<RedisResult> SendAsync(string[] arguments, CancellationToken cancellationToken)
        {
            Write(arguments);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task SendManyAsync(string[][] commands, CancellationToken cancellationToken)
        {
            foreach (var command in commands)
            {
                Write(command);
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
            foreach (var unused in commands)
            {
                await ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private void Write(string[] arguments)
        {
            RespWriter.WriteArrayHeader(output, arguments.Length);
            foreach (var argument in arguments)
            {
                RespWriter.WriteBulkString(output, argument);
            }
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            try
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw Closed(ex);
            }
        }

        private async Task<RedisResult> ReadAsync(CancellationToken cancellationToken)
        {
            var scanner = new RespScanner(limits);
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw Closed(ex);
                }

                var buffer = read.Buffer;
                if (!tls.Enabled && !buffer.IsEmpty && buffer.FirstSpan[0] is >= FirstTlsRecordType and <= LastTlsRecordType)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    throw new RedisConnectionException(
                        $"Could not connect to {endpoint}: the server answered in TLS: it requires TLS (rediss:// or ssl=true).", CommandOutcome.NotSent)
                    { Endpoint = endpoint };
                }

                if (scanner.TryScan(buffer, out var length))
                {
                    var reply = Parse(buffer.Slice(0, length));
                    input.AdvanceTo(buffer.GetPosition(length));
                    return reply;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    throw Closed(null);
                }
            }
        }

        /// <summary>
        /// The server closed (or reset) the connection: say what the TLS settings suggest. A server that
        /// requires TLS, or a client certificate (checked after the TLS handshake under TLS 1.3), closes
        /// the connection at the first command.
        /// </summary>
        private RedisConnectionException Closed(Exception? cause)
        {
            var hint = !tls.Enabled ? ": it may require TLS (rediss:// or ssl=true)"
                : tls.ClientCertificate is null && tls.ClientCertificatePath is null ? ": it may require a client certificate (Tls.ClientCertificate, or clientCertificatePath)"
                : string.Empty;
            return new RedisConnectionException(
                $"Could not connect to {endpoint}: the server closed the connection during the handshake{hint}.", CommandOutcome.NotSent, cause)
            { Endpoint = endpoint };
        }

        private static RedisResult Parse(ReadOnlySequence<byte> frame)
        {
            var reader = new RespReader(frame);
            reader.TryMoveNext();
            return RedisResult.Read(ref reader);
        }
    }
}
