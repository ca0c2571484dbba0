namespace Multiplex.Testing.Processes;

/// <summary>
/// Finds garnet-server: <c>$MULTIPLEX_GARNET_SERVER</c> (set by build.sh), then
/// <c>{repository}/.tools/garnet-server</c>, then the PATH.
/// </summary>
internal static class GarnetLocator
{
    public const string EnvironmentVariable = "MULTIPLEX_GARNET_SERVER";
    private const string ExecutableName = "garnet-server";

    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{EnvironmentVariable} names {configured}, which does not exist.");
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Multiplex.sln")))
            {
                var tool = Path.Combine(folder.FullName, ".tools", ExecutableName);
                if (File.Exists(tool))
                {
                    return tool;
                }

                break;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, ExecutableName))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new FileNotFoundException(
            $"garnet-server not found: set {EnvironmentVariable}, run ./build.sh (installs it into .tools/), or put it on the PATH.");
    }
}
