namespace Multiplex;

/// <summary>XINFO STREAM: the state of a stream.</summary>
public sealed record StreamInfo
{
    /// <summary>How many entries the stream holds.</summary>
    public long Length { get; init; }

    /// <summary>Keys in the underlying radix tree.</summary>
    public long RadixTreeKeys { get; init; }

    /// <summary>Nodes in the underlying radix tree.</summary>
    public long RadixTreeNodes { get; init; }

    /// <summary>How many consumer groups the stream has.</summary>
    public long Groups { get; init; }

    /// <summary>The ID of the last entry added (which may since have been deleted).</summary>
    public string LastGeneratedId { get; init; } = string.Empty;

    /// <summary>The greatest ID deleted so far (Redis 7.0+); null when the server does not report it.</summary>
    public string? MaxDeletedEntryId { get; init; }

    /// <summary>How many entries were ever added (Redis 7.0+); null when the server does not report it.</summary>
    public long? EntriesAdded { get; init; }

    /// <summary>The first ID currently in the stream as recorded (Redis 7.0+); null when not reported.</summary>
    public string? RecordedFirstEntryId { get; init; }

    /// <summary>The first entry; null when the stream is empty.</summary>
    public StreamEntry? FirstEntry { get; init; }

    /// <summary>The last entry; null when the stream is empty.</summary>
    public StreamEntry? LastEntry { get; init; }
}
