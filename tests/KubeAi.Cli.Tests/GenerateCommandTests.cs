using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

public sealed class GenerateCommandTests
{
    private const string Valid = """
        {
          "resources": {
            "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
            "cache": { "type": "container.v0", "image": "example/cache:7", "env": { "PASSWORD": "{pw.value}" }, "bindings": { "tcp": { "scheme": "tcp", "targetPort": 6379 } } },
            "api": { "type": "project.v0", "path": "Api.csproj", "env": { "CACHE": "{cache.bindings.tcp.hostAndPort}" }, "bindings": { "http": { "scheme": "http" } } }
          }
        }
        """;

    private static string[] Generate(string manifest, string output, params string[] more) =>
        ["generate", "--manifest", manifest, "--output", output, .. more];

    [Theory]
    [InlineData("--memory-limit", "-1", "KUBEAI3003")]
    [InlineData("--memory-limit", "0", "KUBEAI3003")]
    [InlineData("--cpu-request", "4", "KUBEAI3030")]
    public void Options_Kubernetes_would_reject_exit_1_with_one_coded_line_and_write_nothing(string option, string value, string code)
    {
        var manifest = CliHarness.WriteManifest(Valid);
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(manifest, output, option, value));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith(code + ": ", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public void An_empty_app_model_exits_1_with_KUBEAI1070()
    {
        var run = CliHarness.InProcess(Generate(CliHarness.WriteManifest("""{"resources":{}}"""), RepoPaths.NewTempDirectory()));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("KUBEAI1070: ", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void A_valid_manifest_exits_0_with_a_summary()
    {
        var manifest = CliHarness.WriteManifest(Valid);
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(manifest, output, "--app-name", "demo", "--tag", "1.0.0"));

        Assert.True(run.ExitCode == 0, run.StdErr);
        var objects = Directory.EnumerateFiles(Path.Combine(output, "base"), "*.yaml", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != "kustomization.yaml");
        // The summary every publish path prints (the MSBuild task and the app host's step print the same lines).
        Assert.Contains($"KubeAi: 2 workload(s), {objects} object(s) for 'demo'", run.StdOut);
        Assert.Contains($"KubeAi: manifests in {output} (", run.StdOut);
        Assert.Contains(" written, 0 unchanged, 0 removed)", run.StdOut);
        Assert.Contains("fill base/secrets.env from base/secrets.env.template (1 key(s))", run.StdOut);
        Assert.Equal(string.Empty, run.StdErr);
        Assert.True(File.Exists(Path.Combine(output, "base", "kustomization.yaml")));
        Assert.Contains("image: api:1.0.0", File.ReadAllText(Path.Combine(output, "base", "api", "deployment.yaml")));
    }

    [Fact]
    public void Warnings_go_to_stderr_and_do_not_fail_the_run()
    {
        var manifest = CliHarness.WriteManifest(Valid);
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(manifest, output, "--app-name", "demo"));

        Assert.Equal(0, run.ExitCode);
        var warning = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"warning {ErrorCodes.ImageTagDefaulted}: ", warning);
    }

    [Fact]
    public void The_app_name_defaults_to_the_manifest_folder()
    {
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(RepoPaths.Manifest("shop"), output, "--tag", "1"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("object(s) for 'shop'", run.StdOut);
    }

    [Fact]
    public void Options_reach_the_generator()
    {
        var manifest = CliHarness.WriteManifest(Valid);
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(manifest, output,
            "--app-name", "demo", "-n", "prod", "--registry", "registry.example.com", "--tag", "2.0",
            "--image", "cache=mirror.example.com/example/cache:7", "--cpu-request", "250m", "--memory-limit", "1Gi"));

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("namespace: prod", File.ReadAllText(Path.Combine(output, "base", "kustomization.yaml")));
        var api = File.ReadAllText(Path.Combine(output, "base", "api", "deployment.yaml"));
        Assert.Contains("image: registry.example.com/api:2.0", api);
        Assert.Contains("cpu: 250m", api);
        Assert.Contains("memory: 1Gi", api);
        Assert.Contains("image: mirror.example.com/example/cache:7", File.ReadAllText(Path.Combine(output, "base", "cache", "deployment.yaml")));
    }

