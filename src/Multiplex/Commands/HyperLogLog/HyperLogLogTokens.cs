using Multiplex.Protocol;

namespace Multiplex.Commands.HyperLogLog;

/// <summary>Pre-encoded names of the HyperLogLog commands.</summary>
internal static class HyperLogLogTokens
{
    public static readonly CommandToken PfAdd = CommandToken.Get("PFADD");
    public static readonly CommandToken PfCount = CommandToken.Get("PFCOUNT");
    public static readonly CommandToken PfMerge = CommandToken.Get("PFMERGE");
}
