namespace Multiplex.Protocol;

/// <summary>
/// Byte sequences and sizes fixed by the RESP specification
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
/// </summary>
internal static class RespConstants
{
    /// <summary>Every RESP line and every bulk payload ends with CR LF.</summary>
    public const int CrlfLength = 2;

    /// <summary>The carriage return that starts a line terminator.</summary>
    public const byte CarriageReturn = (byte)'\r';

    /// <summary>The line feed that ends a line terminator.</summary>
    public const byte LineFeed = (byte)'\n';

    /// <summary>
    /// Most digits a length or integer line may hold: a signed 64-bit integer has at most 19 digits,
    /// and one more is tolerated for a leading zero or sign before the value is checked for overflow.
    /// </summary>
    public const int MaxNumberDigits = 20;

    /// <summary>Most bytes of a length or integer line: an optional sign plus <see cref="MaxNumberDigits"/>.</summary>
    public const int MaxNumberLineLength = MaxNumberDigits + 1;

    /// <summary>
    /// Most bytes of a RESP3 double line. Redis prints doubles with <c>%.17g</c> (at most 24 characters);
    /// the margin allows other servers' formatting without allowing unbounded number lines.
    /// </summary>
    public const int MaxDoubleLineLength = 64;

    /// <summary>Verbatim strings start with a three-letter format and a colon, as in <c>txt:</c>.</summary>
    public const int VerbatimFormatLength = 4;

    /// <summary>The declared length of a RESP2 null bulk string (<c>$-1</c>) or null array (<c>*-1</c>).</summary>
    public const long NullLength = -1;

    /// <summary>The line terminator.</summary>
    public static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>The reply of most write commands.</summary>
    public static ReadOnlySpan<byte> Ok => "OK"u8;

    /// <summary>The reply of PING without an argument.</summary>
    public static ReadOnlySpan<byte> Pong => "PONG"u8;

    /// <summary>The reply to each command sent inside MULTI.</summary>
    public static ReadOnlySpan<byte> Queued => "QUEUED"u8;

    /// <summary>The text Redis uses for positive infinity.</summary>
    public static ReadOnlySpan<byte> PositiveInfinity => "inf"u8;

    /// <summary>The text Redis uses for negative infinity.</summary>
    public static ReadOnlySpan<byte> NegativeInfinity => "-inf"u8;
}
