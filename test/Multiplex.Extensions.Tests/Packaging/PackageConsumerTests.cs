using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Multiplex.Extensions.Tests.Support;

namespace Multiplex.Extensions.Tests.Packaging;

/// <summary>
/// What a user gets is what is tested: both packages are packed from a copy of the sources (as
/// <c>./build.sh pack</c> packs them), a new console project outside the repository restores them from a
/// folder, and it registers the client through dependency injection and runs a SET and a GET against the
/// test server. Restoring uses only local folders (the packed packages and the packages this machine
/// already holds), so nothing leaves the machine.
/// </summary>
[NonParallelizable]
public sealed class PackageConsumerTests
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(4);

    private string _work = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        _work = Directory.CreateTempSubdirectory("multiplex-pack-").FullName;
        _version = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}";

        // A copy, so packing never touches the build outputs of the tree the tests run from.
        var root = RepositoryRoot();
        var sources = Path.Combine(_work, "sources");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md", "LICENSE", ".editorconfig" })
        {
            Directory.CreateDirectory(sources);
            File.Copy(Path.Combine(root, file), Path.Combine(sources, file));
        }

        foreach (var project in Packages)
        {
            CopyTree(Path.Combine(root, "src", project), Path.Combine(sources, "src", project));
        }

        foreach (var project in Packages)
        {
            await RunAsync(sources, "dotnet", "pack", Path.Combine("src", project, project + ".csproj"), "-c", "Release", "-o", PackageFolder, $"-p:Version={_version}");
        }
    }

    [OneTimeTearDown]
    public void DeleteWork()
    {
        if (_work is not null && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private static string[] Packages => ["Multiplex", "Multiplex.Extensions.DependencyInjection"];

    private string PackageFolder => Path.Combine(_work, "packages");

    [Test]
    public void Each_package_holds_the_library_its_xml_docs_the_readme_and_the_licence_and_has_a_symbol_package()
    {
        foreach (var id in Packages)
        {
            var package = Path.Combine(PackageFolder, $"{id}.{_version}.nupkg");
            Assert.That(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id}'s symbol package");
            using var archive = ZipFile.OpenRead(package);
            var entries = archive.Entries.Select(entry => entry.FullName).ToArray();
            Assert.That(entries, Does.Contain($"lib/net10.0/{id}.dll").And.Contain($"lib/net10.0/{id}.xml").And.Contain("README.md"), id);

            using var nuspecStream = archive.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().First(element => element.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().FirstOrDefault(element => element.Name.LocalName == name)?.Value;
            Assert.That(Field("license"), Is.EqualTo("MIT"), id);
            Assert.That(Field("readme"), Is.EqualTo("README.md"), id);
            Assert.That(Field("version"), Is.EqualTo(_version), id);
            Assert.That(Field("description"), Is.Not.Empty, id);
        }
    }

    [Test]
    public async Task A_new_project_restores_the_packages_and_runs_a_get_against_the_server()
    {
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_work, "restored")}" /></config>
              <packageSources>
                <clear />
                <add key="packed" value="{PackageFolder}" />
                <add key="machine" value="{machinePackages}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Multiplex.Extensions.DependencyInjection" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.14" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Multiplex;
            using Multiplex.Extensions.DependencyInjection;

            var services = new ServiceCollection();
            services.AddMultiplex(args[0]);
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<RedisClient>();
            var key = "package-consumer:" + Guid.NewGuid().ToString("N");
            await client.SetAsync(key, "from the package");
            Console.WriteLine("GET returned: " + (string?)await client.GetAsync(key));
            await client.DelAsync(key);
            """);

        var output = await RunAsync(consumer, "dotnet", "run", "-c", "Release", "--", await Servers.StandaloneEndpointAsync());

        TestContext.Out.WriteLine(output.Trim());
        Assert.That(output, Does.Contain("GET returned: from the package"));
        Assert.That(Directory.Exists(Path.Combine(_work, "restored", "multiplex", _version)), "restored from the packed folder");
    }

    private static async Task<string> RunAsync(string directory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings would steer the nested build; it must run as a user's would.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(StepLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Assert.That(process.ExitCode, Is.Zero, $"{fileName} {string.Join(' ', arguments)} in {directory}:\n{output}");
        return output;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, directory);
            if (!IsBuildOutput(relative))
            {
                Directory.CreateDirectory(Path.Combine(to, relative));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (!IsBuildOutput(relative))
            {
                File.Copy(file, Path.Combine(to, relative));
            }
        }
    }

    private static bool IsBuildOutput(string relative)
    {
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    /// <summary>The repository's root: the first folder above the test assembly that holds Multiplex.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Multiplex.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Multiplex.sln above {AppContext.BaseDirectory}.");
    }
}
