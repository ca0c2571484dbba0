using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands;

/// <summary>Pre-encoded names of the commands and keywords the typed methods send.</summary>
internal static class CommandTokens
{
    public static readonly CommandSpec Get = CommandSpec.Read("GET", KeySpec.First);
    public static readonly CommandSpec Set = CommandSpec.Write("SET", KeySpec.First);
    public static readonly CommandSpec Del = CommandSpec.Write("DEL", KeySpec.All).SplitBySlot(ReplyAggregate.Sum);
    public static readonly CommandSpec Exists = CommandSpec.Read("EXISTS", KeySpec.All).SplitBySlot(ReplyAggregate.Sum);
    public static readonly CommandSpec Expire = CommandSpec.Write("EXPIRE", KeySpec.First);
    public static readonly CommandSpec PExpire = CommandSpec.Write("PEXPIRE", KeySpec.First);
    public static readonly CommandSpec Ttl = CommandSpec.Read("TTL", KeySpec.First);
    public static readonly CommandSpec PTtl = CommandSpec.Read("PTTL", KeySpec.First);
    public static readonly CommandSpec Incr = CommandSpec.Write("INCR", KeySpec.First);
    public static readonly CommandSpec IncrBy = CommandSpec.Write("INCRBY", KeySpec.First);
    public static readonly CommandSpec Decr = CommandSpec.Write("DECR", KeySpec.First);
    public static readonly CommandSpec DecrBy = CommandSpec.Write("DECRBY", KeySpec.First);
    public static readonly CommandSpec Ping = CommandSpec.Other("PING");
    public static readonly CommandSpec Echo = CommandSpec.Other("ECHO");

    // Keywords
    public static readonly CommandToken Ex = CommandToken.Create("EX");
    public static readonly CommandToken Px = CommandToken.Create("PX");
    public static readonly CommandToken Nx = CommandToken.Create("NX");
    public static readonly CommandToken Xx = CommandToken.Create("XX");
    public static readonly CommandToken Gt = CommandToken.Create("GT");
    public static readonly CommandToken Lt = CommandToken.Create("LT");
    public static readonly CommandToken KeepTtl = CommandToken.Create("KEEPTTL");

    /// <summary>The keyword of an expiry condition (EXPIRE and HEXPIRE families); not for <see cref="ExpireWhen.Always"/>.</summary>
    public static CommandToken For(ExpireWhen when) => when switch
    {
        ExpireWhen.HasNoExpiry => Nx,
        ExpireWhen.HasExpiry => Xx,
        ExpireWhen.GreaterThanCurrent => Gt,
        ExpireWhen.LessThanCurrent => Lt,
        _ => throw new ArgumentOutOfRangeException(nameof(when), when, "Always has no keyword."),
    };
}
