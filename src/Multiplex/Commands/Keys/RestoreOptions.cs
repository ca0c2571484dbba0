namespace Multiplex;

/// <summary>The optional parts of <c>RESTORE</c>.</summary>
public sealed record RestoreOptions
{
    /// <summary>Replace an existing key (<c>REPLACE</c>); by default an existing key is an error. Default false.</summary>
    public bool Replace { get; init; }

    /// <summary>The idle time to give the restored key (<c>IDLETIME</c>, whole seconds), for LRU eviction; not with <see cref="Frequency"/>. Default null.</summary>
    public TimeSpan? IdleTime { get; init; }

    /// <summary>The access frequency to give the restored key (<c>FREQ</c>, 0 to 255), for LFU eviction; not with <see cref="IdleTime"/>. Default null.</summary>
    public int? Frequency { get; init; }
}
