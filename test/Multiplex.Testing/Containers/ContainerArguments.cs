using System.Globalization;

namespace Multiplex.Testing.Containers;

/// <summary>
/// The redis-server arguments that give a container the configuration <see cref="RedisServerOptions"/>
/// describes. The image's entrypoint already listens on every interface of the container with
/// protected mode off and persists nothing; these arguments come after it.
/// </summary>
internal static class ContainerArguments
{
    /// <summary>Whether a container can serve <paramref name="options"/>: TLS certificates, unix sockets and replicas need a local process.</summary>
    public static bool CanServe(RedisServerOptions options) =>
        !options.Tls && !options.TlsAuthClients && !options.UnixSocket && options.ReplicaOf is null;

    public static IReadOnlyList<string> For(RedisServerOptions options)
    {
        if (!CanServe(options))
        {
            throw new NotSupportedException("A container fixture has no TLS, unix socket or replication; start a RedisServer process instead.");
        }

        // The image sets none of these; an official image would not either, so they are given here.
        List<string> arguments = ["--port", RedisContainerServer.ContainerPort.ToString(CultureInfo.InvariantCulture), "--save", string.Empty, "--appendonly", "no"];
        if (options.RequirePass is { } password)
        {
            arguments.AddRange(["--requirepass", password]);
        }

        foreach (var user in options.AclUsers)
        {
            arguments.AddRange(["--user", user.Name, "on", ">" + user.Password, .. user.Rules.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        }

        foreach (var (command, newName) in options.RenameCommands)
        {
            arguments.AddRange(["--rename-command", command, newName]);
        }

        if (options.EnableDebugCommand)
        {
            // Not "local": clients reach the container through the published port, from the bridge's
            // gateway address, which the server does not count as local.
            arguments.AddRange(["--enable-debug-command", "yes"]);
        }

        arguments.AddRange(options.ExtraArguments);
        return arguments;
    }
}
