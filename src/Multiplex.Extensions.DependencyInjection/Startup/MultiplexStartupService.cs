using Microsoft.Extensions.Hosting;

namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// Resolves every registered client when the host starts, so they start connecting at once, and
/// waits for the first connection of those registered with <see cref="StartupConnectMode.FailFast"/>.
/// </summary>
internal sealed class MultiplexStartupService(IServiceProvider services, IEnumerable<MultiplexRegistration> registrations) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waits = new List<Task>();

        // Registering twice under one key replaces the client in the container; the last one counts here too.
        foreach (var registration in registrations.GroupBy(registration => registration.ServiceKey).Select(group => group.Last()))
        {
            var startup = registration.ReadStartupOptions();
            var client = registration.Resolve(services);
            if (startup.ConnectOnStartup == StartupConnectMode.FailFast)
            {
                waits.Add(WaitForConnectionAsync(client, registration.ServiceKey, startup.StartupTimeout, cancellationToken));
            }
        }

        await Task.WhenAll(waits).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task WaitForConnectionAsync(RedisClient client, object? serviceKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await client.WaitForConnectionAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException exception)
        {
            throw new RedisConnectionException(
                $"The Multiplex client {MultiplexRegistration.Describe(serviceKey)} did not connect at start-up (ConnectOnStartup = FailFast): {exception.Message}",
                CommandOutcome.NotSent,
                exception)
            { Endpoint = exception.Endpoint };
        }
    }
}
