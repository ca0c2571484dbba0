using System.Reflection;

namespace Multiplex.Tests.Commands;

/// <summary>
/// Public command signatures that say what the server can answer: a result is nullable only where
/// the server can reply null, a command that can only succeed returns no value, and the scans take
/// their patterns alike.
/// </summary>
public sealed class CommandSignatureTests
{
    private static readonly NullabilityInfoContext Nullability = new();

    [Test]
    public void XAdd_returns_a_non_null_id_and_only_the_NOMKSTREAM_form_can_return_null()
    {
        Assert.That(IdNullability(nameof(RedisCommands.XAddAsync)), Is.EqualTo(NullabilityState.NotNull));
        Assert.That(IdNullability(nameof(RedisCommands.XAddNoMakeStreamAsync)), Is.EqualTo(NullabilityState.Nullable));
    }

    [Test]
    public void XGroup_create_returns_no_value_because_the_server_replies_OK_or_an_error()
    {
        var method = typeof(RedisCommands).GetMethod(nameof(RedisCommands.XGroupCreateAsync))!;

        Assert.That(method.ReturnType, Is.EqualTo(typeof(ValueTask)));
    }

    [TestCase(nameof(RedisInteractiveCommands.ScanAsync))]
    [TestCase(nameof(RedisInteractiveCommands.HScanAsync))]
    [TestCase(nameof(RedisInteractiveCommands.SScanAsync))]
    [TestCase(nameof(RedisInteractiveCommands.ZScanAsync))]
    public void Every_scan_takes_its_pattern_as_an_optional_RedisValue(string name)
    {
        var pattern = typeof(RedisInteractiveCommands).GetMethod(name)!.GetParameters().Single(parameter => parameter.Name == "pattern");

        Assert.That((pattern.ParameterType, pattern.IsOptional), Is.EqualTo((typeof(RedisValue), true)));
    }

    private static NullabilityState IdNullability(string name)
    {
        var method = typeof(RedisCommands).GetMethods().Single(method => method.Name == name);
        return Nullability.Create(method.ReturnParameter).GenericTypeArguments.Single().ReadState;
    }
}
