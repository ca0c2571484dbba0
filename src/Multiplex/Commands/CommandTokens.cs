using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Pre-encoded names of the commands and keywords the typed methods send.</summary>
internal static class CommandTokens
{
    public static readonly CommandToken Get = CommandToken.Create("GET");
    public static readonly CommandToken Set = CommandToken.Create("SET");
    public static readonly CommandToken Del = CommandToken.Create("DEL");
    public static readonly CommandToken Exists = CommandToken.Create("EXISTS");
    public static readonly CommandToken Expire = CommandToken.Create("EXPIRE");
    public static readonly CommandToken PExpire = CommandToken.Create("PEXPIRE");
    public static readonly CommandToken Ttl = CommandToken.Create("TTL");
    public static readonly CommandToken PTtl = CommandToken.Create("PTTL");
    public static readonly CommandToken Incr = CommandToken.Create("INCR");
    public static readonly CommandToken IncrBy = CommandToken.Create("INCRBY");
    public static readonly CommandToken Decr = CommandToken.Create("DECR");
    public static readonly CommandToken DecrBy = CommandToken.Create("DECRBY");
    public static readonly CommandToken Ping = CommandToken.Create("PING");
    public static readonly CommandToken Echo = CommandToken.Create("ECHO");

    // Names of two-word commands, for messages only: they are never written as one token.
    public static readonly CommandToken ClientId = CommandToken.Create("CLIENT ID");
    public static readonly CommandToken ClientUnblock = CommandToken.Create("CLIENT UNBLOCK");

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
