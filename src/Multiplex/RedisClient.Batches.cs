namespace Multiplex;

/// <summary>Batches (explicit pipelines).</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// Starts a batch: commands queued on <see cref="RedisBatch.Commands"/> are sent together, in one
    /// contiguous write, by <see cref="RedisBatch.ExecuteAsync"/>.
    /// </summary>
    /// <returns>An empty batch.</returns>
    public RedisBatch CreateBatch() =>
        new(_sink is null ? this : throw new InvalidOperationException($"A batch cannot be created inside {_sink.Description}; call CreateBatch on the client."));
}
