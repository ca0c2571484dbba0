using BenchmarkDotNet.Running;

namespace Multiplex.Benchmarks;

public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == LargeValueMeasurement.Switch)
        {
            await LargeValueMeasurement.RunAsync(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
