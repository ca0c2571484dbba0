namespace Multiplex;

/// <content>Conversions, and helpers that give RESP2 and RESP3 replies the same shape.</content>
public sealed partial class RedisResult
{
    /// <summary>The reply as text; null for a null. A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is an aggregate.</exception>
    public static explicit operator string?(RedisResult result) => result.IsNull ? null : (string?)result.Scalar("string");

    /// <summary>The reply as bytes; null for a null. A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is an aggregate.</exception>
    public static explicit operator byte[]?(RedisResult result) => result.IsNull ? null : (byte[]?)result.Scalar("byte[]");

    /// <summary>The reply as a 64-bit integer. A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is null, an aggregate or not an integer.</exception>
    public static explicit operator long(RedisResult result) =>
        result.Number("long").TryParse(out long value) ? value : throw result.NotValid("long");

    /// <summary>The reply as a double (<c>inf</c>, <c>-inf</c> and <c>nan</c> included; no surrounding spaces, as Redis reads numbers). A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is null, an aggregate or not a number.</exception>
    public static explicit operator double(RedisResult result) =>
        result.Number("double").TryParse(out double value) ? value : throw result.NotValid("double");

    /// <summary>The reply as a boolean (RESP3 boolean, or the integer 1 or 0). A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is not a boolean.</exception>
    public static explicit operator bool(RedisResult result) =>
        result.Number("bool").TryParse(out long value) && value is 0 or 1 ? value == 1 : throw result.NotValid("bool");

    /// <summary>The scalar reply as a value; null for a null. A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is an aggregate.</exception>
    public static explicit operator RedisValue(RedisResult result) => result.IsNull ? RedisValue.Null : result.Scalar("RedisValue");

    /// <summary>A copy of an aggregate's children; null for a null. A server error is thrown.</summary>
    /// <param name="result">The reply.</param>
    /// <exception cref="InvalidCastException">The reply is a scalar.</exception>
    public static explicit operator RedisResult[]?(RedisResult result)
    {
        if (result.IsNull)
        {
            return null;
        }

        result.ThrowIfError();
        return result.IsAggregate ? [.. result._elements] : throw NotA(result, "RedisResult[]");
    }

    /// <summary>
    /// The key/value pairs of a RESP3 map, of a RESP2 flat array (<c>k1, v1, k2, v2…</c>) or of an array of
    /// two-element arrays, so a command gives the same pairs under both protocols.
    /// </summary>
    /// <returns>The pairs, in reply order; empty for a null.</returns>
    /// <exception cref="InvalidCastException">The reply has none of those shapes.</exception>
    public IReadOnlyList<KeyValuePair<RedisResult, RedisResult>> ToPairs()
    {
        ThrowIfError();
        if (IsNull)
        {
            return [];
        }

        if (Type == RedisResultType.Map)
        {
            return MapEntries!;
        }

        if (!IsAggregate)
        {
            throw NotA(this, "map");
        }

        if (_elements.Length > 0 && Array.TrueForAll(_elements, e => e.IsAggregate && e.Count == 2))
        {
            return Array.ConvertAll(_elements, e => new KeyValuePair<RedisResult, RedisResult>(e[0], e[1]));
        }

        return _elements.Length % 2 == 0 ? Pair(_elements) : throw NotA(this, "map (odd number of elements)");
    }

    /// <summary>The pairs of <see cref="ToPairs"/> keyed by their text; a repeated key keeps its last value.</summary>
    /// <returns>A new dictionary with ordinal keys.</returns>
    /// <exception cref="InvalidCastException">The reply is not map-shaped, or a key is null or an aggregate.</exception>
    public Dictionary<string, RedisResult> ToDictionary()
    {
        var pairs = ToPairs();
        var dictionary = new Dictionary<string, RedisResult>(pairs.Count, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            dictionary[(string?)pair.Key ?? throw NotA(pair.Key!, "map key")] = pair.Value;
        }

        return dictionary;
    }

    private RedisValue Scalar(string target)
    {
        ThrowIfError();
        if (IsAggregate)
        {
            throw NotA(this, target);
        }

        return Value;
    }

    /// <summary>The scalar to parse as <paramref name="target"/>; a null reply cannot be one.</summary>
    private RedisValue Number(string target)
    {
        var value = Scalar(target);
        return value.IsNull ? throw NotA(this, target) : value;
    }

    /// <summary>A scalar reply that does not parse as <paramref name="target"/>: says which reply and why, never quoting it.</summary>
    private InvalidCastException NotValid(string target) =>
        new($"A {Type} reply is not a valid {target}{RedisValue.WhyNot(Value, target)}.");

    private void ThrowIfError()
    {
        if (IsError)
        {
            throw new RedisServerException(ErrorMessage ?? string.Empty);
        }
    }

    private static InvalidCastException NotA(RedisResult result, string target) =>
        new($"A {(result.IsNull ? "null" : result.Type.ToString())} reply cannot be converted to {target}.");
}
