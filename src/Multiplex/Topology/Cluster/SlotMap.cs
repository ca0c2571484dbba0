namespace Multiplex.Topology.Cluster;

/// <summary>
/// Which shard serves each of the cluster's <see cref="HashSlot.Count"/> hash slots, as one node
/// reported it. Immutable: a refresh builds a new map and keeps it only when it is not
/// <see cref="SameAs">the same</see> as the current one.
/// </summary>
internal sealed class SlotMap
{
    private readonly ClusterShard?[] _owners = new ClusterShard?[HashSlot.Count];
    private readonly RedisEndpoint[] _endpoints;

    /// <summary>Builds the map of <paramref name="shards"/>; a shard without slot ranges is listed but owns no slot.</summary>
    /// <exception cref="ArgumentException">A range falls outside the slots, or two ranges claim the same slot.</exception>
    public SlotMap(IReadOnlyList<ClusterShard> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        foreach (var shard in shards)
        {
            foreach (var range in shard.SlotRanges)
            {
                Claim(shard, range);
            }
        }

        Shards = shards;
        UncoveredSlots = Array.FindAll(_owners, owner => owner is null).Length;
        _endpoints = [.. shards.Select(shard => shard.Primary).Concat(shards.SelectMany(shard => shard.Replicas)).Distinct()];
    }

    /// <summary>The shards, in reply order, those without slots included.</summary>
    public IReadOnlyList<ClusterShard> Shards { get; }

    /// <summary>How many slots no shard serves (0 in a healthy cluster).</summary>
    public int UncoveredSlots { get; }

    /// <summary>Every node of the map, each once: the primaries first, then the replicas.</summary>
    public IEnumerable<RedisEndpoint> AllEndpoints => _endpoints;

    /// <summary>The shard that serves <paramref name="slot"/>, or null when none does.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slot is not from 0 to <see cref="HashSlot.Count"/> - 1.</exception>
    public ClusterShard? ShardOf(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, HashSlot.Count);
        return _owners[slot];
    }

    /// <summary>
    /// Whether every slot has the same primary endpoint and the same replica endpoints in both maps (or
    /// no shard in both), so a refresh that returns this map changes nothing for routing. Node ids,
    /// shard order and shards without slots are not compared.
    /// </summary>
    public bool SameAs(SlotMap other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ClusterShard? checkedMine = null;
        ClusterShard? checkedTheirs = null;
        for (var slot = 0; slot < HashSlot.Count; slot++)
        {
            var mine = _owners[slot];
            var theirs = other._owners[slot];
            if (mine is null || theirs is null)
            {
                if (mine is not null || theirs is not null)
                {
                    return false;
                }

                continue;
            }

            // Slots come in long runs of one shard: a pair of shards is compared once per run.
            if (ReferenceEquals(mine, checkedMine) && ReferenceEquals(theirs, checkedTheirs))
            {
                continue;
            }

            if (!mine.HasSameNodesAs(theirs))
            {
                return false;
            }

            (checkedMine, checkedTheirs) = (mine, theirs);
        }

        return true;
    }

    private void Claim(ClusterShard shard, SlotRange range)
    {
        if (range.Start < 0 || range.End >= HashSlot.Count || range.Start > range.End)
        {
            throw new ArgumentException($"slot range {range} of {shard.Primary} is not within 0 to {HashSlot.Count - 1}");
        }

        for (var slot = range.Start; slot <= range.End; slot++)
        {
            if (_owners[slot] is { } owner)
            {
                throw new ArgumentException($"slot {slot} is claimed by both {owner.Primary} and {shard.Primary}");
            }

            _owners[slot] = shard;
        }
    }
}
