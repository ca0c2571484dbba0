namespace Multiplex.Testing.Containers;

/// <summary>What <see cref="ContainerSettings.SwitchVariable"/> asks for.</summary>
internal enum ContainerMode
{
    /// <summary>Every fixture is a local process.</summary>
    Off,

    /// <summary>The standalone fixtures run in containers where a Docker engine works, else as processes.</summary>
    WhereDockerWorks,

    /// <summary>The standalone fixtures run in containers; a fixture fails when Docker does not work.</summary>
    Required,
}
