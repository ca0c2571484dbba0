namespace Multiplex.Samples.WebApi;

/// <summary>Where the sample finds Redis and how it names its keys.</summary>
internal static class SampleSettings
{
    public const string DefaultConnectionString = "localhost:6379";

    /// <summary>Cached values live at most this long.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Cached values unread for this long expire.</summary>
    public static readonly TimeSpan CacheSliding = TimeSpan.FromMinutes(2);

    /// <summary>Configuration <c>Redis:ConnectionString</c>, else the <c>REDIS_URL</c> environment variable, else <c>localhost:6379</c>.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        NonEmpty(configuration["Redis:ConnectionString"]) ?? NonEmpty(configuration["REDIS_URL"]) ?? DefaultConnectionString;

    public static string CounterKey(string name) => $"samples:counter:{name}";

    public static string EventChannel(string name) => $"samples:events:{name}";

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
