namespace Multiplex;

/// <summary>What HEXPIRE, HPEXPIRE, HEXPIREAT or HPEXPIREAT did to one field.</summary>
public enum HashFieldExpireResult
{
    /// <summary>The field (or the whole key) does not exist (reply -2).</summary>
    NoSuchField = -2,

    /// <summary>The <see cref="ExpireWhen"/> condition was not met; nothing changed (reply 0).</summary>
    ConditionNotMet = 0,

    /// <summary>The expiry was set or updated (reply 1).</summary>
    Set = 1,

    /// <summary>The expiry was zero or in the past, so the field was deleted (reply 2).</summary>
    Deleted = 2,
}
