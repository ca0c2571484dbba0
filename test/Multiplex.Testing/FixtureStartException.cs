namespace Multiplex.Testing;

/// <summary>A fixture's server did not start or did not become ready; the message ends with its log tail.</summary>
public sealed class FixtureStartException : Exception
{
    /// <summary>Creates the exception from a reason, the server log tail and the log path.</summary>
    public FixtureStartException(string reason, string logTail, string logPath)
        : base($"{reason}{Environment.NewLine}Log {logPath} (tail):{Environment.NewLine}{logTail}")
    {
        LogTail = logTail;
    }

    /// <summary>The last lines of the server log when the start failed.</summary>
    public string LogTail { get; }
}
