using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>
/// What a user sees when the app model cannot be deployed: on every path (dotnet publish and its
/// tasks, the app host's own publish step, the CLI) one <c>KUBEAInnnn:</c> line, a failing exit
/// code, no stack trace, and no tree written.
/// </summary>
[Collection(TestAppCollection.Name)]
public sealed partial class BadInputTests(TestAppMatrix matrix)
{
    private static readonly Dictionary<string, string?> s_bindMount = new() { ["TestApp__BindMount"] = "true" };

    [Fact]
    public void A_bind_mount_fails_dotnet_publish_with_one_coded_line()
    {
        var app = matrix["Containers"];
        var output = Path.Combine(app.Directory, "out-bind-mount-msbuild");

        var publish = app.DotnetPublish(output, s_bindMount);

        AssertOneCodedError(publish, "seq");
        Assert.False(Directory.Exists(Path.Combine(output, "base")), "a tree was written despite the error");
    }

    [Fact]
    public void A_bind_mount_fails_the_app_host_publish_step_with_one_coded_line()
    {
        var app = matrix["Containers"];
        var dll = app.AppHostAssembly;
        Assert.True(File.Exists(dll), app.Describe());
        var output = Path.Combine(app.Directory, "out-bind-mount-step");

        var step = ProcessRunner.Run(
            ProcessRunner.Which("dotnet") ?? "dotnet",
            [dll, "--operation", "publish", "--step", "kubeai-kubernetes", "--output-path", output],
            workingDirectory: app.AppHostDirectory,
            environment: new Dictionary<string, string?>(s_bindMount) { ["ASPIRE_INTERACTIVITY_ENABLED"] = "false" },
            timeout: TimeSpan.FromMinutes(3));

        AssertOneCodedError(step, "seq");
        Assert.False(Directory.Exists(Path.Combine(output, "base")), "a tree was written despite the error");
    }

    [Fact]
    public void A_bind_mount_fails_kubeai_generate_with_one_coded_line()
    {
        var app = matrix["Containers"];
        Assert.True(File.Exists(app.AppHostAssembly), app.Describe());
        var manifestDirectory = Path.Combine(app.Directory, "manifest-bind-mount");
        var manifest = app.WriteManifest(manifestDirectory, s_bindMount);
        Assert.True(manifest.ExitCode == 0, manifest.Output);
        Assert.Empty(StackTraces.Find(manifest.Output));
        var output = Path.Combine(app.Directory, "out-bind-mount-cli");

        var generate = app.KubeAiGenerate(Path.Combine(manifestDirectory, "aspire-manifest.json"), output);

        Assert.Equal(1, generate.ExitCode);
        AssertOneCodedError(generate, "seq");
        Assert.False(Directory.Exists(Path.Combine(output, "base")), "a tree was written despite the error");
    }

    [Theory]
    [InlineData("env", "{nowhere.bindings.http.url}")]
    [InlineData("env", "{nowhere.connectionString}")]
    [InlineData("parameter", "{nowhere.connectionString}")]
    public void A_reference_to_a_missing_resource_fails_kubeai_generate_with_one_coded_line(string where, string expression)
    {
        var app = matrix["PostgreSQL"];
        Assert.True(app.ManifestRun?.ExitCode == 0, app.Describe());
        var manifest = JsonNode.Parse(File.ReadAllText(app.ManifestPath))!;
        var resources = manifest["resources"]!.AsObject();
        if (where == "env")
        {
            resources["api"]!["env"]!["BROKEN"] = expression;
        }
        else
        {
            resources["broken"] = new JsonObject { ["type"] = "parameter.v0", ["value"] = expression };
            resources["api"]!["env"]!["BROKEN"] = "{broken.value}";
        }

        var directory = RepoPaths.NewTempDirectory("kubeai-it-bad");
        var path = Path.Combine(directory, "aspire-manifest.json");
        File.WriteAllText(path, manifest.ToJsonString());
        var output = Path.Combine(directory, "out");

        var generate = app.KubeAiGenerate(path, output);

        Assert.Equal(1, generate.ExitCode);
        AssertOneCodedError(generate, "nowhere");
        Assert.False(Directory.Exists(Path.Combine(output, "base")), "a tree was written despite the error");
    }

    [Fact]
    public void A_bad_quantity_fails_dotnet_publish_with_one_coded_line()
    {
        var app = matrix["Redis"];
        var output = Path.Combine(app.Directory, "out-bad-quantity");

        var publish = app.DotnetPublish(output, null, "-p:KubeAiCpuRequest=lots");

        AssertOneCodedError(publish, "lots");
        Assert.False(Directory.Exists(Path.Combine(output, "base")), "a tree was written despite the error");
    }

    [Fact]
    public void A_manifest_that_is_not_json_fails_kubeai_generate_with_one_coded_line()
    {
        var directory = RepoPaths.NewTempDirectory("kubeai-it-bad");
        var path = Path.Combine(directory, "aspire-manifest.json");
        File.WriteAllText(path, "{ \"resources\": { \"api\": ");

        var generate = matrix["Redis"].KubeAiGenerate(path, Path.Combine(directory, "out"));

        Assert.Equal(1, generate.ExitCode);
        AssertOneCodedError(generate, null);
    }

    /// <summary>Fails, says why in exactly one coded line (naming <paramref name="mentions"/>), and shows no stack trace.</summary>
    private static void AssertOneCodedError(ProcessResult result, string? mentions)
    {
        Assert.True(result.ExitCode != 0, $"expected a failure:\n{result.Output}");
        Assert.Empty(StackTraces.Find(result.Output));
        var coded = result.Output.Split('\n').Select(l => CodedError().Match(l)).Where(m => m.Success).Select(m => m.Value).Distinct().ToList();
        Assert.True(coded.Count >= 1, $"no KUBEAInnnn line:\n{result.Output}");
        Assert.True(coded.Select(c => c[..10]).Distinct().Count() == 1, $"more than one error:\n{string.Join('\n', coded)}");
        if (mentions is not null)
        {
            Assert.Contains(mentions, coded[0], StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"KUBEAI\d{4}: .*")]
    private static partial Regex CodedError();
}
