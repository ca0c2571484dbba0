using System.Globalization;
using System.Net;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// A <c>MOVED</c> or <c>ASK</c> error parsed: <c>MOVED 3999 127.0.0.1:6381</c> sends slot 3999 to that
/// node (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#redirection-and-resharding).
/// </summary>
/// <param name="Kind">Moved for good, or asked for one command.</param>
/// <param name="Slot">The hash slot the redirected command's keys hash to.</param>
/// <param name="Target">The node to send the command to.</param>
internal readonly record struct ClusterRedirect(ClusterRedirectKind Kind, int Slot, RedisEndpoint Target)
{
    private const string MovedPrefix = "MOVED ";
    private const string AskPrefix = "ASK ";

    /// <summary>
    /// Parses <c>MOVED|ASK &lt;slot&gt; &lt;host&gt;:&lt;port&gt;</c>. The host is a name, an IPv4 address or an
    /// IPv6 address without brackets (the port follows the last colon), or empty for "the node that
    /// answered" (a node that does not know its own address).
    /// </summary>
    /// <param name="errorMessage">The server's error text, without the leading <c>-</c>.</param>
    /// <param name="replyingNode">The node that sent the error.</param>
    /// <param name="redirect">The redirection, when the text is one.</param>
    /// <returns>False for any other error, and for a redirection with a malformed slot, host or port.</returns>
    public static bool TryParse(ReadOnlySpan<char> errorMessage, RedisEndpoint replyingNode, out ClusterRedirect redirect)
    {
        ArgumentNullException.ThrowIfNull(replyingNode);
        redirect = default;
        ClusterRedirectKind? kind = errorMessage.StartsWith(MovedPrefix, StringComparison.Ordinal) ? ClusterRedirectKind.Moved
            : errorMessage.StartsWith(AskPrefix, StringComparison.Ordinal) ? ClusterRedirectKind.Ask
            : null;
        if (kind is not { } found)
        {
            return false;
        }

        var rest = errorMessage[(found == ClusterRedirectKind.Moved ? MovedPrefix : AskPrefix).Length..];
        var space = rest.IndexOf(' ');
        if (space < 0 || !TryParseNumber(rest[..space], out var slot) || slot >= HashSlot.Count)
        {
            return false;
        }

        var address = rest[(space + 1)..];
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !TryParseNumber(address[(colon + 1)..], out var port) || port is 0 or > IPEndPoint.MaxPort
            || !TryMakeEndpoint(address[..colon], port, replyingNode, out var target))
        {
            return false;
        }

        redirect = new ClusterRedirect(found, slot, target);
        return true;
    }

    /// <summary><c>MOVED 3999 127.0.0.1:6381</c>, for diagnostics (an IPv6 target in brackets).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Kind == ClusterRedirectKind.Moved ? "MOVED" : "ASK")} {Slot} {Target}");

    /// <summary>Digits only: no sign, no spaces, as the server writes slots and ports.</summary>
    private static bool TryParseNumber(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryMakeEndpoint(ReadOnlySpan<char> host, int port, RedisEndpoint replyingNode, out RedisEndpoint target)
    {
        target = replyingNode;
        var ownHost = replyingNode.Host;

        // An empty host means the node that answered; the same host is reused rather than copied.
        if (ownHost is not null && (host.IsEmpty || host.SequenceEqual(ownHost)))
        {
            if (port != replyingNode.Port)
            {
                target = RedisEndpoint.Tcp(ownHost, port);
            }

            return true;
        }

        if (host.IsEmpty)
        {
            return false;
        }

        try
        {
            target = RedisEndpoint.Tcp(host.ToString(), port);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
