using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Topology;

/// <summary>
/// Where a command's keys sit among its arguments, in the terms of the server's key specifications
/// (https://redis.io/docs/latest/develop/reference/key-specs/): keys start at a fixed index or after a
/// keyword, and run for a range or for a count read from an argument. Indexes count the command name as
/// 0. The keys are read from the encoded frame when a topology needs them (a hash slot, or the
/// connection a key stays on), so a command is encoded once and can be re-sent to another node as it is.
/// </summary>
internal abstract class KeySpec
{
    // Commands with up to this many arguments are read without renting an array.
    private const int StackArguments = 32;

    /// <summary>The command touches no key.</summary>
    public static KeySpec None { get; } = new NoKeys();

    /// <summary>One key, the first argument (<c>GET key</c>).</summary>
    public static KeySpec First { get; } = new IndexRange(1, 1, 1);

    /// <summary>Every argument is a key (<c>DEL key [key …]</c>).</summary>
    public static KeySpec All { get; } = new IndexRange(1, -1, 1);

    /// <summary>Whether the command has keys at all.</summary>
    public bool HasKeys => this is not NoKeys;

    /// <summary>Whether the command has at most one key, at a fixed index (<c>GET key</c>, <c>OBJECT ENCODING key</c>).</summary>
    public virtual bool IsSingleKey => false;

    /// <summary>One key at <paramref name="index"/> (<c>OBJECT ENCODING key</c>: 2).</summary>
    public static KeySpec At(int index) => new IndexRange(index, index, 1);

    /// <summary>
    /// Keys from <paramref name="first"/> to <paramref name="last"/>, every <paramref name="step"/>-th
    /// argument; a negative <paramref name="last"/> counts from the end (-1 the last argument, -2 the one
    /// before it).
    /// </summary>
    public static KeySpec Range(int first, int last, int step = 1) => new IndexRange(first, last, step);

    /// <summary>As many keys as the number at <paramref name="countIndex"/> says, right after it (<c>ZUNION numkeys key…</c>).</summary>
    public static KeySpec Counted(int countIndex, int step = 1) => new KeyCount(countIndex, step);

    /// <summary>
    /// The key right after <paramref name="keyword"/>, looked for from <paramref name="startFrom"/>
    /// onwards; a negative <paramref name="startFrom"/> looks backwards from that many arguments before the
    /// end (-1: from the last one), for keywords that come last (<c>SORT … STORE destination</c>).
    /// </summary>
    public static KeySpec AfterKeyword(string keyword, int startFrom) => new Keyword(keyword, startFrom, halfOfRest: false);

    /// <summary>
    /// The first half of the arguments after <paramref name="keyword"/> (<c>XREAD … STREAMS key… id…</c>),
    /// looked for from <paramref name="startFrom"/> onwards.
    /// </summary>
    public static KeySpec HalfAfterKeyword(string keyword, int startFrom) => new Keyword(keyword, startFrom, halfOfRest: true);

    /// <summary>These keys, then <paramref name="other"/>'s.</summary>
    public KeySpec And(KeySpec other) => new Both(this, other);

    /// <summary>Adds where each key sits in <paramref name="frame"/>, in argument order.</summary>
    public void FindKeys(ReadOnlySpan<byte> frame, List<Range> keys)
    {
        var found = new Found(keys);
        Search(frame, ref found);
    }

    /// <summary>Like <see cref="FindKeys(ReadOnlySpan{byte}, List{Range})"/> over arguments already read with <see cref="CommandFrame.Read"/>.</summary>
    public void FindKeys(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, List<Range> keys)
    {
        var found = new Found(keys);
        Find(frame, arguments, ref found);
    }

    /// <summary>The keys of <paramref name="frame"/>, copied out (for tests and diagnostics).</summary>
    public List<byte[]> ReadKeys(ReadOnlySpan<byte> frame)
    {
        var ranges = new List<Range>();
        FindKeys(frame, ranges);
        var keys = new List<byte[]>(ranges.Count);
        foreach (var range in ranges)
        {
            keys.Add(frame[range].ToArray());
        }

        return keys;
    }

    /// <summary>Where the first key sits in <paramref name="frame"/>; false when the command has none.</summary>
    public bool TryFindFirstKey(ReadOnlySpan<byte> frame, out Range key)
    {
        var found = new Found(null);
        if (HasKeys)
        {
            Search(frame, ref found);
        }

        key = found.First;
        return found.HasFirst;
    }

    /// <summary>
    /// The hash slot all the keys of <paramref name="frame"/> are in; <see cref="HashSlot.NoKeys"/> when the
    /// command has none, <see cref="HashSlot.CrossSlot"/> when they are in different slots. Reads the
    /// keys in place, without allocating.
    /// </summary>
    public int SlotOf(ReadOnlySpan<byte> frame)
    {
        if (!HasKeys)
        {
            return HashSlot.NoKeys;
        }

        var found = new Found(null) { ComparesSlots = true };
        Search(frame, ref found);
        return found.HasFirst ? found.Slot : HashSlot.NoKeys;
    }

