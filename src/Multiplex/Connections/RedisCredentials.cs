namespace Multiplex;

/// <summary>
/// An ACL user and password handed out by a credentials provider
/// (<see cref="RedisClientOptions.CredentialsProvider"/>), for example a short-lived token used as the
/// password. The password never appears in <see cref="ToString"/>.
/// </summary>
public sealed class RedisCredentials
{
    /// <summary>Creates credentials for <paramref name="user"/> (null: the <c>default</c> user).</summary>
    /// <param name="user">The ACL user name, or null for the <c>default</c> user.</param>
    /// <param name="password">The password or token.</param>
    /// <exception cref="ArgumentException">The user name is empty or holds white space, or the password is null or empty.</exception>
    public RedisCredentials(string? user, string password)
    {
        if (user is not null && (user.Length == 0 || user.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("A credentials' user must be null (the default user) or a name without white space.", nameof(user));
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException($"The credentials for user '{user ?? "default"}' have no password.", nameof(password));
        }

        User = user;
        Password = password;
    }

    /// <summary>The ACL user name; null: the <c>default</c> user.</summary>
    public string? User { get; }

    /// <summary>The password (or token) sent with AUTH/HELLO.</summary>
    public string Password { get; }

    /// <inheritdoc />
    public override string ToString() => $"RedisCredentials {{ User = {User ?? "default"}, Password = *** }}";
}
