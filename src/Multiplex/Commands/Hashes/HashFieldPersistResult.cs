namespace Multiplex;

/// <summary>What HPERSIST did to one field.</summary>
public enum HashFieldPersistResult
{
    /// <summary>The field (or the whole key) does not exist (reply -2).</summary>
    NoSuchField = -2,

    /// <summary>The field exists but had no expiry (reply -1).</summary>
    NoExpiry = -1,

    /// <summary>The expiry was removed (reply 1).</summary>
    Persisted = 1,
}
