using System.Globalization;
using System.Text;

namespace Multiplex.Testing.Processes;

/// <summary>Writes the redis.conf of a <see cref="RedisServer"/> fixture.</summary>
internal static class RedisConfig
{
    public static string Build(
        RedisServerOptions options, string directory, int port, int? tlsPort, TlsCertificates? certificates,
        string? unixSocketPath, IReadOnlyList<string> extraLines)
    {
        var config = new StringBuilder();
        void Line(string text) => config.Append(text).Append('\n');

        Line(FormattableString.Invariant($"port {port}"));
        Line("bind 127.0.0.1");
        Line($"dir {Quote(directory)}");
        Line("daemonize no");
        Line("logfile \"\"");

        // Nothing is persisted, and replicas sync at once instead of after the 5 s default delay.
        Line("save \"\"");
        Line("appendonly no");
        Line("repl-diskless-sync yes");
        Line("repl-diskless-sync-delay 0");

        if (options.RequirePass is { } password)
        {
            Line($"requirepass {Quote(password)}");
            Line($"masterauth {Quote(password)}");
        }

        foreach (var user in options.AclUsers)
        {
            Line($"user {user.Name} on >{user.Password} {user.Rules}");
        }

        if (tlsPort is { } securePort && certificates is not null)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"tls-port {securePort}"));
            Line($"tls-cert-file {Quote(certificates.ServerCertificatePath)}");
            Line($"tls-key-file {Quote(certificates.ServerKeyPath)}");
            Line($"tls-ca-cert-file {Quote(certificates.CaCertificatePath)}");
            Line(options.TlsAuthClients ? "tls-auth-clients yes" : "tls-auth-clients no");
        }

        if (unixSocketPath is not null)
        {
            Line($"unixsocket {Quote(unixSocketPath)}");
            Line("unixsocketperm 700");
        }

        foreach (var (command, newName) in options.RenameCommands)
        {
            Line($"rename-command {command} {Quote(newName)}");
        }

        if (options.EnableDebugCommand)
        {
            Line("enable-debug-command local");
        }

        if (options.ReplicaOf is { } primary)
        {
            Line($"replicaof {primary}");
        }

        foreach (var line in extraLines)
        {
            Line(line);
        }

        return config.ToString();
    }

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
