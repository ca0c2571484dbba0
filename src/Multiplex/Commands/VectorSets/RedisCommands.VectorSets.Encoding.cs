using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Encoding helpers of the vector-set commands.</summary>
public abstract partial class RedisCommands
{
    private ValueTask<VectorMatch[]> SendVSim(CommandArgumentList arguments, in RedisKey key, VSimOptions? options, CancellationToken cancellationToken)
    {
        options ??= new VSimOptions();
        arguments.Add(VectorTokens.WithScores);
        if (options.WithAttributes)
        {
            arguments.Add(VectorTokens.WithAttribs);
        }

        AddPositive(arguments, VectorTokens.Count, options.Count, nameof(options.Count));
        if (options.Epsilon is { } epsilon)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(epsilon, nameof(options));
            arguments.Add(VectorTokens.Epsilon, epsilon);
        }

        AddPositive(arguments, VectorTokens.Ef, options.SearchExplorationFactor, nameof(options.SearchExplorationFactor));
        if (options.Filter is not null)
        {
            arguments.Add(VectorTokens.Filter, options.Filter);
        }

        AddPositive(arguments, VectorTokens.FilterEf, options.FilterEffort, nameof(options.FilterEffort));
        if (options.Exact)
        {
            arguments.Add(VectorTokens.Truth);
        }

        if (options.NoThread)
        {
            arguments.Add(VectorTokens.NoThread);
        }

        var parser = options.WithAttributes ? VectorParsers.MatchesWithAttributes : VectorParsers.Matches;
        return SendArguments(arguments, parser, cancellationToken);
    }

    private static void AddVAddOptions(CommandArgumentList arguments, VAddOptions options)
    {
        if (options.CheckAndSet)
        {
            arguments.Add(VectorTokens.Cas);
        }

        if (options.Quantization is { } quantization)
        {
            arguments.Add(quantization switch
            {
                VectorQuantization.Q8 => VectorTokens.Q8,
                VectorQuantization.None => VectorTokens.NoQuant,
                VectorQuantization.Binary => VectorTokens.Bin,
                _ => throw new ArgumentOutOfRangeException(nameof(options), quantization, "Unknown quantization."),
            });
        }

        AddPositive(arguments, VectorTokens.Ef, options.BuildExplorationFactor, nameof(options.BuildExplorationFactor));
        if (options.Attributes is not null)
        {
            arguments.Add(VectorTokens.SetAttr, options.Attributes);
        }

        AddPositive(arguments, VectorTokens.M, options.MaxLinks, nameof(options.MaxLinks));
    }

    /// <summary>Adds <c>VALUES n v1 … vn</c>; each float is sent as the shortest text that reads back as the same float.</summary>
    private static void AddVector(CommandArgumentList arguments, ReadOnlyMemory<float> vector)
    {
        arguments.Add(VectorTokens.Values, vector.Length);
        foreach (var component in vector.Span)
        {
            if (!float.IsFinite(component))
            {
                throw new ArgumentException("Vector components must be finite numbers.", nameof(vector));
            }

            arguments.Add(component.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void AddPositive(CommandArgumentList arguments, CommandToken keyword, int? value, string name)
    {
        if (value is { } number)
        {
            if (number <= 0)
            {
                throw new ArgumentOutOfRangeException(name, number, $"{keyword.Name} must be positive.");
            }

            arguments.Add(keyword, number);
        }
    }

    private ValueTask<T> SendElementCommand<T>(CommandSpec token, in RedisKey key, RedisValue element, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfNullElement(element);
        return SendArguments(new CommandArgumentList(token).AddKey(key).Add(element), parser, cancellationToken);
    }

    private static void ThrowIfEmptyVector(ReadOnlyMemory<float> vector)
    {
        if (vector.IsEmpty)
        {
            throw new ArgumentException("A vector needs at least one dimension.", nameof(vector));
        }
    }

    private static void ThrowIfNullElement(RedisValue element)
    {
        if (element.IsNull)
        {
            throw new ArgumentException("A vector-set element is required (it is null).", nameof(element));
        }
    }
}
