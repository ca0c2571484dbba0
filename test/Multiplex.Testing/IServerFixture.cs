namespace Multiplex.Testing;

/// <summary>
/// What tests need from a single RESP server fixture, whatever runs it: a local process
/// (<see cref="RedisServer"/>, <see cref="GarnetServer"/>) or, where Docker exists, a container.
/// </summary>
public interface IServerFixture : IServerLog, IAsyncDisposable
{
    /// <summary>The host to connect to.</summary>
    public string Host { get; }

    /// <summary>The plain TCP port.</summary>
    public int Port { get; }

    /// <summary><c>host:port</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Runs redis-cli against the server and returns its output.</summary>
    public Task<string> CliAsync(params string[] args);
}
