namespace Multiplex.Topology.Cluster;

/// <summary>A run of hash slots from <paramref name="Start"/> to <paramref name="End"/>, both included, as the cluster commands report them.</summary>
/// <param name="Start">The first slot of the run.</param>
/// <param name="End">The last slot of the run (not before <paramref name="Start"/>).</param>
internal readonly record struct SlotRange(int Start, int End)
{
    /// <summary>How many slots the run holds.</summary>
    public int Count => End - Start + 1;

    /// <summary>Whether <paramref name="slot"/> falls in the run.</summary>
    public bool Contains(int slot) => slot >= Start && slot <= End;

    /// <summary><c>start-end</c>, or the one slot.</summary>
    public override string ToString() => Start == End ? $"{Start}" : $"{Start}-{End}";
}
