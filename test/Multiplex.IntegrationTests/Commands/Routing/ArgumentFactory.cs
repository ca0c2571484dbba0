using System.Reflection;

namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>
/// Arguments for calling any command method by reflection: distinct keys (so each key's position can be
/// told apart), plain values, and for optional parameters either their defaults (<see cref="Plain"/>) or
/// values that switch the option on (<see cref="Rich"/>, to exercise keys that appear only with an
/// option, such as SORT … STORE). Parameters whose generic value the method would refuse have an
/// override, named by method and parameter.
/// </summary>
internal sealed class ArgumentFactory
{
    private static readonly Dictionary<string, object?> Overrides = new(StringComparer.Ordinal)
    {
        ["EvalShaAsync.sha1"] = new string('a', 40),
        ["EvalShaRoAsync.sha1"] = new string('a', 40),
        ["ScriptExistsAsync.sha1s"] = new[] { new string('a', 40) },
        ["FunctionLoadAsync.code"] = "#!lua name=routes\nredis.register_function('f', function() return 1 end)",
        ["ConfigSetAsync.parameters"] = new[] { new KeyValuePair<string, string>("maxmemory-policy", "noeviction") },
        ["ConfigSetAsync.parameter"] = "maxmemory-policy",
        ["ConfigSetAsync.value"] = "noeviction",
        ["ClientSetNameAsync.name"] = "routes",
        ["ClientKillAsync.filter"] = new ClientKillFilter { Id = 1 },
        ["FailoverAsync.target"] = null,
        ["LolwutAsync.version"] = 5,
        ["SortAsync.options"] = new SortOptions { By = "weight_*", Get = ["#"], Count = 2, Offset = 0 },
        ["SortRoAsync.options"] = new SortOptions { By = "weight_*", Get = ["#"], Count = 2, Offset = 0 },
        ["BitOpAsync.operation"] = BitOperation.And,
        ["HExpireAtAsync.expiresAt"] = DateTimeOffset.FromUnixTimeSeconds(4_000_000_000),
        ["FailoverAsync.abort"] = false,
        ["FailoverAsync.force"] = false,
        ["CommandListAsync.aclCategory"] = null,
        ["SetAsync.keepTtl"] = false,
        ["SetAndGetAsync.keepTtl"] = false,
        ["ScanAsync.type"] = RedisType.String,
        ["BitFieldAsync.operations"] = new BitFieldOperations().Set(BitFieldType.Unsigned(8), 0, 1),
        ["BitFieldRoAsync.operations"] = new BitFieldOperations().Get(BitFieldType.Unsigned(8), 0),
    };

    private int _keys;

    private ArgumentFactory(bool rich) => IsRich = rich;

    /// <summary>Optional parameters keep their defaults.</summary>
    public static ArgumentFactory Plain => new(rich: false);

    /// <summary>Optional parameters get values that switch their option on.</summary>
    public static ArgumentFactory Rich => new(rich: true);

    public bool IsRich { get; }

    /// <summary>The arguments for <paramref name="method"/>, or null when a parameter has no generated value.</summary>
    public object?[]? For(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (Overrides.TryGetValue($"{method.Name}.{parameter.Name}", out var value))
            {
                arguments[i] = value;
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                arguments[i] = CancellationToken.None;
            }
            else if (parameter.IsOptional && !IsRich)
            {
                arguments[i] = parameter.DefaultValue is DBNull ? null : parameter.DefaultValue;
            }
            else if (TryMake(parameter, out var made))
            {
                arguments[i] = made;
            }
            else if (parameter.IsOptional)
            {
                arguments[i] = parameter.DefaultValue is DBNull ? null : parameter.DefaultValue;
            }
            else
            {
                return null;
            }
        }

