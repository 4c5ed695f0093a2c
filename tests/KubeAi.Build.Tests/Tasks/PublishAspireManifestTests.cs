using KubeAi.Build.Tests.Infrastructure;

namespace KubeAi.Build.Tests.Tasks;

/// <summary>
/// PublishAspireManifest against a fake app host: <c>DotnetHost</c> points at a bash script that
/// receives the same arguments <c>dotnet AppHost.dll</c> would and behaves like a good or a broken app host.
/// </summary>
public sealed class PublishAspireManifestTests : IDisposable
{
    private const string Manifest = """{ "resources": {} }""";

    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new("/src/AppHost/AppHost.csproj");

    public void Dispose() => _temp.Dispose();

    private string AppHostFolder => _temp.Combine("apphost");

    private string OutputFolder => _temp.Combine("obj", "kubeai", "manifest");

    private string ManifestFile => Path.Combine(OutputFolder, "aspire-manifest.json");

    /// <summary>A fake app host: records how it was started, then runs <paramref name="body"/>; $7 is the output folder.</summary>
    private PublishAspireManifest Task(string body, int timeout = 60_000)
    {
        Directory.CreateDirectory(AppHostFolder);
        var record = _temp.Combine("record");
        var script = _temp.Write("fake-apphost.sh", $$"""
            #!/usr/bin/env bash
            mkdir -p '{{record}}'
            printf '%s\n' "$@" > '{{record}}/args'
            pwd > '{{record}}/cwd'
            printf '%s' "$ASPIRE_INTERACTIVITY_ENABLED" > '{{record}}/interactivity'
            {{body}}
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new PublishAspireManifest
        {
            BuildEngine = _engine,
            DotnetHost = script,
            AppHostAssembly = "/src/AppHost/bin/AppHost.dll",
            WorkingDirectory = AppHostFolder,
            OutputDirectory = OutputFolder,
            Timeout = timeout,
        };
    }

    private string Recorded(string name) => File.ReadAllText(_temp.Combine("record", name));

    [Fact]
    public void A_good_app_host_writes_the_manifest_and_the_task_returns_its_path()
    {
        var task = Task($"""
            echo "info: Aspire.Hosting.Publishing[0] writing manifest"
            printf '%s' '{Manifest}' > "$7/aspire-manifest.json"
            """);

        Assert.True(task.Execute(), _engine.Log);

        Assert.Empty(_engine.Errors);
        Assert.Equal(ManifestFile, task.ManifestPath);
        Assert.Equal(Manifest, File.ReadAllText(ManifestFile));
        Assert.Equal(
            ["/src/AppHost/bin/AppHost.dll", "--operation", "publish", "--step", "publish-manifest", "--output-path", OutputFolder],
            Recorded("args").TrimEnd('\n').Split('\n'));
        Assert.Equal(AppHostFolder, Recorded("cwd").Trim());
        Assert.Equal("false", Recorded("interactivity"));
    }

    [Fact]
    public void An_app_host_that_writes_no_manifest_fails_with_its_output()
    {
        var task = Task("""
            echo "info: starting"
            echo "something went sideways" >&2
            exit 0
            """);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5001", error.Code);
        Assert.Contains("exit code 0", error.Message);
        Assert.Contains("something went sideways", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        var log = LogFileOf(error.Message, "full output in ");
        Assert.Contains("info: starting", File.ReadAllText(log));
        Assert.Equal("/src/AppHost/AppHost.csproj", error.File);
        Assert.Equal(string.Empty, task.ManifestPath);
    }

    [Fact]
    public void A_manifest_left_by_an_earlier_run_does_not_count()
    {
        Directory.CreateDirectory(OutputFolder);
        File.WriteAllText(ManifestFile, Manifest);
        var task = Task("exit 0");

        Assert.False(task.Execute());

        Assert.Equal("KUBEAI5001", Assert.Single(_engine.Errors).Code);
        Assert.False(File.Exists(ManifestFile));
    }

    [Fact]
    public void A_fail_line_fails_the_task_even_when_the_manifest_was_written_and_the_exit_code_is_zero()
    {
        var task = Task($"""
            printf '%s' '{Manifest}' > "$7/aspire-manifest.json"
            echo "fail: Aspire.Hosting.Publishing[0] Step 'publish-manifest' failed: MissingParameterValueException: Parameter resource could not be used because configuration key 'Parameters:tenant' is missing"
            exit 0
            """);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5001", error.Code);
        Assert.Contains("Parameters:tenant", error.Message);
        Assert.Equal(string.Empty, task.ManifestPath);
    }

    [Fact]
    public void A_crit_line_on_stderr_fails_the_task()
    {
        var task = Task($"""
            printf '%s' '{Manifest}' > "$7/aspire-manifest.json"
            echo "crit: Microsoft.Extensions.Hosting[0] host crashed" >&2
            """);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5001", error.Code);
        Assert.Contains("crit: Microsoft.Extensions.Hosting[0] host crashed", error.Message);
    }

    [Fact]
    public void A_non_zero_exit_code_fails_the_task()
    {
        var task = Task($"""
            printf '%s' '{Manifest}' > "$7/aspire-manifest.json"
            echo "Unhandled exception. System.InvalidOperationException: boom"
            exit 3
            """);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5001", error.Code);
        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("System.InvalidOperationException: boom", error.Message);
    }

    [Fact]
    public void A_host_that_cannot_be_started_is_a_coded_error()
    {
        var task = Task("exit 0");
        task.DotnetHost = _temp.Combine("no-such-dotnet");

        var ok = false;
        var exception = Record.Exception(() => ok = task.Execute());

        Assert.Null(exception);
        Assert.False(ok);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5001", error.Code);
        Assert.Contains("no-such-dotnet", error.Message);
    }

    [Fact]
    public void An_app_host_that_hangs_is_stopped_after_the_timeout_with_its_output()
    {
        var task = Task("""
            echo "info: waiting for a parameter value"
            sleep 300
            """, timeout: 1_500);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5002", error.Code);
        Assert.Contains("was stopped", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("info: waiting for a parameter value", File.ReadAllText(LogFileOf(error.Message, "output so far in ")));
    }

    [Fact]
    public void An_app_host_that_crashes_gives_its_first_error_line_and_no_stack_trace()
    {
        var task = Task("""
            echo "Unhandled exception. Aspire.Hosting.DistributedApplicationException: Could not create HTTP health check for resource 'api'"
            echo "   at Aspire.Hosting.ResourceBuilderExtensions.WithHttpHealthCheck[T](IResourceBuilder builder) in /_/src/X.cs:line 1"
            echo "   at Program.<Main>$(String[] args) in /src/AppHost/Program.cs:line 2"
            exit 134
            """);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5001", error.Code);
        Assert.Contains("exit code 134", error.Message);
        Assert.Contains("Could not create HTTP health check for resource 'api'", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
        Assert.Contains("Program.cs:line 2", File.ReadAllText(LogFileOf(error.Message, "full output in ")));
    }

    [Fact]
    public void A_coded_line_inside_Aspires_exception_output_becomes_the_error()
    {
        var task = Task("""
            echo "fail: Aspire.Hosting.Publishing.PipelineExecutor[0]"
            echo "      System.InvalidOperationException: Step 'publish-manifest' failed: KUBEAI9000: internal error while writing the deployment object of resource 'db' (X: y); details in /tmp/x.log; please report it (at db)"
            echo "         at Aspire.Hosting.Pipelines.DistributedApplicationPipeline.ExecuteStepAsync()"
            exit 1
            """);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI9000", error.Code);
        Assert.StartsWith("internal error while writing the deployment object of resource 'db'", error.Message);
        Assert.EndsWith("(at db)", error.Message);
    }

    private static string LogFileOf(string message, string marker)
    {
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{marker}' in: {message}");
        var path = message[(start + marker.Length)..].Split(' ', ';')[0];
        Assert.True(File.Exists(path), $"{path} does not exist");
        return path;
    }
}