    [Fact]
    public void A_second_run_over_the_same_input_is_byte_identical()
    {
        var manifest = CliHarness.WriteManifest(Valid);
        var output = RepoPaths.NewTempDirectory();
        var args = Generate(manifest, output, "--app-name", "demo", "--tag", "1.0.0");
        Assert.Equal(0, CliHarness.InProcess(args).ExitCode);
        var first = CliHarness.Tree(output);

        var second = CliHarness.InProcess(args);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("(0 written, ", second.StdOut);
        Assert.Contains("0 removed", second.StdOut);
        CliHarness.AssertSameTree(first, CliHarness.Tree(output));
    }

    [Fact]
    public void Two_fresh_runs_produce_the_same_tree()
    {
        var a = RepoPaths.NewTempDirectory();
        var b = RepoPaths.NewTempDirectory();

        Assert.Equal(0, CliHarness.InProcess(Generate(RepoPaths.Manifest("shop"), a, "--tag", "1")).ExitCode);
        Assert.Equal(0, CliHarness.InProcess(Generate(RepoPaths.Manifest("shop"), b, "--tag", "1")).ExitCode);

        CliHarness.AssertSameTree(CliHarness.Tree(a), CliHarness.Tree(b));
    }

    private const string Redis = """
        { "resources": { "cache": { "type": "container.v0", "image": "docker.io/library/redis:8.6",
          "bindings": { "tcp": { "scheme": "redis", "protocol": "tcp", "transport": "tcp", "targetPort": 6379 } } } } }
        """;

    [Fact]
    public void A_backing_service_without_a_data_volume_gets_a_claim_and_a_KUBEAI1050_warning()
    {
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(CliHarness.WriteManifest(Redis), output, "--tag", "1"));