        return arguments;
    }

    private RedisKey Key() => $"route:k{++_keys}";

    private bool TryMake(ParameterInfo parameter, out object? value)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var name = parameter.Name ?? string.Empty;
        value = type switch
        {
            _ when type == typeof(RedisKey) => Key(),
            _ when type == typeof(IReadOnlyList<RedisKey>) => new[] { Key(), Key() },
            _ when type == typeof(RedisValue) => Value(name),
            _ when type == typeof(IReadOnlyList<RedisValue>) => new RedisValue[] { "a", "b" },
            _ when type == typeof(string) => Text(name),
            _ when type == typeof(IReadOnlyList<string>) => name is "sections" ? new[] { "server" } : new[] { "1-1", "1-2" },
            _ when type == typeof(long) || type == typeof(int) => Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture),
            _ when type == typeof(double) => 1.5,
            _ when type == typeof(bool) => true,
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(1),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.UtcNow.AddHours(1),
            _ when type == typeof(byte[]) => new byte[] { 1, 2, 3 },
            _ when type == typeof(ReadOnlyMemory<float>) => new ReadOnlyMemory<float>([0.5f, 0.25f]),
            _ when type == typeof(IReadOnlyList<double>) => new[] { 1.0, 2.0 },
            _ when type == typeof(IReadOnlyList<long>) => new[] { 1L },
            _ when type == typeof(ScoreBound) => (ScoreBound)1,
            _ when type == typeof(LexBound) => LexBound.Inclusive("a"),
            _ when type == typeof(IReadOnlyList<HashEntry>) => new[] { new HashEntry("f", "v") },
            _ when type == typeof(IReadOnlyList<StreamField>) => new[] { new StreamField("f", "v") },
            _ when type == typeof(IReadOnlyList<SortedSetEntry>) => new[] { new SortedSetEntry("m", 1) },
            _ when type == typeof(IReadOnlyList<GeoEntry>) => new[] { new GeoEntry(13.4, 52.5, "m") },
            _ when type == typeof(GeoEntry) => new GeoEntry(13.4, 52.5, "m"),
            _ when type == typeof(IReadOnlyList<StreamPosition>) => new[] { new StreamPosition(Key(), "0"), new StreamPosition(Key(), "0") },
            _ when type == typeof(IReadOnlyList<KeyValuePair<RedisKey, RedisValue>>) =>
                new[] { new KeyValuePair<RedisKey, RedisValue>(Key(), "v"), new KeyValuePair<RedisKey, RedisValue>(Key(), "v") },
            _ when type == typeof(GeoShape) => GeoShape.Radius(10),
            _ when type == typeof(GeoSearchCenter) => GeoSearchCenter.FromMember("m"),
            _ when type == typeof(StreamTrim) => StreamTrim.MaxLength(10),
            _ when type == typeof(SortOptions) => new SortOptions { Descending = true },
            _ when type == typeof(ListPositionOptions) => new ListPositionOptions { Rank = 1, MaxLength = 10 },
            _ when type == typeof(VSimOptions) => new VSimOptions { Count = 3 },
            _ when type == typeof(VAddOptions) => new VAddOptions { MaxLinks = 8 },
            _ when type == typeof(StreamClaimOptions) => new StreamClaimOptions { RetryCount = 1 },
            _ when type == typeof(ClientKillFilter) => new ClientKillFilter { Id = 1 },
            _ when type == typeof(LuaScript) => new LuaScript("return 1"),
            _ when type == typeof(RedisEndpoint) => RedisEndpoint.Tcp("127.0.0.1", 1),
            _ when type == typeof(BitFieldOperations) => new BitFieldOperations().Get(BitFieldType.Unsigned(8), 0),
            _ when type.IsEnum => LastValue(type),
            _ => Missing.Value,
        };

        if (ReferenceEquals(value, Missing.Value))
        {
            value = null;
            return false;
        }

        return true;
    }

    private static RedisValue Value(string name) => name switch
    {
        "id" or "start" or "end" or "lastId" => "1-1",
        "pattern" => "p*",
        _ => "v",
    };

    private static string Text(string name) => name switch
    {
        "id" or "start" or "end" or "lastId" or "minId" => "1-1",
        "script" => "return 1",
        "pattern" or "keyPattern" or "eventPattern" => "p*",
        _ => "t",
    };

    // The last member is rarely the "no option" default, so it exercises the option's keyword.
    private static object LastValue(Type type)
    {
        var values = Enum.GetValues(type);
        return values.GetValue(values.Length - 1)!;
    }
}
