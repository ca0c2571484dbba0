namespace Multiplex.Testing.Processes;

/// <summary>Reads the last lines of a log file that another process may still be writing.</summary>
internal static class LogTail
{
    public static string Read(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var tail = new Queue<string>(lines);
            while (reader.ReadLine() is { } line)
            {
                if (tail.Count == lines)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line);
            }

            return string.Join(Environment.NewLine, tail);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"(log {path} unreadable: {exception.Message})";
        }
    }
}