        Assert.True(run.ExitCode == 0, run.StdErr);
        var warning = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"warning {ErrorCodes.BackingServiceWithoutDataVolume}: 'cache' runs Redis", warning);
        Assert.Contains("--ephemeral cache", warning);
        var set = File.ReadAllText(Path.Combine(output, "base", "cache", "statefulset.yaml"));
        Assert.Contains("volumeClaimTemplates:", set);
        Assert.Contains("runAsUser: 999", set);
    }

    [Fact]
    public void Ephemeral_keeps_the_data_in_an_emptyDir_without_a_warning()
    {
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(CliHarness.WriteManifest(Redis), output, "--tag", "1", "--ephemeral", "cache"));

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Equal(string.Empty, run.StdErr);
        var set = File.ReadAllText(Path.Combine(output, "base", "cache", "statefulset.yaml"));
        Assert.DoesNotContain("volumeClaimTemplates:", set);
        Assert.Contains("name: data", set);
    }

    [Fact]
    public void Ephemeral_for_an_unknown_resource_exits_1_with_one_KUBEAI1051_line()
    {
        var line = CliHarness.AssertOneCodedError(
            CliHarness.InProcess(Generate(CliHarness.WriteManifest(Redis), RepoPaths.NewTempDirectory(), "--ephemeral", "nope")),
            ErrorCodes.InvalidEphemeralStorage);

        Assert.Contains("'nope' is not a workload resource", line);
    }

    [Fact]
    public void Invalid_json_exits_1_with_one_KUBEAI1002_line()
    {
        var manifest = CliHarness.WriteManifest("{ \"resources\": {\n  \"a\": ,\n} }");

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory())), ErrorCodes.ManifestInvalidJson);

        Assert.Contains($"(at {manifest}:2:", line);
    }

    [Fact]
    public void An_unknown_resource_type_exits_1_with_one_KUBEAI1004_line()
    {
        var manifest = CliHarness.WriteManifest("""{ "resources": { "storage": { "type": "azure.bicep.v0" } } }""");

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory())), ErrorCodes.UnknownResourceType);

        Assert.Contains("'storage'", line);
        Assert.Contains("'azure.bicep.v0'", line);
    }

    [Fact]
    public void Skip_unknown_leaves_unknown_types_out_with_a_warning()
    {
        var manifest = CliHarness.WriteManifest("""{ "resources": { "storage": { "type": "azure.bicep.v0" }, "web": { "type": "container.v0", "image": "nginx:1" } } }""");
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess(Generate(manifest, output, "--skip-unknown", "--app-name", "demo"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.ErrorLines, l => l.StartsWith($"warning {ErrorCodes.UnknownResourceType}: ", StringComparison.Ordinal) && l.Contains("'storage'", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(output, "base", "storage")));
    }

    [Fact]
    public void A_dangling_reference_exits_1_with_one_KUBEAI1011_line()
    {
        var manifest = CliHarness.WriteManifest("""{ "resources": { "web": { "type": "container.v0", "image": "nginx:1", "env": { "DB": "{db.connectionString}" } } } }""");

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory())), ErrorCodes.DanglingReference);

        Assert.Contains("'db'", line);
        Assert.EndsWith($"(at {manifest}: resources.web.env.DB)", line);
    }

    [Fact]
    public void A_cyclic_expression_exits_1_with_one_KUBEAI1013_line()
    {
        var manifest = CliHarness.WriteManifest("""
            { "resources": {
              "a": { "type": "value.v0", "connectionString": "{b.connectionString}" },
              "b": { "type": "value.v0", "connectionString": "{a.connectionString}" },
              "web": { "type": "container.v0", "image": "nginx:1", "env": { "A": "{a.connectionString}" } } } }
            """);

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory())), ErrorCodes.CyclicExpression);

        Assert.Contains("{a.connectionString} -> {b.connectionString} -> {a.connectionString}", line);
    }

    [Fact]
    public void A_missing_manifest_option_exits_1_with_one_KUBEAI3006_line()
    {
        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess("generate", "--output", RepoPaths.NewTempDirectory()), ErrorCodes.InvalidOption);

        Assert.Contains("--manifest", line);
    }

    [Fact]
    public void A_missing_manifest_file_exits_1_with_one_KUBEAI1001_line()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory(), "nope.json");

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(path, RepoPaths.NewTempDirectory())), ErrorCodes.ManifestNotFound);

        Assert.Contains(path, line);
    }

    [Theory]
    [InlineData("--image", "cache")]
    [InlineData("--image", "=redis:7")]
    [InlineData("--parameter", "tenant")]
    public void A_malformed_pair_option_exits_1_with_one_KUBEAI3006_line(string option, string value)
    {
        var manifest = CliHarness.WriteManifest(Valid);

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory(), option, value)), ErrorCodes.InvalidOption);

        // The entry is not quoted (it may hold a value, and values may be secrets): its length and the form are.
        Assert.DoesNotContain(value, line.Replace(option, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"an entry of {value.Length} characters", line);
        Assert.EndsWith($"(at {option})", line);
    }

    [Fact]
    public void A_pair_option_given_twice_exits_1_with_one_KUBEAI3006_line()
    {
        var manifest = CliHarness.WriteManifest(Valid);

        var line = CliHarness.AssertOneCodedError(
            CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory(), "--image", "cache=redis:7", "--image", "cache=redis:8")),
            ErrorCodes.InvalidOption);

        Assert.Contains("'cache'", line);
    }

    [Fact]
    public void An_invalid_image_value_exits_1_with_one_KUBEAI2002_line()
    {
        var manifest = CliHarness.WriteManifest(Valid);

        var line = CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory(), "--image", "cache=Not An Image")), ErrorCodes.InvalidImageReference);

        Assert.Contains("'Not An Image'", line);
    }

    [Fact]
    public void An_unknown_option_exits_1_with_a_KUBEAI3006_line()
    {
        var manifest = CliHarness.WriteManifest(Valid);

        var run = CliHarness.InProcess(Generate(manifest, RepoPaths.NewTempDirectory(), "--frobnicate"));

        Assert.Equal(1, run.ExitCode);
        Assert.All(run.ErrorLines, l => Assert.StartsWith($"{ErrorCodes.InvalidOption}: ", l));
        Assert.Contains("--frobnicate", run.StdErr);
    }

    [Fact]
    public void A_failing_run_leaves_the_previous_output_byte_identical()
    {
        var manifest = CliHarness.WriteManifest(Valid);
        var output = RepoPaths.NewTempDirectory();
        Assert.Equal(0, CliHarness.InProcess(Generate(manifest, output, "--app-name", "demo", "--tag", "1")).ExitCode);
        var before = CliHarness.Tree(output);
        File.WriteAllText(manifest, Valid.Replace("{cache.bindings.tcp.hostAndPort}", "{cache.bindings.nope.url}", StringComparison.Ordinal));

        CliHarness.AssertOneCodedError(CliHarness.InProcess(Generate(manifest, output, "--app-name", "demo", "--tag", "1")), ErrorCodes.DanglingReference);

        CliHarness.AssertSameTree(before, CliHarness.Tree(output));
    }
}
