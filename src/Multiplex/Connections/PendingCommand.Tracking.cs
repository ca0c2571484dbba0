using System.Buffers;
using Multiplex.Caching;

namespace Multiplex.Connections;

/// <content>
/// A cache fill's read in opt-in tracking: <c>CLIENT CACHING YES</c> is written just before the
/// command's frame, on the same connection and in the same write, so the server tracks the key for this
/// one read; its <c>+OK</c> is the command's first reply. The fill stores the reply only when that
/// <c>+OK</c> came on the connection that then answered the read: a read sent any other way (a cluster
/// ASK, which puts ASKING in between) is delivered but never stored, since no server would tell the
/// client when its value changes.
/// </content>
internal abstract partial class PendingCommand
{
    private ICacheFill? _trackedFill;
    private bool _cachingReplyPending;

    /// <summary>"CLIENT CACHING YES", written before the frame of a command that <see cref="AsksCaching"/>.</summary>
    public static ReadOnlySpan<byte> CachingYesFrame => "*3\r\n$6\r\nCLIENT\r\n$7\r\nCACHING\r\n$3\r\nYES\r\n"u8;

    /// <summary>Whether <c>CLIENT CACHING YES</c> goes before this command's frame.</summary>
    public bool AsksCaching => _trackedFill is not null;

    /// <summary>Asks the server to track this read's keys for <paramref name="fill"/>, which stores the reply only if it did.</summary>
    public void AskCaching(ICacheFill fill) => _trackedFill = fill;

    /// <summary>Sends the command without <c>CLIENT CACHING YES</c> from now on: its reply is never stored.</summary>
    public void StopAskingCaching()
    {
        if (_trackedFill is { } fill)
        {
            fill.ServerTracks = false;
        }

        _trackedFill = null;
        _cachingReplyPending = false;
    }

    /// <summary>Writes the command's frame, after <c>CLIENT CACHING YES</c> when it asks for it.</summary>
    public void WriteFrameTo(IBufferWriter<byte> output)
    {
        WriteCachingPrefixTo(output);
        output.Write(Encoded);
    }

    /// <summary>Writes <c>CLIENT CACHING YES</c> when the command asks for it (before its frame, however that is written).</summary>
    public void WriteCachingPrefixTo(IBufferWriter<byte> output)
    {
        if (AsksCaching)
        {
            output.Write(CachingYesFrame);
        }
    }

    /// <summary>A new write attempt: the reply to <c>CLIENT CACHING YES</c> comes first, and nothing is confirmed yet.</summary>
    private void BeginCachingAttempt()
    {
        if (_trackedFill is { } fill)
        {
            fill.ServerTracks = false;
            _cachingReplyPending = true;
        }
    }

    /// <summary>
    /// Takes the reply to <c>CLIENT CACHING YES</c> when it is the one expected: the fill may store the
    /// read's reply only if it is <c>+OK</c>. Returns false for any other reply.
    /// </summary>
    private bool TryTakeCachingReply(in ReadOnlySequence<byte> frame)
    {
        if (!_cachingReplyPending)
        {
            return false;
        }

        _cachingReplyPending = false;
        _trackedFill!.ServerTracks = IsOk(frame);
        return true;
    }

    private static bool IsOk(in ReadOnlySequence<byte> frame) =>
        frame.Length == 5 && frame.FirstSpan.Length >= 3 && frame.FirstSpan[0] == (byte)'+' && frame.FirstSpan[1] == (byte)'O' && frame.FirstSpan[2] == (byte)'K';

    private void ResetTracking()
    {
        _trackedFill = null;
        _cachingReplyPending = false;
    }
}
