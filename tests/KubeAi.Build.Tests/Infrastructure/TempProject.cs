using System.Text.Json;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Infrastructure;

/// <summary>
/// A tiny SDK project in a temp folder that imports KubeAi.Build.props/.targets straight from
/// src/KubeAi.Build/build (where a package would put them: props early, targets late) and loads
/// the freshly built task assembly.
/// </summary>
public sealed class TempProject : IDisposable
{
    private readonly TempDirectory _root = new("kubeai-target-test");

    /// <param name="name">The project name (and folder), e.g. <c>Shop.AppHost</c>.</param>
    /// <param name="body">Extra XML inside the project, after the package's props.</param>
    /// <param name="tail">Extra XML after every import: target stubs that replace the SDK's.</param>
    public TempProject(string name, string body = "", string tail = "")
    {
        Name = name;
        // Stop MSBuild's upward search for Directory.Build.* and central package files.
        _root.Write("Directory.Build.props", "<Project />");
        _root.Write("Directory.Build.targets", "<Project />");
        _root.Write("Directory.Packages.props", "<Project />");
        var build = DotnetCli.BuildFolder;
        ProjectFile = _root.Write($"{name}/{name}.csproj", $"""
            <Project>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
              <Import Project="{build}/KubeAi.Build.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
            {body}
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
              <Import Project="{build}/KubeAi.Build.targets" />
            {tail}
            </Project>
            """);
    }

    public string Name { get; }

    public string ProjectFile { get; }

    public string Directory => Path.GetDirectoryName(ProjectFile)!;

    public string Write(string relative, string content) => _root.Write(Path.Combine(Name, relative), content);

    /// <summary>Runs <c>dotnet msbuild</c> on the project with the freshly built tasks.</summary>
    public ProcessResult MSBuild(params string[] arguments) =>
        DotnetCli.Run(
            ["msbuild", ProjectFile, "-nologo", "-nodeReuse:false", "-v:n", $"-p:KubeAiTasksAssembly={DotnetCli.TasksAssembly}", .. arguments],
            Directory);

    /// <summary>Evaluates the project (or, with <c>-t:</c> among the arguments, builds it) and returns the named properties.</summary>
    public IReadOnlyDictionary<string, string> Properties(string[] names, params string[] arguments)
    {
        using var json = Query(names.Select(n => $"-getProperty:{n}"), arguments);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    /// <summary>Builds the targets in <paramref name="arguments"/> and returns the items of <paramref name="itemType"/> with their metadata.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Items(string itemType, params string[] arguments)
    {
        using var json = Query([$"-getItem:{itemType}"], arguments);
        return json.RootElement.GetProperty("Items").TryGetProperty(itemType, out var items)
            ? items.EnumerateArray().Select(i => (IReadOnlyDictionary<string, string>)i.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty)).ToList()
            : [];
    }

    private JsonDocument Query(IEnumerable<string> queries, string[] arguments)
    {
        // Two or more queries always print JSON.
        var switches = queries.Append("-getProperty:MSBuildProjectName").Distinct();
        var result = DotnetCli.Run(
            ["msbuild", ProjectFile, "-nologo", "-nodeReuse:false", $"-p:KubeAiTasksAssembly={DotnetCli.TasksAssembly}", .. switches, .. arguments],
            Directory);
        Assert.True(result.ExitCode == 0, $"msbuild failed ({result.ExitCode}):\n{result.Output}");
        return JsonDocument.Parse(result.StdOut);
    }

    public void Dispose() => _root.Dispose();
}
