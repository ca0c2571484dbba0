namespace Multiplex.LoadTest;

/// <summary>The one-line progress display on standard error, redrawn in place.</summary>
public static class Progress
{
    private const int LineWidth = 100;

    public static void Show(string label, long done, long target, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var of = target > 0 ? $"/{target:N0}" : string.Empty;
        var line = $"  {label}: {done:N0}{of} ops, {rate:N0} ops/s, {elapsed.TotalSeconds:0.0} s";
        Console.Error.Write("\r" + line.PadRight(LineWidth));
    }

    public static void Note(string text) => Console.Error.Write("\r" + $"  {text}".PadRight(LineWidth));

    public static void Clear() => Console.Error.Write("\r" + new string(' ', LineWidth) + "\r");
}
