using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Multiplex;
using Multiplex.Extensions.DependencyInjection;

// Extension methods live in the namespace of the type they extend, so `services.AddMultiplex(…)`
// needs no extra using directive (the convention of Microsoft.Extensions.* packages).
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="RedisClient"/> singletons. Registration never blocks: the client is created
/// with <see cref="RedisClient.Create(RedisClientOptions, Logging.ILoggerFactory?)"/> and connects in
/// the background, starting when the host starts; commands issued before it is connected wait within
/// their timeout. <see cref="StartupConnectMode.FailFast"/> makes host start-up wait for the first
/// connection and fail when it does not come. The container disposes the client (dispose it with
/// <c>DisposeAsync</c>: the client is asynchronously disposable only). The client logs through the
/// container's <see cref="Logging.ILoggerFactory"/>, if any.
/// </summary>
public static class MultiplexServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="RedisClient"/> singleton from a connection string.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">The connection string; see <see cref="RedisClientOptions.Parse"/>. Parsed here, so a malformed one fails at once.</param>
    /// <param name="configure">Changes the parsed options (for example <c>o =&gt; o with { CommandTimeout = … }</c>); null for none.</param>
    /// <param name="configureStartup">Start-up behaviour; null for the defaults (connect in the background).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMultiplex(this IServiceCollection services, string connectionString,
        Func<RedisClientOptions, RedisClientOptions>? configure = null, Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, null, FromConnectionString(connectionString, configure), configureStartup);

    /// <summary>Registers the <see cref="RedisClient"/> singleton from options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The client options.</param>
    /// <param name="configureStartup">Start-up behaviour; null for the defaults (connect in the background).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMultiplex(this IServiceCollection services, RedisClientOptions options, Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, null, FromOptions(options), configureStartup);

    /// <summary>Registers the <see cref="RedisClient"/> singleton with options built from other services when it is first resolved.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="optionsFactory">Builds the client options.</param>
    /// <param name="configureStartup">Start-up behaviour; null for the defaults (connect in the background).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMultiplex(this IServiceCollection services, Func<IServiceProvider, RedisClientOptions> optionsFactory,
        Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, null, optionsFactory ?? throw new ArgumentNullException(nameof(optionsFactory)), configureStartup);

    /// <summary>
    /// Registers the <see cref="RedisClient"/> singleton from a configuration section (for example
    /// <c>builder.Configuration.GetSection("Redis")</c>), read when the client is first resolved.
    /// </summary>
    /// <remarks>
    /// Keys: <c>ConnectionString</c> (optional; default <c>localhost:6379</c>); <c>Endpoints</c>
    /// (optional; <c>host:port</c> values, comma-separated or as an array, replacing the connection
    /// string's hosts); any connection-string key (see <see cref="RedisClientOptions.Parse"/>:
    /// <c>Password</c>, <c>User</c>, <c>Database</c>, <c>ClientName</c>, <c>ConnectTimeout</c>,
    /// <c>CommandTimeout</c>, <c>WhileDisconnected</c>, <c>Tls</c>, …) with the same value syntax,
    /// applied on top of the connection string; <c>ConnectOnStartup</c> (<c>Background</c> or
    /// <c>FailFast</c>) and <c>StartupTimeout</c> (<c>00:00:10</c>). Unknown keys are errors.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Changes the options read from configuration; null for none.</param>
    /// <param name="configureStartup">Changes the start-up options read from configuration; null for none.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMultiplex(this IServiceCollection services, IConfiguration configuration,
        Func<RedisClientOptions, RedisClientOptions>? configure = null, Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, null, configuration, configure, configureStartup);

    /// <summary>Registers a keyed <see cref="RedisClient"/> singleton from a connection string (resolve it with <c>[FromKeyedServices(key)]</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key (not null).</param>
    /// <param name="connectionString">The connection string; see <see cref="RedisClientOptions.Parse"/>.</param>
    /// <param name="configure">Changes the parsed options; null for none.</param>
    /// <param name="configureStartup">Start-up behaviour; null for the defaults (connect in the background).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKeyedMultiplex(this IServiceCollection services, object serviceKey, string connectionString,
        Func<RedisClientOptions, RedisClientOptions>? configure = null, Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, RequireKey(serviceKey), FromConnectionString(connectionString, configure), configureStartup);

    /// <summary>Registers a keyed <see cref="RedisClient"/> singleton from options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key (not null).</param>
    /// <param name="options">The client options.</param>
    /// <param name="configureStartup">Start-up behaviour; null for the defaults (connect in the background).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKeyedMultiplex(this IServiceCollection services, object serviceKey, RedisClientOptions options,
        Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, RequireKey(serviceKey), FromOptions(options), configureStartup);

    /// <summary>Registers a keyed <see cref="RedisClient"/> singleton with options built from other services.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key (not null).</param>
    /// <param name="optionsFactory">Builds the client options.</param>
    /// <param name="configureStartup">Start-up behaviour; null for the defaults (connect in the background).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKeyedMultiplex(this IServiceCollection services, object serviceKey, Func<IServiceProvider, RedisClientOptions> optionsFactory,
        Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, RequireKey(serviceKey), optionsFactory ?? throw new ArgumentNullException(nameof(optionsFactory)), configureStartup);

    /// <summary>
    /// Registers a keyed <see cref="RedisClient"/> singleton from a configuration section; the keys are those of
    /// <see cref="AddMultiplex(IServiceCollection, IConfiguration, Func{RedisClientOptions, RedisClientOptions}?, Action{MultiplexStartupOptions}?)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key (not null).</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Changes the options read from configuration; null for none.</param>
    /// <param name="configureStartup">Changes the start-up options read from configuration; null for none.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKeyedMultiplex(this IServiceCollection services, object serviceKey, IConfiguration configuration,
        Func<RedisClientOptions, RedisClientOptions>? configure = null, Action<MultiplexStartupOptions>? configureStartup = null) =>
        Register(services, RequireKey(serviceKey), configuration, configure, configureStartup);

    private static IServiceCollection Register(IServiceCollection services, object? serviceKey, IConfiguration configuration,
        Func<RedisClientOptions, RedisClientOptions>? configure, Action<MultiplexStartupOptions>? configureStartup)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(
            services,
            serviceKey,
            _ =>
            {
                var options = MultiplexConfiguration.ReadClientOptions(configuration);
                return configure is null ? options : configure(options);
            },
            () =>
            {
                var startup = MultiplexConfiguration.ReadStartupOptions(configuration);
                configureStartup?.Invoke(startup);
                return startup;
            });
    }

    private static IServiceCollection Register(IServiceCollection services, object? serviceKey, Func<IServiceProvider, RedisClientOptions> createOptions,
        Action<MultiplexStartupOptions>? configureStartup) =>
        Register(services, serviceKey, createOptions, () =>
        {
            var startup = new MultiplexStartupOptions();
            configureStartup?.Invoke(startup);
            return startup;
        });

    private static IServiceCollection Register(IServiceCollection services, object? serviceKey, Func<IServiceProvider, RedisClientOptions> createOptions,
        Func<MultiplexStartupOptions> createStartupOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registration = new MultiplexRegistration(serviceKey, createOptions, createStartupOptions);
        services.AddSingleton(registration);
        if (serviceKey is null)
        {
            services.AddSingleton<RedisClient>(registration.CreateClient);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => registration.CreateClient(provider));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MultiplexStartupService>());
        return services;
    }

    private static Func<IServiceProvider, RedisClientOptions> FromConnectionString(string connectionString, Func<RedisClientOptions, RedisClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var options = RedisClientOptions.Parse(connectionString);
        options = configure is null ? options : configure(options);
        return FromOptions(options);
    }

    private static Func<IServiceProvider, RedisClientOptions> FromOptions(RedisClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return _ => options;
    }

    private static object RequireKey(object serviceKey) => serviceKey ?? throw new ArgumentNullException(nameof(serviceKey));
}
