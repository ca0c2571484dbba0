using Multiplex.Testing.Containers;
using Multiplex.Testing.Processes;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Multiplex.Testing;

/// <summary>
/// Shows fixture logs for a failed test: call <see cref="AttachIfFailed()"/> from a <c>[TearDown]</c>
/// (or derive from <see cref="ServerTestBase"/>). Each log's tail goes to TestContext.Out and a copy
/// of the whole log is attached to the test result (copied, because fixture folders are deleted).
/// </summary>
public static class ServerLogAttachment
{
    private const int TailLines = 30;

    /// <summary>Attaches the logs of every fixture process and container running now, if the current test failed.</summary>
    public static void AttachIfFailed() =>
        AttachIfFailed([.. ProcessRegistry.Processes.Select(process => new ProcessLog(process)), .. ContainerRegistry.Servers]);

    /// <summary>Attaches the logs of <paramref name="servers"/>, if the current test failed.</summary>
    public static void AttachIfFailed(IEnumerable<IServerLog> servers)
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            return;
        }

        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "server-logs", Sanitize(TestContext.CurrentContext.Test.FullName));
        Directory.CreateDirectory(folder);
        foreach (var server in servers)
        {
            TestContext.Out.WriteLine($"--- {server.Name}: last {TailLines} lines of {server.LogPath} ---");
            TestContext.Out.WriteLine(server.ReadLogTail(TailLines));
            try
            {
                var copy = Path.Combine(folder, Path.GetFileName(server.LogPath));
                File.Copy(server.LogPath, copy, overwrite: true);
                TestContext.AddTestAttachment(copy, server.Name);
            }
            catch (IOException exception)
            {
                TestContext.Out.WriteLine($"(could not attach {server.LogPath}: {exception.Message})");
            }
        }
    }

    private static string Sanitize(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var text = new string([.. name.Select(character => invalid.Contains(character) || character == '"' ? '_' : character)]);
        return text.Length > 100 ? text[..100] : text;
    }

    private sealed class ProcessLog(ServerProcess process) : IServerLog
    {
        public string Name => process.Name;

        public string LogPath => process.LogPath;

        public string ReadLogTail(int lines = 50) => process.ReadLogTail(lines);
    }
}
