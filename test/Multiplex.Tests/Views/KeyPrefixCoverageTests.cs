using System.Reflection;
using Multiplex.Commands;
using Multiplex.Views;

namespace Multiplex.Tests.Views;

/// <summary>
/// Key-prefix views cannot fall behind the command table: every command the library declares is prefixed
/// by its key specification, has a rule of its own, or is listed here as touching no key; and every reply
/// type that names keys has its prefix taken off. A new command or reply type fails here until it is
/// placed.
/// </summary>
public sealed class KeyPrefixCoverageTests
{
    /// <summary>Commands whose key specification finds no key and that touch no key either, by reason.</summary>
    private static readonly Dictionary<string, string> Keyless = new(StringComparer.Ordinal)
    {
        ["unwatch"] = "the client's own framing of transactions, batches and cluster redirects",
        ["batch"] = "the client's own framing of transactions, batches and cluster redirects",
        ["exec"] = "the client's own framing of transactions, batches and cluster redirects",
        ["multi"] = "the client's own framing of transactions, batches and cluster redirects",
        ["asking"] = "the client's own framing of transactions, batches and cluster redirects",
        ["cluster|shards"] = "the client's own framing of transactions, batches and cluster redirects",
        ["cluster|slots"] = "the client's own framing of transactions, batches and cluster redirects",
        ["auth"] = "the connection itself (re-authentication with new credentials)",
        ["ping"] = "the connection itself",
        ["echo"] = "the connection itself",
        ["function|delete"] = "the server's script cache and function libraries, shared by every key",
        ["function|dump"] = "the server's script cache and function libraries, shared by every key",
        ["function|flush"] = "the server's script cache and function libraries, shared by every key",
        ["function|list"] = "the server's script cache and function libraries, shared by every key",
        ["function|load"] = "the server's script cache and function libraries, shared by every key",
        ["function|restore"] = "the server's script cache and function libraries, shared by every key",
        ["script|exists"] = "the server's script cache and function libraries, shared by every key",
        ["script|flush"] = "the server's script cache and function libraries, shared by every key",
        ["script|load"] = "the server's script cache and function libraries, shared by every key",
        ["info"] = "the server: state, persistence, replication",
        ["time"] = "the server: state, persistence, replication",
        ["lastsave"] = "the server: state, persistence, replication",
        ["role"] = "the server: state, persistence, replication",
        ["save"] = "the server: state, persistence, replication",
        ["bgsave"] = "the server: state, persistence, replication",
        ["bgrewriteaof"] = "the server: state, persistence, replication",
        ["shutdown"] = "the server: state, persistence, replication",
        ["lolwut"] = "the server: state, persistence, replication",
        ["failover"] = "the server: state, persistence, replication",
        ["memory|stats"] = "the server: state, persistence, replication",
        ["module|list"] = "the server: state, persistence, replication",
        ["acl|cat"] = "users and permissions",
        ["acl|deluser"] = "users and permissions",
        ["acl|getuser"] = "users and permissions",
        ["acl|list"] = "users and permissions",
        ["acl|log"] = "users and permissions",
        ["acl|setuser"] = "users and permissions",
        ["acl|users"] = "users and permissions",
        ["acl|whoami"] = "users and permissions",
        ["client|getname"] = "connections",
        ["client|id"] = "connections",
        ["client|info"] = "connections",
        ["client|kill"] = "connections",
        ["client|list"] = "connections",
        ["client|pause"] = "connections",
        ["client|setname"] = "connections",
        ["client|unpause"] = "connections",
        ["client|unblock"] = "connections",
        ["client|no-evict"] = "connections",
        ["client|no-touch"] = "connections",
        ["monitor"] = "connections",
        ["command|count"] = "the command table and configuration",
        ["command|docs"] = "the command table and configuration",
        ["command|info"] = "the command table and configuration",
        ["command|list"] = "the command table and configuration",
        ["config|get"] = "the command table and configuration",
        ["config|resetstat"] = "the command table and configuration",
        ["config|rewrite"] = "the command table and configuration",
        ["config|set"] = "the command table and configuration",
        ["latency|history"] = "diagnostics",
        ["latency|latest"] = "diagnostics",
        ["latency|reset"] = "diagnostics",
        ["slowlog|get"] = "diagnostics",
        ["slowlog|len"] = "diagnostics",
        ["slowlog|reset"] = "diagnostics",
        ["wait"] = "replication acknowledgements of this connection's writes",
        ["waitaof"] = "replication acknowledgements of this connection's writes",
        ["subscribe"] = "channels, not keys: the subscription API gives them the channel prefix by option; NUMPAT counts patterns",
        ["psubscribe"] = "channels, not keys: the subscription API gives them the channel prefix by option; NUMPAT counts patterns",
        ["unsubscribe"] = "channels, not keys: the subscription API gives them the channel prefix by option; NUMPAT counts patterns",
        ["punsubscribe"] = "channels, not keys: the subscription API gives them the channel prefix by option; NUMPAT counts patterns",
        ["pubsub|numpat"] = "channels, not keys: the subscription API gives them the channel prefix by option; NUMPAT counts patterns",
    };

