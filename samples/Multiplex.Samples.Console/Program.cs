namespace Multiplex.Samples.Console;

public static class Program
{
    public static int Main()
    {
        System.Console.WriteLine("The console sample is not written yet: the client is being built (see README).");
        return 0;
    }
}
