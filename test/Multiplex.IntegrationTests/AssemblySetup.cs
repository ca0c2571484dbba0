using Multiplex.Testing;

// Each test that ran against a container fixture says so in its output; build.sh counts them.
[assembly: ContainerUse]

namespace Multiplex.IntegrationTests;

/// <summary>Stops the shared fixture servers once every test in the assembly has run.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeTearDown]
    public async Task StopSharedServersAsync() => await SharedServers.DisposeAllAsync();
}
