namespace Multiplex;

/// <summary>
/// How the client finds its primary through Redis Sentinel: the service name the sentinels monitor it
/// under, and the sentinels' own credentials (<see cref="RedisClientOptions.Endpoints"/> are then the
/// sentinels).
/// </summary>
public sealed record SentinelOptions
{
    /// <summary>No service name: the client does not use Sentinel.</summary>
    public static SentinelOptions Default { get; } = new();

    /// <summary>
    /// The name the sentinels monitor the primary under (<c>sentinel monitor &lt;name&gt; …</c>; connection
    /// string key <c>serviceName</c>). Setting it makes <see cref="RedisClientOptions.Endpoints"/> the
    /// sentinels. Default null.
    /// </summary>
    public string? ServiceName { get; init; }

    /// <summary>The ACL user for the sentinels (key <c>sentinelUser</c>); null: the default user. The data nodes use <see cref="RedisClientOptions.User"/>.</summary>
    public string? User { get; init; }

    /// <summary>The sentinels' password (key <c>sentinelPassword</c>); null: none. Never shown in messages or <c>ToString</c>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Asked for the sentinels' user and password at every connect and reconnect to a sentinel, instead
    /// of the fixed <see cref="User"/> and <see cref="Password"/> (which must then be null); see
    /// <see cref="RedisClientOptions.CredentialsProvider"/> for the data nodes'. Default null.
    /// </summary>
    public RedisCredentialsProvider? CredentialsProvider { get; init; }

    /// <summary>
    /// Whether connections to the sentinels use TLS (key <c>sentinelTls</c>); null (default): as the data
    /// nodes do (<see cref="TlsOptions.Enabled"/>). The TLS settings (CA, client certificate) are shared.
    /// </summary>
    public bool? UseTls { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is not allowed.</summary>
    public void Validate()
    {
        if (ServiceName is not null && (ServiceName.Length == 0 || ServiceName.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"Sentinel.ServiceName '{ServiceName}' must be non-empty and without white space.", nameof(ServiceName));
        }

        if (User is not null && (User.Length == 0 || User.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("Sentinel.User must be null or a name without white space.", nameof(User));
        }

        if (CredentialsProvider is not null && (User is not null || Password is not null))
        {
            throw new ArgumentException("Sentinel.CredentialsProvider hands out the sentinels' user and password: leave Sentinel.User and Sentinel.Password null.", nameof(CredentialsProvider));
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"SentinelOptions {{ ServiceName = {ServiceName}, User = {User}, Password = {(Password is null ? "null" : "***")}, UseTls = {UseTls}{(CredentialsProvider is null ? "" : ", CredentialsProvider = set")} }}";
}
