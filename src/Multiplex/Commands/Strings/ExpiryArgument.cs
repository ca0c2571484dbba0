using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands.Strings;

/// <summary>
/// An expiry as a keyword and an amount: <c>EX</c>/<c>PX</c> for a time to live, <c>EXAT</c>/<c>PXAT</c>
/// for a Unix time. Seconds are sent when the value is whole seconds, milliseconds otherwise.
/// </summary>
internal readonly record struct ExpiryArgument(CommandToken Token, long Amount)
{
    /// <summary>A time to live; throws when it is not positive.</summary>
    public static ExpiryArgument Relative(TimeSpan expiry, string parameterName)
    {
        if (expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, expiry, "The expiry must be positive.");
        }

        return expiry.Ticks % TimeSpan.TicksPerSecond == 0
            ? new ExpiryArgument(CommandTokens.Ex, (long)expiry.TotalSeconds)
            : new ExpiryArgument(CommandTokens.Px, (long)Math.Ceiling(expiry.TotalMilliseconds));
    }

    /// <summary>A point in time; throws when it is not after the Unix epoch.</summary>
    public static ExpiryArgument Absolute(DateTimeOffset expiresAt, string parameterName)
    {
        var milliseconds = ToUnixMilliseconds(expiresAt, parameterName);
        return milliseconds % 1000 == 0
            ? new ExpiryArgument(StringTokens.ExAt, milliseconds / 1000)
            : new ExpiryArgument(StringTokens.PxAt, milliseconds);
    }

    /// <summary>Milliseconds since the Unix epoch; throws when not positive.</summary>
    public static long ToUnixMilliseconds(DateTimeOffset value, string parameterName)
    {
        var milliseconds = value.ToUnixTimeMilliseconds();
        if (milliseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The time must be after the Unix epoch.");
        }

        return milliseconds;
    }

    /// <summary>Writes the keyword and the amount (two arguments).</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        RespWriter.WriteCommandToken(writer, Token);
        RespWriter.WriteBulkString(writer, Amount);
    }
}