    /// <summary>Finds key indexes among <paramref name="arguments"/>; stops early once <paramref name="found"/> is satisfied.</summary>
    protected abstract void Find(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, ref Found found);

    private void Search(ReadOnlySpan<byte> frame, ref Found found)
    {
        var count = CommandFrame.ArgumentCount(frame);
        Range[]? rented = null;
        var arguments = count <= StackArguments ? stackalloc Range[StackArguments] : (rented = ArrayPool<Range>.Shared.Rent(count));
        try
        {
            var read = CommandFrame.Read(frame, arguments);
            Find(frame, arguments[..read], ref found);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<Range>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// What a search has found: the first key, every key when a list is given, and when
    /// <see cref="ComparesSlots"/> the one slot of all keys (or <see cref="HashSlot.CrossSlot"/>).
    /// </summary>
    protected struct Found(List<Range>? all)
    {
        private readonly List<Range>? _all = all;

        /// <summary>Whether each key's slot is compared with the first key's.</summary>
        public bool ComparesSlots { get; init; }

        public Range First { get; private set; }

        public bool HasFirst { get; private set; }

        /// <summary>The slot of every key so far, or <see cref="HashSlot.CrossSlot"/>.</summary>
        public int Slot { get; private set; }

        /// <summary>Whether the search can stop: only the first key is wanted and it is known, or the keys already span slots.</summary>
        public readonly bool IsSatisfied => _all is null && HasFirst && (!ComparesSlots || Slot == HashSlot.CrossSlot);

        /// <summary>Adds the key at <paramref name="key"/> in <paramref name="frame"/>.</summary>
        public void Add(ReadOnlySpan<byte> frame, Range key)
        {
            if (!HasFirst)
            {
                First = key;
                HasFirst = true;
                if (ComparesSlots)
                {
                    Slot = HashSlot.Of(frame[key]);
                }
            }
            else if (ComparesSlots && Slot != HashSlot.CrossSlot && HashSlot.Of(frame[key]) != Slot)
            {
                Slot = HashSlot.CrossSlot;
            }

            _all?.Add(key);
        }
    }

    private sealed class NoKeys : KeySpec
    {
        protected override void Find(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, ref Found found)
        {
        }
    }

    private sealed class IndexRange(int first, int last, int step) : KeySpec
    {
        public override bool IsSingleKey => first == last && first > 0;

        protected override void Find(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, ref Found found)
        {
            var end = last >= 0 ? last : arguments.Length + last;
            for (var i = first; i <= end && i < arguments.Length && !found.IsSatisfied; i += step)
            {
                found.Add(frame, arguments[i]);
            }
        }
    }

    private sealed class KeyCount(int countIndex, int step) : KeySpec
    {
        protected override void Find(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, ref Found found)
        {
            if (countIndex >= arguments.Length || !RespFormat.TryParseInt64(frame[arguments[countIndex]], out var count) || count <= 0)
            {
                return;
            }

            var end = Math.Min(arguments.Length - 1, countIndex + (count * step));
            for (var i = countIndex + 1; i <= end && !found.IsSatisfied; i += step)
            {
                found.Add(frame, arguments[i]);
            }
        }
    }

    private sealed class Keyword(string keyword, int startFrom, bool halfOfRest) : KeySpec
    {
        protected override void Find(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, ref Found found)
        {
            var at = IndexOfKeyword(frame, arguments);
            if (at < 0 || at + 1 >= arguments.Length)
            {
                return;
            }

            var keys = halfOfRest ? (arguments.Length - at - 1) / 2 : 1;
            for (var i = at + 1; i <= at + keys && !found.IsSatisfied; i++)
            {
                found.Add(frame, arguments[i]);
            }
        }

        private int IndexOfKeyword(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments)
        {
            if (startFrom >= 0)
            {
                for (var i = startFrom; i < arguments.Length; i++)
                {
                    if (CommandFrame.IsKeyword(frame[arguments[i]], keyword))
                    {
                        return i;
                    }
                }

                return -1;
            }

            for (var i = arguments.Length + startFrom; i > 0; i--)
            {
                if (CommandFrame.IsKeyword(frame[arguments[i]], keyword))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private sealed class Both(KeySpec first, KeySpec second) : KeySpec
    {
        protected override void Find(ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, ref Found found)
        {
            first.Find(frame, arguments, ref found);
            if (!found.IsSatisfied)
            {
                second.Find(frame, arguments, ref found);
            }
        }
    }
}
