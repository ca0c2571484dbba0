namespace Multiplex.Testing;

/// <summary>A fixture process whose log can be shown when a test fails.</summary>
public interface IServerLog
{
    /// <summary>A short name for messages, e.g. <c>redis-40123</c>.</summary>
    public string Name { get; }

    /// <summary>The file the process's output is written to.</summary>
    public string LogPath { get; }

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string ReadLogTail(int lines = 50);
}
