using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>
/// One test app published through both paths, each twice (to prove reruns change nothing):
/// <c>dotnet publish</c> of the app host, and <c>kubeai generate</c> over the manifest that
/// <c>--publisher manifest</c> writes. Runs once per test run, from <see cref="TestAppMatrix"/>.
/// </summary>
public sealed class PublishedApp
{
    private static readonly Dictionary<string, string?> s_buildEnvironment = new()
    {
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private readonly Dictionary<string, ProcessResult> _results = [];
    private readonly Dictionary<string, ProcessResult> _reruns = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _rerunDifferences = [];

    private PublishedApp(TestApp app, string directory)
    {
        App = app;
        Directory = directory;
    }

    public TestApp App { get; }

    /// <summary>The copied family folder (holds the app host, API and worker projects).</summary>
    public string Directory { get; }

    public string AppHostDirectory => Path.Combine(Directory, App.AppHost);

    /// <summary>The app host's dll, built by the first <c>dotnet publish</c>.</summary>
    public string AppHostAssembly => Path.Combine(AppHostDirectory, "bin", "Release", "net10.0", App.AppHost + ".dll");

    /// <summary>The manifest written by <c>--publisher manifest</c> (the CLI path's input).</summary>
    public string ManifestPath => Path.Combine(Directory, "manifest", "aspire-manifest.json");

    /// <summary>The run that wrote <see cref="ManifestPath"/>.</summary>
    public ProcessResult? ManifestRun { get; private set; }

    /// <summary>Every command run and its result, for messages.</summary>
    public List<(string Command, ProcessResult Result)> Log { get; } = [];

    public string Tree(string path) => Path.Combine(Directory, path == PublishPaths.Msbuild ? "out-msbuild" : "out-cli");

    public ProcessResult Result(string path) => _results[path];

    public ProcessResult Rerun(string path) => _reruns[path];

    public IReadOnlyList<string> RerunDifferences(string path) => _rerunDifferences[path];

    /// <summary>The manifest each path generated from: KubeAi.Build's own copy for dotnet publish, the written one for the CLI.</summary>
    public string ManifestFor(string path)
    {
        var msbuildManifest = Path.Combine(AppHostDirectory, "obj", "kubeai", "manifest", "aspire-manifest.json");
        return path == PublishPaths.Msbuild && File.Exists(msbuildManifest) ? msbuildManifest : ManifestPath;
    }

    /// <summary>What a failure message shows: every command and its output.</summary>
    public string Describe() => string.Join("\n", Log.Select(l => $"$ {l.Command} -> exit {l.Result.ExitCode}\n{l.Result.Output}"));

    public static PublishedApp Publish(TestApp app)
    {
        var published = new PublishedApp(app, TestApps.Copy(app.Family));
        published.PublishWithMsbuild();
        published.GenerateWithCli();
        return published;
    }

    /// <summary><c>dotnet publish</c> exactly as a user runs it, plus the properties that place the output.</summary>
    public ProcessResult DotnetPublish(string output, IDictionary<string, string?>? environment = null, params string[] properties)
    {
        var arguments = new List<string> { "publish", App.AppHost, "-c", "Release", "-nodeReuse:false", $"-p:KubeAiOutputPath={output}/", "-p:KubeAiOutputFormat=both" };
        if (!App.BuildImages)
        {
            arguments.Add("-p:KubeAiBuildImages=false");
        }

        arguments.AddRange(properties);
        var env = new Dictionary<string, string?>(s_buildEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return Record($"dotnet {string.Join(' ', arguments)}", ProcessRunner.Run(ProcessRunner.Which("dotnet") ?? "dotnet", arguments, workingDirectory: Directory, environment: env, timeout: TimeSpan.FromMinutes(10)));
    }

    /// <summary>The app host's own manifest publisher, as <c>dotnet run -- --publisher manifest</c> runs it (without rebuilding).</summary>
    public ProcessResult WriteManifest(string outputDirectory, IDictionary<string, string?>? environment = null)
    {
        string[] arguments = [AppHostAssembly, "--publisher", "manifest", "--output-path", outputDirectory];
        return Record($"dotnet {string.Join(' ', arguments)}", ProcessRunner.Run(ProcessRunner.Which("dotnet") ?? "dotnet", arguments, workingDirectory: AppHostDirectory, environment: environment, timeout: TimeSpan.FromMinutes(3)));
    }

    /// <summary><c>kubeai generate</c> with what a user passes for these apps.</summary>
    public ProcessResult KubeAiGenerate(string manifest, string output)
    {
        string[] arguments = ["generate", "--manifest", manifest, "--output", output, "--app-name", App.ApplicationName, "--registry", LocalRegistry.Address, "--tag", "1.0.0", "--format", "both"];
        return Record($"kubeai {string.Join(' ', arguments)}", KubeAiTool.Run(arguments));
    }

    private void PublishWithMsbuild()
    {
        var tree = Tree(PublishPaths.Msbuild);
        _results[PublishPaths.Msbuild] = DotnetPublish(tree);
        var before = Snapshot(tree);
        _reruns[PublishPaths.Msbuild] = DotnetPublish(tree);
        _rerunDifferences[PublishPaths.Msbuild] = Differences(before, Snapshot(tree));
    }

    private void GenerateWithCli()
    {
        ManifestRun = WriteManifest(Path.GetDirectoryName(ManifestPath)!);
        var tree = Tree(PublishPaths.Cli);
        _results[PublishPaths.Cli] = KubeAiGenerate(ManifestPath, tree);
        var before = Snapshot(tree);
        _reruns[PublishPaths.Cli] = KubeAiGenerate(ManifestPath, tree);
        _rerunDifferences[PublishPaths.Cli] = Differences(before, Snapshot(tree));
    }

    private ProcessResult Record(string command, ProcessResult result)
    {
        lock (Log)
        {
            Log.Add((command, result));
        }

        return result;
    }

    /// <summary>Content and write time of every file of a tree (secrets.env and other user files excluded: none are generated).</summary>
    private static Dictionary<string, (string Content, DateTime Written)> Snapshot(string tree) =>
        System.IO.Directory.Exists(tree)
            ? System.IO.Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(tree, f), f => (File.ReadAllText(f), File.GetLastWriteTimeUtc(f)))
            : [];

    private static List<string> Differences(Dictionary<string, (string Content, DateTime Written)> before, Dictionary<string, (string Content, DateTime Written)> after)
    {
        var differences = new List<string>();
        if (before.Count == 0)
        {
            differences.Add("the first run wrote no tree");
        }

        differences.AddRange(before.Keys.Except(after.Keys).Select(f => $"removed by the rerun: {f}"));
        differences.AddRange(after.Keys.Except(before.Keys).Select(f => $"added by the rerun: {f}"));
        foreach (var file in before.Keys.Intersect(after.Keys).Order(StringComparer.Ordinal))
        {
            if (before[file].Content != after[file].Content)
            {
                differences.Add($"content changed by the rerun: {file}");
            }
            else if (before[file].Written != after[file].Written)
            {
                differences.Add($"rewritten with the same content by the rerun: {file}");
            }
        }

        return differences;
    }
}
