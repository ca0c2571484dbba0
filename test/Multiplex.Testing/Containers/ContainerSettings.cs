using System.Globalization;

namespace Multiplex.Testing.Containers;

/// <summary>
/// The environment variables that steer the container fixtures. build.sh sets them for a test run;
/// a developer running <c>dotnet test</c> gets the defaults.
/// </summary>
internal static class ContainerSettings
{
    /// <summary><c>0</c>: every fixture is a local process; <c>1</c>: containers are required (a fixture fails if Docker does not work); unset: containers where Docker works.</summary>
    public const string SwitchVariable = "MULTIPLEX_CONTAINERS";

    /// <summary>The redis image to run instead of <see cref="DefaultImage"/>, e.g. <c>redis:7.2</c> where a registry is reachable.</summary>
    public const string ImageVariable = "MULTIPLEX_REDIS_IMAGE";

    /// <summary>The image <c>./build.sh image</c> (and <c>./build.sh test</c>) builds from the installed Debian redis packages.</summary>
    public const string DefaultImage = "multiplex-redis:latest";

    /// <summary>The label on every fixture container; its value is the test host's process id. build.sh's sweep reads it.</summary>
    public const string HostLabel = "multiplex.fixture";

    /// <summary>This test host's value of <see cref="HostLabel"/>.</summary>
    public static string HostLabelValue { get; } = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether containers are off, wanted where Docker works, or required.</summary>
    public static ContainerMode Mode => Environment.GetEnvironmentVariable(SwitchVariable)?.Trim() switch
    {
        "0" or "false" => ContainerMode.Off,
        "1" or "true" => ContainerMode.Required,
        _ => ContainerMode.WhereDockerWorks,
    };

    /// <summary>The redis image the fixtures run.</summary>
    public static string Image => ImageOverride ?? DefaultImage;

    /// <summary>The image named by <see cref="ImageVariable"/>, if any; such an image may be pulled.</summary>
    public static string? ImageOverride =>
        Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image.Trim() : null;
}
