using Multiplex.Commands;

namespace Multiplex;

/// <summary>Vector sets (Redis 8.0+; garnet with its vector-set preview): VADD, VSIM, VREM and the inspection commands.</summary>
public abstract partial class RedisCommands
{
    /// <summary>VADD: adds an element with its vector to a vector set, creating the set if needed.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="vector">The vector (at least one dimension; the same dimension as the set's other vectors).</param>
    /// <param name="element">The element.</param>
    /// <param name="options">Reduction, quantization, graph and attribute options; null for the server's defaults.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the element was added; false when it existed and its vector was updated.</returns>
    public ValueTask<bool> VAddAsync(RedisKey key, ReadOnlyMemory<float> vector, RedisValue element, VAddOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfEmptyVector(vector);
        ThrowIfNullElement(element);
        var arguments = new CommandArgumentList(VectorTokens.VAdd).AddKey(key);
        if (options?.ReduceDimensions is { } dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions, nameof(options));
            arguments.Add(VectorTokens.Reduce, dimensions);
        }

        AddVector(arguments, vector);
        arguments.Add(element);
        if (options is not null)
        {
            AddVAddOptions(arguments, options);
        }

        return SendArguments(arguments, ReplyParsers.Boolean, cancellationToken);
    }

    /// <summary>VSIM: the elements most similar to a vector, best first.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="vector">The query vector.</param>
    /// <param name="options">Count, filter and search options; null for the server's defaults.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The matches with their scores (and attributes when asked for); empty when the set does not exist.</returns>
    public ValueTask<VectorMatch[]> VSimAsync(RedisKey key, ReadOnlyMemory<float> vector, VSimOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfEmptyVector(vector);
        var arguments = new CommandArgumentList(VectorTokens.VSim).AddKey(key);
        AddVector(arguments, vector);
        return SendVSim(arguments, key, options, cancellationToken);
    }

    /// <summary>VSIM ELE: the elements most similar to an element of the set, best first (the element itself included).</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element whose vector is the query.</param>
    /// <param name="options">Count, filter and search options; null for the server's defaults.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The matches with their scores; a missing element throws <see cref="RedisServerException"/>.</returns>
    public ValueTask<VectorMatch[]> VSimAsync(RedisKey key, RedisValue element, VSimOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullElement(element);
        var arguments = new CommandArgumentList(VectorTokens.VSim).AddKey(key).Add(VectorTokens.Ele, element);
        return SendVSim(arguments, key, options, cancellationToken);
    }

    /// <summary>VCARD: how many elements a vector set holds.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The element count; 0 when the key does not exist.</returns>
    public ValueTask<long> VCardAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(VectorTokens.VCard, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>VDIM: the dimension of a vector set's vectors (after any reduction).</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The dimension; a missing key throws <see cref="RedisServerException"/>.</returns>
    public ValueTask<long> VDimAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(VectorTokens.VDim, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>VEMB: an element's vector, as stored (so approximate under quantization).</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The vector, or null when the key or the element does not exist.</returns>
    public ValueTask<float[]?> VEmbAsync(RedisKey key, RedisValue element, CancellationToken cancellationToken = default) =>
        SendElementCommand(VectorTokens.VEmb, key, element, VectorParsers.Embedding, cancellationToken);

    /// <summary>VREM: removes an element from a vector set (the set is deleted with its last element).</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the element was removed; false when it was not there.</returns>
    public ValueTask<bool> VRemAsync(RedisKey key, RedisValue element, CancellationToken cancellationToken = default) =>
        SendElementCommand(VectorTokens.VRem, key, element, ReplyParsers.Boolean, cancellationToken);

    /// <summary>VGETATTR: an element's JSON attributes.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The JSON text, or null when the element has none or does not exist.</returns>
    public ValueTask<string?> VGetAttrAsync(RedisKey key, RedisValue element, CancellationToken cancellationToken = default) =>
        SendElementCommand(VectorTokens.VGetAttr, key, element, ReplyParsers.String, cancellationToken);

    /// <summary>VSETATTR: sets (or, with an empty string, removes) an element's JSON attributes.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element.</param>
    /// <param name="attributesJson">A JSON object; empty to remove the attributes.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when set; false when the key or the element does not exist.</returns>
    public ValueTask<bool> VSetAttrAsync(RedisKey key, RedisValue element, string attributesJson, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullElement(element);
        ArgumentNullException.ThrowIfNull(attributesJson);
        var arguments = new CommandArgumentList(VectorTokens.VSetAttr).AddKey(key).Add(element).Add(attributesJson);
        return SendArguments(arguments, ReplyParsers.Boolean, cancellationToken);
    }

    /// <summary>VINFO: a vector set's metadata (<c>quant-type</c>, <c>vector-dim</c>, <c>size</c>, <c>max-level</c>, …).</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each field and its value, or null when the key does not exist.</returns>
    public ValueTask<Dictionary<string, RedisValue>?> VInfoAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(VectorTokens.VInfo, key, VectorParsers.Info, cancellationToken);

    /// <summary>VLINKS: an element's neighbours in the graph, level by level, with their scores.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One array of neighbours per level, from level 0 up; null when the key or the element does not exist.</returns>
    public ValueTask<VectorMatch[][]?> VLinksAsync(RedisKey key, RedisValue element, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullElement(element);
        var arguments = new CommandArgumentList(VectorTokens.VLinks).AddKey(key).Add(element).Add(VectorTokens.WithScores);
        return SendArguments(arguments, VectorParsers.Links, cancellationToken);
    }

    /// <summary>VRANDMEMBER: one random element.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The element, or <see cref="RedisValue.Null"/> when the set does not exist.</returns>
    public ValueTask<RedisValue> VRandMemberAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(VectorTokens.VRandMember, key, ReplyParsers.Value, cancellationToken);

    /// <summary>VRANDMEMBER with a count: random elements.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="count">Positive: up to that many distinct elements; negative: exactly that many, repeats allowed.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The elements; empty when the set does not exist.</returns>
    public ValueTask<RedisValue[]> VRandMemberAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var arguments = new CommandArgumentList(VectorTokens.VRandMember).AddKey(key).Add(count);
        return SendArguments(arguments, VectorParsers.Values, cancellationToken);
    }

    /// <summary>VISMEMBER: whether an element is in a vector set.</summary>
    /// <param name="key">The vector set.</param>
    /// <param name="element">The element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when it is.</returns>
    public ValueTask<bool> VIsMemberAsync(RedisKey key, RedisValue element, CancellationToken cancellationToken = default) =>
        SendElementCommand(VectorTokens.VIsMember, key, element, ReplyParsers.Boolean, cancellationToken);
}
