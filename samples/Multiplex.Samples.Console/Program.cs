using Multiplex.Testing;

namespace Multiplex.Samples.Console;

/// <summary>
/// The walk-through <c>./build.sh demo</c> runs: it connects to <c>REDIS_URL</c> (or the first
/// argument), or else starts a throwaway redis-server on a free loopback port and stops it at the end.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var url = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("REDIS_URL");
        RedisServer? throwaway = null;
        try
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                System.Console.WriteLine("No REDIS_URL given: starting a throwaway redis-server on loopback...");
                throwaway = await RedisServer.StartAsync(cancellationToken: stop.Token);
                url = $"redis://{throwaway.Endpoint}";
            }

            System.Console.WriteLine($"Connecting to {RedactPassword(url)}");
            await using var client = await RedisClient.ConnectAsync(url, stop.Token);
            System.Console.WriteLine($"Connected ({client.Protocol}).");
            await new Walkthrough(client, System.Console.Out).RunAsync(stop.Token);
            System.Console.WriteLine("Done.");
            return 0;
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException or FixtureStartException)
        {
            System.Console.Error.WriteLine($"The demo failed: {ex.Message}");
            return 1;
        }
        finally
        {
            if (throwaway is not null)
            {
                await throwaway.DisposeAsync();
                System.Console.WriteLine("Stopped the throwaway redis-server.");
            }
        }
    }

    /// <summary>Hides the password of a <c>redis://user:password@host</c> URL before printing it.</summary>
    private static string RedactPassword(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 ? $"{url[..(scheme + 3)]}***{url[at..]}" : url;
    }
}
