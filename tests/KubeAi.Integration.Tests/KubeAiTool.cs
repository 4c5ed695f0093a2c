using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>The <c>kubeai</c> tool as users get it: installed once per test run from the local feed.</summary>
public static class KubeAiTool
{
    private static readonly Lazy<string> s_path = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => s_path.Value;

    public static ProcessResult Run(params string[] arguments) => ProcessRunner.Run(Path, arguments, timeout: TimeSpan.FromMinutes(3));

    private static string Install()
    {
        var tools = RepoPaths.NewTempDirectory("kubeai-tool");
        var install = ProcessRunner.Run(
            ProcessRunner.Which("dotnet") ?? "dotnet",
            ["tool", "install", "--tool-path", tools, "KubeAi.Cli", "--add-source", LocalFeed.Directory, "--version", LocalFeed.PackageVersion],
            timeout: TimeSpan.FromMinutes(3));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool install KubeAi.Cli failed: {install.Output}");
        }

        return System.IO.Path.Combine(tools, "kubeai");
    }
}
