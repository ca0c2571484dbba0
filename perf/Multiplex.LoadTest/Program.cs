namespace Multiplex.LoadTest;

public static class Program
{
    public static int Main()
    {
        Console.Error.WriteLine("The load generator is not written yet (issue: performance).");
        return 2;
    }
}
