namespace Multiplex;

/// <summary>
/// A short-lived token used as a password, as a <see cref="RedisTokenManager"/> receives it: the
/// credentials it stands for and when it expires. Never shows the password in <see cref="ToString"/>.
/// </summary>
public sealed class RedisToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="credentials">The user and the token (as the password).</param>
    /// <param name="expiresAt">When the server stops accepting it.</param>
    /// <param name="receivedAt">When it was issued or received (the start of its lifetime); null: now, by the manager's clock.</param>
    public RedisToken(RedisCredentials credentials, DateTimeOffset expiresAt, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Credentials = credentials;
        ExpiresAt = expiresAt;
        ReceivedAt = receivedAt;
    }

    /// <summary>The user and the token as the password.</summary>
    public RedisCredentials Credentials { get; }

    /// <summary>When the server stops accepting the token.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>When it was issued or received; null: when the manager received it.</summary>
    public DateTimeOffset? ReceivedAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"RedisToken {{ User = {Credentials.User ?? "default"}, ExpiresAt = {ExpiresAt:O} }}";
}
