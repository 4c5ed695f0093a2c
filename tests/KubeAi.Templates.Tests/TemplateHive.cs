using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>
/// The packed KubeAi.Templates installed into a private template hive (<c>--debug:custom-hive</c>),
/// so the machine's own `dotnet new` list is never touched; one install per test run.
/// </summary>
public static class TemplateHive
{
    private static readonly Lazy<(string Directory, ProcessResult Install)> s_hive = new(Install);

    public static string Directory => s_hive.Value.Directory;

    /// <summary>What `dotnet new install` printed.</summary>
    public static ProcessResult InstallResult => s_hive.Value.Install;

    /// <summary>Environment of every dotnet command here: no MSBuild server or node reuse (stale task dlls), no banners.</summary>
    public static IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    /// <summary><c>dotnet new ARGS</c> against the private hive.</summary>
    public static ProcessResult New(string workingDirectory, params string[] arguments) =>
        Dotnet(workingDirectory, ["new", .. arguments, "--debug:custom-hive", Directory], TimeSpan.FromMinutes(5));

    /// <summary>Any dotnet command, as a user runs it.</summary>
    public static ProcessResult Dotnet(string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string?>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return ProcessRunner.Run(ProcessRunner.Which("dotnet") ?? "dotnet", arguments, workingDirectory, environment, timeout);
    }

    private static (string, ProcessResult) Install()
    {
        var hive = RepoPaths.NewTempDirectory("kubeai-template-hive");
        var package = LocalFeed.Package("KubeAi.Templates");
        var result = ProcessRunner.Run(
            ProcessRunner.Which("dotnet") ?? "dotnet",
            ["new", "install", package, "--debug:custom-hive", hive],
            hive,
            Environment,
            TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet new install {package} failed: {result.Output}");
        }

        return (hive, result);
    }
}
