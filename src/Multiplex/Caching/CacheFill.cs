using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Caching;

/// <summary>
/// The reply parser of a read whose reply fills the cache: it parses with the command's own parser,
/// stores the (frozen) reply on the reader loop before the caller resumes, and hands the caller what a
/// hit would. A command lets go of it (<see cref="ICacheFill.Finish"/>) when it is recycled, which drops
/// the held place when no reply was stored (an error reply, a timeout, a cancellation, a lost connection).
/// </summary>
/// <typeparam name="T">The reply's type.</typeparam>
internal sealed class CacheFill<T>(ClientCache cache, CacheEntry<T> entry, ReplyParser<T> inner) : ReplyParser<T>, ICacheFill
{
    // In opt-in tracking the reply is stored only once the server confirmed, on the connection that
    // answers the read, that it tracks the read's keys; in broadcast tracking it tracks every key under
    // the prefixes anyway.
    private bool _serverTracks = !cache.OptIn;

    public bool ServerTracks
    {
        set => _serverTracks = value;
    }

    public override T Parse(ref RespReader reader)
    {
        if (!_serverTracks)
        {
            // Delivered as read; the held place is dropped when the command lets go of the fill.
            return inner.Parse(ref reader);
        }

        var value = CachedValues<T>.Freeze(inner.Parse(ref reader));
        cache.Complete(entry, value);
        return CachedValues<T>.Out(value);
    }

    public void Finish() => cache.Abandon(entry);
}

/// <summary>A cache fill riding on a command, let go of when the command is recycled.</summary>
internal interface ICacheFill
{
    /// <summary>
    /// Set false when the read is written (again) and true when the server answered its
    /// <c>CLIENT CACHING YES</c> with <c>+OK</c> (opt-in tracking): only then is the reply stored.
    /// </summary>
    public bool ServerTracks { set; }

    /// <summary>Drops the fill's held place unless its reply was stored.</summary>
    public void Finish();
}
