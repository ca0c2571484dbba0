using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Multiplex.IntegrationTests.Support;

/// <summary>
/// Every log line the clients of this test run write, kept so the secret-canary test can check that
/// no password ever reaches a log.
/// </summary>
public static class CapturedLogs
{
    // Enough lines to cover a test run; the oldest are dropped beyond it.
    private const int MaxLines = 200_000;

    private static readonly ConcurrentQueue<string> Lines = new();

    public static ILoggerFactory Factory { get; } = new Provider();

    public static IReadOnlyCollection<string> All => Lines.ToArray();

    private static void Add(string line)
    {
        Lines.Enqueue(line);
        while (Lines.Count > MaxLines && Lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Provider : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
    }
}
