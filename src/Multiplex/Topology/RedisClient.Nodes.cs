using System.Runtime.CompilerServices;

namespace Multiplex;

/// <summary>The servers behind the client, addressed one by one; SCAN over all of a cluster's primaries.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// The servers the client uses now, each with its commands: the one server, or in a cluster every
    /// primary (and the replicas reads go to, when <see cref="ClusterOptions.ReplicaReads"/> allows).
    /// For commands about one server (INFO, SLOWLOG, CLIENT LIST, CONFIG GET); commands with keys sent
    /// there are not routed (a cluster node answers MOVED for slots it does not own).
    /// </summary>
    /// <returns>One entry per server, primaries first.</returns>
    public IReadOnlyList<RedisNodeCommands> GetNodes()
    {
        var primaries = _topology.Primaries;
        return [.. primaries.Concat(_topology.Nodes.Except(primaries)).Select(node => new RedisNodeCommands(Options, node, Prefixer))];
    }

    /// <summary>
    /// On a cluster, SCAN walks every primary with a cursor of its own, one after another, and then any
    /// primary that joined meanwhile: every key is returned once while the slot map holds still (a key
    /// lives on one primary); a key whose slot migrates during the walk may be returned twice.
    /// </summary>
    private protected override IAsyncEnumerable<RedisKey> ScanKeysAsync(RedisValue pattern, int? pageSize, string? typeName, CancellationToken cancellationToken) =>
        ServerMode == ServerMode.Cluster
            ? ScanPrimariesAsync(pattern, pageSize, typeName, cancellationToken)
            : base.ScanKeysAsync(pattern, pageSize, typeName, cancellationToken);

    private async IAsyncEnumerable<RedisKey> ScanPrimariesAsync(
        RedisValue pattern, int? pageSize, string? typeName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var walked = new HashSet<Topology.RedisNode>(ReferenceEqualityComparer.Instance);
        while (_topology.Primaries.FirstOrDefault(node => !walked.Contains(node)) is { } node)
        {
            walked.Add(node);
            var view = new RedisNodeCommands(Options, node, Prefixer);
            await foreach (var key in view.ScanPagesOfAsync(pattern, pageSize, typeName, cancellationToken).ConfigureAwait(false))
            {
                yield return key;
            }
        }
    }
}
