using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;

namespace Multiplex;

/// <summary>
/// Reads and writes the values of connection-string options. Readers throw
/// <see cref="FormatException"/> whose message says what was expected; the caller adds key and value.
/// </summary>
internal static class ConnectionStringValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Longest suffix first, so "ms" is not read as minutes.
    private static readonly (string Suffix, long TicksPerUnit)[] DurationUnits =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static bool Boolean(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "1" => true,
        "FALSE" or "NO" or "0" => false,
        _ => throw new FormatException("true or false"),
    };

    public static int Int32(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out int value) ? value : throw new FormatException("a whole number");

    public static long Int64(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out long value) ? value : throw new FormatException("a whole number");

    public static double Double(string text) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out double value) && double.IsFinite(value)
            ? value
            : throw new FormatException("a number such as 0.5");

    /// <summary>Reads <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>00:00:05</c>, or a plain number of milliseconds.</summary>
    public static TimeSpan Duration(string text)
    {
        const string Expected = "a duration such as 500ms, 5s, 2m, 00:00:05, or a number of milliseconds";
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(text, "c", Invariant, out TimeSpan span) ? span : throw new FormatException(Expected);
        }

        string number = text;
        long ticksPerUnit = TimeSpan.TicksPerMillisecond;
        foreach ((string suffix, long unit) in DurationUnits)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                number = text[..^suffix.Length];
                ticksPerUnit = unit;
                break;
            }
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, Invariant, out decimal amount))
        {
            throw new FormatException(Expected);
        }

        decimal ticks = decimal.Round(amount * ticksPerUnit);
        return ticks <= TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)ticks) : throw new FormatException("a duration shorter than " + TimeSpan.MaxValue.ToString("c", Invariant));
    }

    /// <summary>
    /// Reads a plain number as seconds (<c>60</c>, <c>0.5</c>), the unit StackExchange.Redis's
    /// <c>keepAlive</c> and redis-py's timeouts use; a number with a unit or a time span reads as in
    /// <see cref="Duration"/>.
    /// </summary>
    public static TimeSpan Seconds(string text)
    {
        const string Expected = "a number of seconds such as 60 or 0.5, or a duration such as 500ms, 2m or 00:00:05";
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, Invariant, out decimal seconds))
        {
            decimal ticks = seconds <= (decimal)TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond
                ? decimal.Round(seconds * TimeSpan.TicksPerSecond)
                : decimal.MaxValue;
            return ticks <= TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)ticks) : throw new FormatException(Expected);
        }

        try
        {
            return Duration(text);
        }
        catch (FormatException exception)
        {
            throw new FormatException(Expected, exception);
        }
    }

    /// <summary>
    /// Reads redis-py's <c>ssl_cert_reqs</c>: true for <c>required</c>, and <c>optional</c> (which a TLS
    /// client treats as required); false for <c>none</c>, which turns the certificate checks off.
    /// </summary>
    public static bool ServerCertificateChecked(string text) => text.ToUpperInvariant() switch
    {
        "REQUIRED" or "OPTIONAL" or "CERT_REQUIRED" or "CERT_OPTIONAL" => true,
        "NONE" or "CERT_NONE" => false,
        _ => throw new FormatException(
            "required, optional or none (none turns the server certificate checks off, for test environments only: "
            + "to trust a private certificate authority, set ssl_ca_certs (caCertificatePath) instead)"),
    };

    /// <summary>
    /// Reads cipher suites by their IANA names (<see cref="TlsCipherSuite"/>, such as
    /// <c>TLS_AES_256_GCM_SHA384</c>), separated by colons as in OpenSSL's lists.
    /// </summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites(string text)
    {
        var suites = new List<TlsCipherSuite>();
        foreach (var name in text.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!name.StartsWith("TLS_", StringComparison.OrdinalIgnoreCase) || !Enum.TryParse<TlsCipherSuite>(name, ignoreCase: true, out var suite))
            {
                throw new FormatException(
                    $"cipher suites by their IANA names separated by ':', such as TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256 ('{name}' is not one; OpenSSL's names such as ECDHE-RSA-AES128-GCM-SHA256 are not read)");
            }

            suites.Add(suite);
        }

        return suites.Count > 0 ? suites : throw new FormatException("at least one cipher suite, by its IANA name, such as TLS_AES_256_GCM_SHA384");
    }

    /// <summary>Writes cipher suites as <see cref="CipherSuites"/> reads them.</summary>
    public static string FormatCipherSuites(IReadOnlyList<TlsCipherSuite> suites) => string.Join(':', suites);

    /// <summary>Writes a duration in the shortest unit form that reads back exactly.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        long ticks = value.Ticks;
        if (ticks == 0)
        {
            return "0s";
        }

        if (ticks < 0 || ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return value.ToString("c", Invariant);
        }

        for (int index = DurationUnits.Length - 1; index >= 0; index--)
        {
            (string suffix, long unit) = DurationUnits[index];
            if (ticks % unit == 0)
            {
                return (ticks / unit).ToString(Invariant) + suffix;
            }
        }

        return value.ToString("c", Invariant);
    }

    public static RedisProtocol Protocol(string text) => text.ToUpperInvariant() switch
    {
        "RESP2" or "2" => RedisProtocol.Resp2,
        "RESP3" or "3" => RedisProtocol.Resp3,
        _ => throw new FormatException("resp2, resp3, 2 or 3"),
    };

    public static string FormatProtocol(RedisProtocol protocol) => protocol == RedisProtocol.Resp2 ? "resp2" : "resp3";

    public static DisconnectedBehavior WhileDisconnected(string text) => text.ToUpperInvariant() switch
    {
        "QUEUE" => DisconnectedBehavior.Queue,
        "FAILFAST" => DisconnectedBehavior.FailFast,
        _ => throw new FormatException("queue or failfast"),
    };

    public static string FormatWhileDisconnected(DisconnectedBehavior behavior) =>
        behavior == DisconnectedBehavior.FailFast ? "failfast" : "queue";

    public static RetryMode RetryMode(string text) => text.ToUpperInvariant() switch
    {
        "IDEMPOTENTONLY" => Multiplex.RetryMode.IdempotentOnly,
        "ALWAYS" => Multiplex.RetryMode.Always,
        "NEVER" => Multiplex.RetryMode.Never,
        _ => throw new FormatException("idempotentOnly, always or never"),
    };

    public static string FormatRetryMode(RetryMode mode) => mode switch
    {
        Multiplex.RetryMode.Always => "always",
        Multiplex.RetryMode.Never => "never",
        _ => "idempotentOnly",
    };

    public static QueryTextCapture QueryText(string text) => text.ToUpperInvariant() switch
    {
        "NONE" => QueryTextCapture.None,
        "PLACEHOLDERS" => QueryTextCapture.Placeholders,
        "FULL" => QueryTextCapture.Full,
        _ => throw new FormatException("none, placeholders or full"),
    };

    public static string FormatQueryText(QueryTextCapture capture) => capture.ToString().ToLowerInvariant();

    public static ServerMode Mode(string text) => text.ToUpperInvariant() switch
    {
        "AUTO" => ServerMode.Auto,
        "STANDALONE" => ServerMode.Standalone,
        "CLUSTER" => ServerMode.Cluster,
        "SENTINEL" => ServerMode.Sentinel,
        _ => throw new FormatException("auto, standalone, cluster or sentinel"),
    };

    public static string FormatMode(ServerMode mode) => mode.ToString().ToLowerInvariant();

    public static ReplicaReads ReplicaReads(string text) => text.ToUpperInvariant() switch
    {
        "PRIMARYONLY" or "PRIMARY" => Multiplex.ReplicaReads.PrimaryOnly,
        "PREFERREPLICA" => Multiplex.ReplicaReads.PreferReplica,
        "REPLICAONLY" or "REPLICA" => Multiplex.ReplicaReads.ReplicaOnly,
        "LOWESTLATENCY" => Multiplex.ReplicaReads.LowestLatency,
        _ => throw new FormatException("primaryOnly, preferReplica, replicaOnly or lowestLatency"),
    };

    public static string FormatReplicaReads(ReplicaReads reads) => reads switch
    {
        Multiplex.ReplicaReads.PreferReplica => "preferReplica",
        Multiplex.ReplicaReads.ReplicaOnly => "replicaOnly",
        Multiplex.ReplicaReads.LowestLatency => "lowestLatency",
        _ => "primaryOnly",
    };

    /// <summary>Reads TLS versions joined by <c>|</c>, for example <c>tls12|tls13</c>, or <c>none</c> for the OS default.</summary>
    public static TlsRevocationMode RevocationMode(string text) => text.ToUpperInvariant() switch
    {
        "OFF" or "NONE" or "NOCHECK" => TlsRevocationMode.Off,
        "ONLINE" => TlsRevocationMode.Online,
        "OFFLINE" => TlsRevocationMode.Offline,
        _ => throw new FormatException("off, online or offline"),
    };

    public static string FormatRevocationMode(TlsRevocationMode mode) => mode.ToString().ToLowerInvariant();

    public static SslProtocols Protocols(string text)
    {
        var protocols = SslProtocols.None;
        foreach (string name in text.Split('|', StringSplitOptions.TrimEntries))
        {
            if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !Enum.TryParse(name, ignoreCase: true, out SslProtocols one))
            {
                throw new FormatException("TLS versions joined by '|', such as tls12|tls13, or none");
            }

            protocols |= one;
        }

        return protocols;
    }

    public static string FormatProtocols(SslProtocols protocols)
    {
        if (protocols == SslProtocols.None)
        {
            return "none";
        }

        // Each version is a two-bit value; "Default" is a union of two versions and is skipped.
        IEnumerable<string> names = Enum.GetNames<SslProtocols>()
            .Where(name => name is not nameof(SslProtocols.None) and not "Default")
            .Where(name => (protocols & Enum.Parse<SslProtocols>(name)) == Enum.Parse<SslProtocols>(name))
            .Select(name => name.ToLowerInvariant());
        return string.Join('|', names);
    }
}
