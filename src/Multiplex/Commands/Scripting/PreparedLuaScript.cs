using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Multiplex;

/// <summary>
/// A Lua script whose arguments are named: <c>@name</c> in the source stands for the member
/// <c>name</c> of an object given when it runs (<see cref="EvaluateAsync{T}"/>). Members of type
/// <see cref="RedisKey"/> become KEYS (so a cluster routes the script by them), every other member
/// becomes ARGV. Create one with <see cref="LuaScript.Prepare"/> and keep it: for each parameter type the
/// rewritten script is built once and then run with EVALSHA, as <see cref="LuaScript"/> runs.
/// </summary>
/// <example>
/// <code>
/// var script = LuaScript.Prepare("redis.call('SET', @key, @value) return redis.call('GET', @key)");
/// var result = await script.EvaluateAsync(client, new { key = (RedisKey)"greeting", value = "hello" }, ct);
/// </code>
/// </example>
public sealed class PreparedLuaScript
{
    private readonly IReadOnlyList<object> _parts;
    private readonly ConcurrentDictionary<Type, Binding> _bindings = new();

    internal PreparedLuaScript(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Source = source;
        _parts = Split(source);
        Parameters = [.. _parts.OfType<Parameter>().Select(parameter => parameter.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The source as written, with its <c>@name</c> parameters.</summary>
    public string Source { get; }

    /// <summary>The parameters' names, in order of first use, without the <c>@</c>.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>
    /// Runs the script with the members of <paramref name="parameters"/> (public properties or fields,
    /// matched by exact name) bound to its parameters.
    /// </summary>
    /// <typeparam name="T">The parameters' type, often anonymous; the members are looked up on the object's own type.</typeparam>
    /// <param name="client">The client (or batch, transaction, session) to run it on.</param>
    /// <param name="parameters">An object with one member per parameter: <see cref="RedisKey"/> for keys; <see cref="RedisValue"/>, string, byte[], integers, double or bool for the rest.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply.</returns>
    /// <exception cref="ArgumentException">A parameter has no member of that name in <typeparamref name="T"/>, or the member's type cannot be sent.</exception>
    public ValueTask<RedisResult> EvaluateAsync<T>(
        RedisCommands client, T parameters, CancellationToken cancellationToken = default)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parameters);
        // The object's own type, so parameters passed as object (or as a base type) still bind by their members.
        var binding = _bindings.GetOrAdd(parameters.GetType(), static (type, script) => script.Bind(type), this);
        var keys = new RedisKey[binding.Keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (RedisKey)binding.Keys[i].Read(parameters)!;
        }

        var args = new RedisValue[binding.Args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = ToValue(binding.Args[i], binding.Args[i].Read(parameters));
        }

        return client.EvalAsync(binding.Script, keys, args, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => $"PreparedLuaScript ({string.Join(", ", Parameters.Select(name => "@" + name))})";

    /// <summary>Splits the source into text and parameters, leaving Lua strings and comments alone.</summary>
    private static List<object> Split(string source)
    {
        var parts = new List<object>();
        var text = new StringBuilder();
        var i = 0;
        while (i < source.Length)
        {
            var skipped = SkipLiteral(source, i);
            if (skipped > i)
            {
                text.Append(source, i, skipped - i);
                i = skipped;
                continue;
            }

            if (source[i] == '@' && i + 1 < source.Length && IsNameStart(source[i + 1]))
            {
                var end = i + 2;
                while (end < source.Length && (IsNameStart(source[end]) || char.IsAsciiDigit(source[end])))
                {
                    end++;
                }

                parts.Add(text.ToString());
                text.Clear();
                parts.Add(new Parameter(source[(i + 1)..end]));
                i = end;
                continue;
            }

            text.Append(source[i]);
            i++;
        }

        parts.Add(text.ToString());
        return parts;
    }

    /// <summary>Where a string literal or comment starting at <paramref name="start"/> ends; <paramref name="start"/> when none starts there.</summary>
    private static int SkipLiteral(string source, int start)
    {
        var c = source[start];
        if (c is '\'' or '"')
        {
            var i = start + 1;
            while (i < source.Length && source[i] != c && source[i] != '\n')
            {
                i += source[i] == '\\' ? 2 : 1;
            }

            return Math.Min(i + 1, source.Length);
        }

        if (c == '[' && LongBracketLevel(source, start) is int level)
        {
            return EndOfLongBracket(source, start, level);
        }

        if (c == '-' && start + 1 < source.Length && source[start + 1] == '-')
        {
            if (start + 2 < source.Length && source[start + 2] == '[' && LongBracketLevel(source, start + 2) is int commentLevel)
            {
                return EndOfLongBracket(source, start + 2, commentLevel);
            }

            var newline = source.IndexOf('\n', start);
            return newline < 0 ? source.Length : newline;
        }

        return start;
    }

    /// <summary>The level of a long bracket (<c>[[</c>, <c>[=[</c>, …) opening at <paramref name="start"/>, or null.</summary>
    private static int? LongBracketLevel(string source, int start)
    {
        var i = start + 1;
        while (i < source.Length && source[i] == '=')
        {
            i++;
        }

        return i < source.Length && source[i] == '[' ? i - start - 1 : null;
    }

    private static int EndOfLongBracket(string source, int start, int level)
    {
        var close = "]" + new string('=', level) + "]";
        var end = source.IndexOf(close, start + level + 2, StringComparison.Ordinal);
        return end < 0 ? source.Length : end + close.Length;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private Binding Bind(Type type)
    {
        var members = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var name in Parameters)
        {
            members[name] = Member.Find(type, name)
                ?? throw new ArgumentException($"The script's parameter @{name} has no public property or field named {name} in {type.Name}.", nameof(type));
        }

        var keys = members.Values.Where(member => member.Type == typeof(RedisKey)).ToArray();
        var args = members.Values.Where(member => member.Type != typeof(RedisKey)).ToArray();
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part is Parameter parameter)
            {
                var member = members[parameter.Name];
                var keyIndex = Array.IndexOf(keys, member);
                text.Append(keyIndex >= 0 ? $"KEYS[{keyIndex + 1}]" : $"ARGV[{Array.IndexOf(args, member) + 1}]");
            }
            else
            {
                text.Append((string)part);
            }
        }

        return new Binding(new LuaScript(text.ToString()), keys, args);
    }

    private static RedisValue ToValue(Member member, object? value) => value switch
    {
        null => RedisValue.Null,
        RedisValue redisValue => redisValue,
        string text => text,
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        long number => number,
        int number => number,
        short number => number,
        byte number => (long)number,
        uint number => (long)number,
        double number => number,
        float number => (double)number,
        bool flag => flag,
        _ => throw new ArgumentException(
            $"The script's parameter @{member.Name} is a {member.Type.Name}, which is not sent as a Redis value: use RedisKey, RedisValue, string, byte[], an integer, double or bool.",
            nameof(value)),
    };

    private sealed record Parameter(string Name);

    private sealed record Binding(LuaScript Script, Member[] Keys, Member[] Args);

    /// <summary>A public property or field the parameters are read from.</summary>
    private sealed class Member(string name, Type type, Func<object, object?> read)
    {
        public string Name => name;

        public Type Type => type;

        public object? Read(object parameters) => read(parameters);

        public static Member? Find(Type type, string name)
        {
            if (type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { CanRead: true } property && property.GetIndexParameters().Length == 0)
            {
                return new Member(name, property.PropertyType, property.GetValue);
            }

            return type.GetField(name, BindingFlags.Public | BindingFlags.Instance) is { } field
                ? new Member(name, field.FieldType, field.GetValue)
                : null;
        }
    }
}
