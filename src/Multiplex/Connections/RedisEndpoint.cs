using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Multiplex;

/// <summary>
/// Where a server listens: a host name or IP address with a TCP port, or a unix domain socket path.
/// Create one with <see cref="Tcp"/>, <see cref="Unix"/> or <see cref="Parse"/>.
/// </summary>
public sealed record RedisEndpoint
{
    /// <summary>The port Redis listens on unless configured otherwise, with or without TLS: 6379.</summary>
    public const int DefaultPort = 6379;

    private const string UnixPrefix = "unix:";

    private RedisEndpoint(string? host, int port, string? unixSocketPath)
    {
        Host = host;
        Port = port;
        UnixSocketPath = unixSocketPath;
    }

    /// <summary>The host name or IP address (IPv6 without brackets); null for a unix socket.</summary>
    public string? Host { get; }

    /// <summary>The TCP port, 1 to 65535; 0 for a unix socket.</summary>
    public int Port { get; }

    /// <summary>The path of the unix domain socket; null for a TCP endpoint.</summary>
    public string? UnixSocketPath { get; }

    /// <summary>Whether this is a unix domain socket rather than a TCP endpoint.</summary>
    public bool IsUnixSocket => UnixSocketPath is not null;

    /// <summary>Creates a TCP endpoint.</summary>
    /// <param name="host">A host name or IP address; an IPv6 address may be given with or without brackets.</param>
    /// <param name="port">The TCP port, 1 to 65535. Default 6379.</param>
    /// <exception cref="ArgumentException">The host is empty or malformed, or the port is out of range.</exception>
    public static RedisEndpoint Tcp(string host, int port = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(host);
        string bare = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (bare.Length == 0 || bare.Any(c => char.IsWhiteSpace(c) || c is '[' or ']' or '/' or ',' or '@' or '?' or '#'))
        {
            throw new ArgumentException($"'{host}' is not a valid host name or IP address.", nameof(host));
        }

        if (bare.Contains(':', StringComparison.Ordinal)
            && !(IPAddress.TryParse(bare, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"'{host}' contains ':' but is not an IPv6 address; write a port as host:port through Parse.", nameof(host));
        }

        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"Port {port} of '{host}' is out of range; allowed 1 to {IPEndPoint.MaxPort}.", nameof(port));
        }

        return new RedisEndpoint(bare, port, null);
    }

    /// <summary>Creates a unix domain socket endpoint.</summary>
    /// <param name="path">The fully qualified path of the socket file, for example <c>/var/run/redis/redis.sock</c>.</param>
    /// <exception cref="ArgumentException">The path is empty or relative.</exception>
    public static RedisEndpoint Unix(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/' && !Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not a fully qualified unix socket path.", nameof(path));
        }

        return new RedisEndpoint(null, 0, path);
    }

    /// <summary>
    /// Parses <c>host</c>, <c>host:port</c>, <c>[ipv6]</c>, <c>[ipv6]:port</c>, a bare IPv6 address
    /// (no port), or <c>unix:/path</c>. A missing port means 6379.
    /// </summary>
    /// <param name="value">The text to parse; surrounding white space is ignored.</param>
    /// <exception cref="FormatException">The text is not an endpoint; the message says why.</exception>
    public static RedisEndpoint Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string text = value.Trim();
        string shown = text;
        try
        {
            if (text.StartsWith(UnixPrefix + "/", StringComparison.OrdinalIgnoreCase))
            {
                return Unix(text[UnixPrefix.Length..]);
            }

            (string host, string? port) = Split(text);

            // A "port" that is not a number may be a password whose '@' was forgotten
            // (redis://user:secret): never quote it.
            if (port is { Length: > 0 } && !port.All(char.IsAsciiDigit))
            {
                shown = $"{host}:<not a number>";
            }

            return Tcp(host, port is null ? DefaultPort : ParsePort(port));
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"Endpoint '{shown}' is invalid: {exception.Message.Split(" (Parameter")[0]}", exception);
        }
    }

    /// <summary><c>host:port</c>, <c>[ipv6]:port</c>, or <c>unix:/path</c>.</summary>
    public override string ToString()
    {
        if (UnixSocketPath is not null)
        {
            return UnixPrefix + UnixSocketPath;
        }

        string host = Host!.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{Port}");
    }

    private static (string Host, string? Port) Split(string text)
    {
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException("'[' opens an IPv6 address that no ']' closes.");
            }

            string rest = text[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                throw new ArgumentException($"unexpected '{rest}' after the IPv6 address; expected ':port'.");
            }

            return (text[..(close + 1)], rest.Length > 0 ? rest[1..] : null);
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || text.IndexOf(':', colon + 1) >= 0)
        {
            // No colon, or several: a bare IPv6 address, which Tcp validates.
            return (text, null);
        }

        return (text[..colon], text[(colon + 1)..]);
    }

    private static int ParsePort(string port)
    {
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            throw new ArgumentException($"the port is not a number from 1 to {IPEndPoint.MaxPort}.");
        }

        return number is >= 1 and <= IPEndPoint.MaxPort
            ? number
            : throw new ArgumentException($"port {number} is out of range; allowed 1 to {IPEndPoint.MaxPort}.");
    }
}
