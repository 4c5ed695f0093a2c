using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>
/// One `dotnet new kubeai-app` instantiation, built once in Release and published once against the
/// local registry; the tests of a class share it (one instantiation per option set).
/// </summary>
public abstract class GeneratedSolution
{
    protected GeneratedSolution(string name, params string[] options)
    {
        Name = name;
        Root = RepoPaths.NewTempDirectory("kubeai-template");
        Directory = Path.Combine(Root, name);
        Instantiation = TemplateHive.New(
            Root,
            ["kubeai-app", "-n", name, "-o", name, "--kubeai-feed", LocalFeed.Directory, "--base-image", $"{LocalRegistry.Address}/dotnet/aspnet:10.0", .. options]);
        if (Instantiation.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet new kubeai-app failed: {Instantiation.Output}");
        }

        // What the template wrote, before anything below adds to it.
        GeneratedAppHost = File.ReadAllText(Path.Combine(Directory, $"{name}.AppHost", "Program.cs"));
        GeneratedAppHostProject = File.ReadAllText(Path.Combine(Directory, $"{name}.AppHost", $"{name}.AppHost.csproj"));
        GeneratedPackages = File.ReadAllText(Path.Combine(Directory, "Directory.Packages.props"));

        Extend();
        Build = TemplateHive.Dotnet(Directory, ["build", $"{name}.slnx", "-c", "Release", "-nodeReuse:false"], TimeSpan.FromMinutes(10));
        Publish = Build.ExitCode == 0
            ? TemplateHive.Dotnet(Directory, ["publish", $"{name}.AppHost", "-c", "Release", "-nodeReuse:false"], TimeSpan.FromMinutes(10))
            : Build;
        Kubernetes = Path.Combine(Directory, $"{name}.AppHost", "bin", "Release", "net10.0", "publish", "kubernetes");
    }

    public string Name { get; }

    public string Root { get; }

    public string Directory { get; }

    public ProcessResult Instantiation { get; }

    public string GeneratedAppHost { get; }

    public string GeneratedAppHostProject { get; }

    public string GeneratedPackages { get; }

    public ProcessResult Build { get; }

    public ProcessResult Publish { get; }

    public string Kubernetes { get; }

    /// <summary><c>dotnet test</c> of the generated test project (built above), which runs the app host locally.</summary>
    public ProcessResult Test(IDictionary<string, string?>? environment = null) =>
        TemplateHive.Dotnet(Directory, ["test", $"{Name}.Tests", "-c", "Release", "--no-build"], TimeSpan.FromMinutes(6), environment);

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary>Changes to the solution between instantiation and build.</summary>
    protected virtual void Extend()
    {
    }
}