    [Test]
    public void Every_declared_command_is_prefixed_by_its_key_specification_or_has_a_rule_or_touches_no_key()
    {
        var special = KeyPrefixRules.Special.ToHashSet();
        var unplaced = DeclaredCommands()
            .Where(command => !command.Spec.Keys.HasKeys && !special.Contains(command.Spec) && !Keyless.ContainsKey(command.Name))
            .Select(command => $"{command.Name} ({command.Field})")
            .Distinct()
            .ToList();

        Assert.That(unplaced, Is.Empty, () =>
            "These commands declare no keys: give them keys in their spec, a rule in KeyPrefixRules (refused, or patterns), " +
            "or list them here as touching no key:\n" + string.Join('\n', unplaced));
    }

    [Test]
    public void The_list_of_keyless_commands_holds_only_declared_keyless_commands()
    {
        var keyless = DeclaredCommands().Where(command => !command.Spec.Keys.HasKeys).Select(command => command.Name).ToHashSet();
        Assert.That(Keyless.Keys.Where(name => !keyless.Contains(name)), Is.Empty);
    }

    [Test]
    public void Every_reply_type_that_names_keys_is_stripped_by_views()
    {
        var types = ReplyTypes().Where(NamesKeys).Distinct().ToList();
        var unstripped = types.Where(type => StripperOf(type) is null).Select(type => type.ToString()).ToList();

        Assert.That(types, Is.SupersetOf(new[] { typeof(RedisKey[]), typeof(Multiplex.Commands.Keys.ScanPage), typeof(ListElement?), typeof(StreamReadResult[]) }),
            "the reflection finds the reply types that name keys");
        Assert.That(unstripped, Is.Empty, () => "Give these reply types an entry in KeyReplies<T>:\n" + string.Join('\n', unstripped));
    }

    [Test]
    public void Reply_types_that_name_no_keys_are_left_alone()
    {
        Assert.That(StripperOf(typeof(RedisValue)), Is.Null);
        Assert.That(StripperOf(typeof(RedisValue[])), Is.Null);
        Assert.That(StripperOf(typeof(StreamEntry[])), Is.Null);
    }

    /// <summary>Every <see cref="CommandSpec"/> held in a static field of the library, with the server's name for it.</summary>
    private static IEnumerable<(string Name, string Field, CommandSpec Spec)> DeclaredCommands() =>
        typeof(CommandSpec).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.FieldType == typeof(CommandSpec) && field.IsInitOnly)
            .Select(field => (Spec: (CommandSpec)field.GetValue(null)!, Field: $"{field.DeclaringType!.Name}.{field.Name}"))
            .Concat(ArraysOfCommands())
            .Select(entry => (CommandRegistry.NameOf(entry.Spec).ToLowerInvariant(), entry.Field, entry.Spec));

    /// <summary>Specs held in static arrays (the pub/sub hub's subscribe and unsubscribe commands).</summary>
    private static IEnumerable<(CommandSpec Spec, string Field)> ArraysOfCommands() =>
        typeof(CommandSpec).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.FieldType == typeof(CommandSpec[]) && field.IsInitOnly)
            .SelectMany(field => ((CommandSpec[])field.GetValue(null)!).Select(spec => (spec, $"{field.DeclaringType!.Name}.{field.Name}")));

    /// <summary>The result type of every reply parser the library keeps in a static field or property.</summary>
    private static IEnumerable<Type> ReplyTypes()
    {
        const BindingFlags Statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var types = typeof(CommandSpec).Assembly.GetTypes().Where(type => !type.ContainsGenericParameters).ToList();
        var held = types.SelectMany(type => type.GetFields(Statics)).Select(field => field.FieldType)
            .Concat(types.SelectMany(type => type.GetProperties(Statics)).Select(property => property.PropertyType));
        foreach (var type in held)
        {
            for (var current = type.IsArray ? type.GetElementType() : type; current is not null; current = current.BaseType)
            {
                if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ReplyParser<>))
                {
                    yield return current.GetGenericArguments()[0];
                }
            }
        }
    }

    /// <summary>Whether a value of <paramref name="type"/> holds a key: a key, or a collection or record holding one.</summary>
    private static bool NamesKeys(Type type) => HoldsKey(type, depth: 0);

    private static bool HoldsKey(Type type, int depth)
    {
        if (type == typeof(RedisKey))
        {
            return true;
        }

        if (depth > 3 || type.IsPrimitive || type == typeof(string) || type == typeof(RedisValue))
        {
            return false;
        }

        if (type.IsArray)
        {
            return HoldsKey(type.GetElementType()!, depth + 1);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return HoldsKey(underlying, depth + 1);
        }

        if (type.IsGenericType && type.GetGenericArguments().Any(argument => HoldsKey(argument, depth + 1)))
        {
            return true;
        }

        return type.Assembly == typeof(RedisKey).Assembly
            && type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Any(property => HoldsKey(property.PropertyType, depth + 1));
    }

    private static object? StripperOf(Type type) =>
        typeof(KeyReplies<>).MakeGenericType(type).GetField(nameof(KeyReplies<int>.Strip))!.GetValue(null);
}
