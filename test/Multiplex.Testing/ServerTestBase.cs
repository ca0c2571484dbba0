using NUnit.Framework;

namespace Multiplex.Testing;

/// <summary>A base for tests against fixture servers: a failed test gets the server logs attached.</summary>
public abstract class ServerTestBase
{
    /// <summary>Attaches the running fixtures' logs when the test failed.</summary>
    [TearDown]
    public void AttachServerLogsOnFailure() => ServerLogAttachment.AttachIfFailed();
}
