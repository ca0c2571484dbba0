namespace Multiplex;

/// <summary>A condition on a key's current expiry (EXPIRE's NX, XX, GT and LT, Redis 7.0+).</summary>
public enum ExpireWhen
{
    /// <summary>Set the expiry in any case.</summary>
    Always,

    /// <summary>Only when the key has no expiry (<c>NX</c>).</summary>
    HasNoExpiry,

    /// <summary>Only when the key has an expiry (<c>XX</c>).</summary>
    HasExpiry,

    /// <summary>Only when the new expiry is later than the current one (<c>GT</c>).</summary>
    GreaterThanCurrent,

    /// <summary>Only when the new expiry is earlier than the current one (<c>LT</c>).</summary>
    LessThanCurrent,
}
