using System.Text;

namespace Multiplex;

/// <summary>
/// A reply of any shape, as returned by commands without a typed result. Server errors are values here
/// (<see cref="IsError"/>, <see cref="ErrorMessage"/>), not exceptions, until they are converted to
/// another type.
/// </summary>
public sealed partial class RedisResult
{
    // ToString shows this many elements of an aggregate before eliding the rest.
    private const int MaxElementsShown = 16;

    private static readonly RedisResult[] NoElements = [];

    private readonly RedisResult[] _elements;
    private KeyValuePair<RedisResult, RedisResult>[]? _mapEntries;

    private RedisResult(RedisResultType type, RedisValue value, RedisResult[]? elements, bool isNull, RedisResult? attributes)
    {
        Type = type;
        Value = value;
        _elements = elements ?? NoElements;
        IsNull = isNull;
        Attributes = attributes;
    }

    /// <summary>The RESP type of the reply.</summary>
    public RedisResultType Type { get; }

    /// <summary>Whether the reply is a null (RESP3 <c>_</c>, or RESP2 <c>$-1</c> / <c>*-1</c>).</summary>
    public bool IsNull { get; }

    /// <summary>Whether the reply is a server error.</summary>
    public bool IsError => Type is RedisResultType.SimpleError or RedisResultType.BulkError;

    /// <summary>The server's error text (for example <c>WRONGTYPE Operation against a key…</c>), or null.</summary>
    public string? ErrorMessage => IsError ? (string?)Value : null;

    /// <summary>Whether the reply is an aggregate (array, map, set, push or attribute) that is not null.</summary>
    public bool IsAggregate => !IsNull && Type is RedisResultType.Array or RedisResultType.Map
        or RedisResultType.Set or RedisResultType.Push or RedisResultType.Attribute;

    /// <summary>The scalar value (<see cref="RedisValue.Null"/> for aggregates and nulls).</summary>
    public RedisValue Value { get; }

    /// <summary>The children of an aggregate (a map's keys and values alternately); empty for a scalar.</summary>
    public IReadOnlyList<RedisResult> Elements => _elements;

    /// <summary>The entries of a map or attribute; null for every other type.</summary>
    public IReadOnlyList<KeyValuePair<RedisResult, RedisResult>>? MapEntries =>
        Type is RedisResultType.Map or RedisResultType.Attribute && !IsNull ? _mapEntries ??= Pair(_elements) : null;

    /// <summary>The RESP3 attributes that decorated this reply (an <see cref="RedisResultType.Attribute"/> result), or null.</summary>
    public RedisResult? Attributes { get; }

    /// <summary>The number of children of an aggregate; 0 for a scalar.</summary>
    public int Count => _elements.Length;

    /// <summary>A child of an aggregate.</summary>
    /// <param name="index">The child's position.</param>
    public RedisResult this[int index] => _elements[index];

    /// <summary>A readable rendering for debugging: <c>(nil)</c>, <c>(error) …</c>, text, or a bracketed list.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    private void Append(StringBuilder builder)
    {
        if (IsNull)
        {
            builder.Append("(nil)");
            return;
        }

        if (IsError)
        {
            builder.Append("(error) ").Append(ErrorMessage);
            return;
        }

        if (!IsAggregate)
        {
            builder.Append(Type == RedisResultType.Boolean ? ((bool)Value ? "true" : "false") : Value.ToString());
            return;
        }

        var isMap = Type is RedisResultType.Map or RedisResultType.Attribute;
        builder.Append(isMap ? '{' : '[');
        for (var i = 0; i < _elements.Length && i < MaxElementsShown; i++)
        {
            builder.Append(i == 0 ? string.Empty : isMap && i % 2 == 1 ? ": " : ", ");
            _elements[i].Append(builder);
        }

        builder.Append(_elements.Length > MaxElementsShown ? ", …" : string.Empty).Append(isMap ? '}' : ']');
    }

    private static KeyValuePair<RedisResult, RedisResult>[] Pair(RedisResult[] flat)
    {
        var pairs = new KeyValuePair<RedisResult, RedisResult>[flat.Length / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(flat[2 * i], flat[(2 * i) + 1]);
        }

        return pairs;
    }
}
