using Multiplex.Topology;

namespace Multiplex.Commands.HyperLogLog;

/// <summary>Pre-encoded names of the HyperLogLog commands.</summary>
internal static class HyperLogLogTokens
{
    public static readonly CommandSpec PfAdd = CommandSpec.Write("PFADD", KeySpec.First);
    public static readonly CommandSpec PfCount = CommandSpec.Read("PFCOUNT", KeySpec.All);
    public static readonly CommandSpec PfMerge = CommandSpec.Write("PFMERGE", KeySpec.First.And(KeySpec.Range(2, -1)));
}
