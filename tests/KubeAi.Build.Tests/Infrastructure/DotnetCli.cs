using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Infrastructure;

/// <summary>
/// Runs the real <c>dotnet</c> CLI for target and package tests, isolated from the test host's
/// own MSBuild environment and never through a reused node or the MSBuild server, so the freshly
/// built task assembly is the one that runs.
/// </summary>
public static class DotnetCli
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The configuration the tests were built in (<c>debug</c> or <c>release</c>), from the artifacts layout.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    /// <summary>The task assembly the test project's reference built, beside its deps.json and dependencies.</summary>
    public static string TasksAssembly
    {
        get
        {
            var built = Path.Combine(RepoPaths.Root, "artifacts", "bin", "KubeAi.Build", Configuration, "KubeAi.Build.dll");
            return File.Exists(built) ? built : Path.Combine(AppContext.BaseDirectory, "KubeAi.Build.dll");
        }
    }

    /// <summary>The package's build folder in the source tree.</summary>
    public static string BuildFolder => Path.Combine(RepoPaths.Root, "src", "KubeAi.Build", "build");

    public static ProcessResult Run(IEnumerable<string> arguments, string workingDirectory, TimeSpan? timeout = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            // Set by `dotnet test` for its own build; a child build must find its SDK by itself.
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildLoadMicrosoftTargetsReadOnly"] = null,
        };
        return ProcessRunner.Run(Executable, arguments, workingDirectory, environment, timeout ?? TimeSpan.FromMinutes(5));
    }
}
