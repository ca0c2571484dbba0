using System.Globalization;

namespace Multiplex.Samples.WebApi;

/// <summary>Stands in for an expensive computation or a slow downstream service.</summary>
internal static class SlowSource
{
    private static readonly TimeSpan Cost = TimeSpan.FromMilliseconds(200);

    public static async Task<string> ComputeAsync(string id, CancellationToken cancellationToken)
    {
        await Task.Delay(Cost, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"report {id}, computed at {DateTimeOffset.UtcNow:O}");
    }
}
