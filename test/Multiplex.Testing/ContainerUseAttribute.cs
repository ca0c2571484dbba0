using System.Collections.Concurrent;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Multiplex.Testing;

/// <summary>
/// Marks, in each test's output, the tests that ran against a container fixture, so a run can count them
/// from its results (build.sh counts the passed ones in the TRX files). A container counts for the test,
/// or the fixture (<c>OneTimeSetUp</c>), that was handed it. Apply it to a test assembly:
/// <c>[assembly: ContainerUse]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ContainerUseAttribute : Attribute, ITestAction
{
    /// <summary>The start of the line written to the output of a test that ran against a container.</summary>
    public const string Marker = "[ran on Testcontainers]";

    // Test or fixture id → the container it was handed.
    private static readonly ConcurrentDictionary<string, string> Users = new();

    /// <inheritdoc />
    public ActionTargets Targets => ActionTargets.Test;

    /// <summary>Records that the current test or fixture was handed <paramref name="server"/>, when it is a container.</summary>
    public static void Record(IServerFixture server)
    {
        if (server is RedisContainerServer && TestContext.CurrentContext.Test.ID is { Length: > 0 } id)
        {
            Users[id] = server.Name;
        }
    }

    /// <inheritdoc />
    public void BeforeTest(ITest test)
    {
    }

    /// <inheritdoc />
    public void AfterTest(ITest test)
    {
        for (var current = test; current is not null; current = current.Parent)
        {
            if (Users.TryGetValue(current.Id, out var container))
            {
                TestContext.Out.WriteLine($"{Marker} {container}");
                return;
            }
        }
    }
}
