namespace Multiplex.LoadTest;

/// <summary>Finds the command-line tools the load test runs (redis-server, redis-cli, redis-benchmark).</summary>
public static class Executables
{
    /// <summary>Whether <paramref name="name"/> is a file in one of the PATH's directories.</summary>
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}
