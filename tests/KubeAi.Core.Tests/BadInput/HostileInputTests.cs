using System.Text;
using System.Text.Json;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.BadInput;

/// <summary>
/// Inputs built to make the tool hang, crash or explode (issue 10, "bounded work on any input"): each one ends in
/// success or in one coded line. No test here times anything: the bounds are the code's limits, tested by their
/// errors; the formerly quadratic cases only have to complete (the test run's own timeout catches a regression).
/// </summary>
public sealed class HostileInputTests
{
    private static string Json(object manifest) => JsonSerializer.Serialize(manifest);

    private static Dictionary<string, object> Container(Dictionary<string, string> env) =>
        new() { ["type"] = "container.v0", ["image"] = "nginx:1.27", ["env"] = env };

    private static string EnvOf(KubeAi.Core.Generation.GeneratedApplication app, string name) =>
        Inline.Single<V1ConfigMap>(app, "api").Data[name];

    private static void OneCodedLine(KubeAiException error, string code)
    {
        Assert.Equal(code, error.Code);
        var line = error.ToDisplayString();
        Assert.StartsWith(code + ": ", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.True(line.Length < 700, $"{line.Length} characters: {line[..Math.Min(200, line.Length)]}");
    }

    [Fact]
    public void A_reference_chain_of_twenty_thousand_values_resolves_without_recursion()
    {
        const int length = 20_000;
        var resources = new Dictionary<string, object> { ["api"] = Container(new() { ["X"] = "{p0.value}" }) };
        for (var i = 0; i < length; i++)
        {
            resources[$"p{i}"] = new Dictionary<string, string> { ["type"] = "value.v0", ["value"] = i < length - 1 ? $"<{{p{i + 1}.value}}" : "end" };
        }

        var app = Inline.Generate(Json(new { resources }));

        Assert.Equal(new string('<', length - 1) + "end", EnvOf(app, "X"));
    }

    [Fact]
    public void A_cycle_at_the_end_of_a_long_chain_is_one_bounded_line()
    {
        const int length = 5_000;
        var resources = new Dictionary<string, object> { ["api"] = Container(new() { ["X"] = "{p0.value}" }) };
        for (var i = 0; i < length; i++)
        {
            resources[$"p{i}"] = new Dictionary<string, string> { ["type"] = "value.v0", ["value"] = $"{{p{(i + 1) % length}.value}}" };
        }

        OneCodedLine(Inline.GenerateFails(ErrorCodes.CyclicExpression, Json(new { resources })), ErrorCodes.CyclicExpression);
    }

    [Fact]
    public void A_megabyte_value_of_expressions_resolves()
    {
        var value = new StringBuilder();
        while (value.Length < 1_000_000)
        {
            value.Append("{p.value}{ {a.b x");
        }

        var resources = new Dictionary<string, object>
        {
            ["p"] = new Dictionary<string, string> { ["type"] = "value.v0", ["value"] = "v" },
            ["api"] = Container(new() { ["X"] = value.ToString() }),
        };

        var app = Inline.Generate(Json(new { resources }));

        Assert.Equal(value.ToString().Replace("{p.value}", "v", StringComparison.Ordinal), EnvOf(app, "X"));
    }

    [Fact]
    public void A_megabyte_of_braces_is_literal_text_and_an_unclosed_expression_one_line()
    {
        var braces = new string('{', 1_000_000);
        var app = Inline.Generate(Json(new { resources = new Dictionary<string, object> { ["api"] = Container(new() { ["X"] = braces }) } }));
        Assert.Equal(braces, EnvOf(app, "X"));

        var unclosed = string.Concat(Enumerable.Repeat("{a.b", 250_000));
        var error = Inline.GenerateFails(ErrorCodes.ExpressionSyntax, Json(new { resources = new Dictionary<string, object> { ["api"] = Container(new() { ["X"] = unclosed }) } }));
        OneCodedLine(error, ErrorCodes.ExpressionSyntax);
    }

    [Fact]
    public void Fifty_thousand_expressions_in_one_value_resolve()
    {
        var resources = new Dictionary<string, object>();
        for (var i = 0; i < 100; i++)
        {
            resources[$"p{i}"] = new Dictionary<string, string> { ["type"] = "value.v0", ["value"] = $"v{i}" };
        }

        var value = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{{p{i % 100}.value}}-"));
        resources["api"] = Container(new() { ["X"] = value });

        var app = Inline.Generate(Json(new { resources }));

        Assert.Equal(string.Concat(Enumerable.Range(0, 50_000).Select(i => $"v{i % 100}-")), EnvOf(app, "X"));
    }

    [Fact]
    public void Values_that_repeat_values_stop_at_the_resolved_length_limit()
    {
        var resources = new Dictionary<string, object> { ["a0"] = new Dictionary<string, string> { ["type"] = "value.v0", ["value"] = new string('x', 1000) } };
        for (var i = 1; i < 30; i++)
        {
            resources[$"a{i}"] = new Dictionary<string, string> { ["type"] = "value.v0", ["value"] = string.Concat(Enumerable.Repeat($"{{a{i - 1}.value}}", 10)) };
        }

        resources["api"] = Container(new() { ["X"] = "{a29.value}" });

        OneCodedLine(Inline.GenerateFails(ErrorCodes.ExpressionLimit, Json(new { resources })), ErrorCodes.ExpressionLimit);
    }

    [Fact]
    public void An_expression_longer_than_the_limit_is_one_line()
    {
        var expression = "{" + new string('a', ExpressionResolver.MaxExpressionLength) + ".value}";
        var error = Inline.GenerateFails(ErrorCodes.ExpressionLimit, Json(new { resources = new Dictionary<string, object> { ["api"] = Container(new() { ["X"] = expression }) } }));
        OneCodedLine(error, ErrorCodes.ExpressionLimit);
    }

    [Fact]
    public void A_thousand_training_jobs_generate()
    {
        var resources = new Dictionary<string, object> { ["k8s"] = new Dictionary<string, string> { ["type"] = "kubeai.environment.v0" } };
        for (var i = 0; i < 1000; i++)
        {
            resources[$"trainer{i}"] = new Dictionary<string, object>
            {
                ["type"] = "container.v1",
                ["image"] = "ghcr.io/example/trainer:1.0",
                ["deployment"] = new { kind = "TrainingJob", trainingJob = new { checkpoint = new { size = "5Gi" }, backoffLimit = 2 } },
                ["env"] = new Dictionary<string, string> { ["A"] = "b" },
            };
        }

        var app = Inline.Generate(Json(new { resources }));

        Assert.Equal(1000, app.Resources.Count);
    }

    [Fact]
    public void Nesting_a_hundred_thousand_deep_is_one_coded_line()
    {
        var json = "{\"resources\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var error = Inline.Fails(ErrorCodes.AppManifestTooDeep, () => Inline.Read(json));

        OneCodedLine(error, ErrorCodes.AppManifestTooDeep);
    }

    [Theory]
    [InlineData("""{"resources":{"api":{"type":"container.v0","image":"nginx:1","env":{"X":"a\ud800b"}}}}""")]
    [InlineData("""{"resources":{"api":{"type":"container.v0","image":"nginx:1","env":{"X":"\udc00"}}}}""")]
    [InlineData("""{"resources":{"a\udc00pi":{"type":"container.v0","image":"nginx:1"}}}""")]
    [InlineData("""{"resources":{"api":{"type":"container.v0","image":"nginx:1","deployment":{"replicas":"\ud83d"}}}}""")]
    public void A_lone_surrogate_is_one_coded_line(string json)
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidText, () => Inline.Read(json));

        OneCodedLine(error, ErrorCodes.ManifestInvalidText);
    }

    [Fact]
    public void A_string_longer_than_a_mebibyte_is_refused()
    {
        var json = Json(new { resources = new Dictionary<string, object> { ["api"] = Container(new() { ["X"] = new string('a', ManifestReader.MaxStringBytes + 1) }) } });

        OneCodedLine(Inline.Fails(ErrorCodes.InputValueTooLong, () => Inline.Read(json)), ErrorCodes.InputValueTooLong);
    }

    [Fact]
    public void A_manifest_over_the_size_limit_is_refused_before_it_is_read()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-hostile"), "aspire-manifest.json");
        using (var file = File.Create(path))
        {
            // Sparse: no disk and no time spent on the bytes.
            file.SetLength(InputFiles.MaxInputBytes + 1);
        }

        OneCodedLine(Inline.Fails(ErrorCodes.InputTooLarge, () => ManifestReader.ReadFile(path)), ErrorCodes.InputTooLarge);
    }

    [Fact]
    public void A_fifo_is_refused_instead_of_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-hostile"), "aspire-manifest.json");
        var made = ProcessRunner.Run("mkfifo", [path], timeout: TimeSpan.FromMinutes(1));
        Assert.Equal(0, made.ExitCode);

        OneCodedLine(Inline.Fails(ErrorCodes.InputNotRegularFile, () => ManifestReader.ReadFile(path)), ErrorCodes.InputNotRegularFile);
        OneCodedLine(Inline.Fails(ErrorCodes.InputNotRegularFile, () => DeliveryEnvironments.ReadFile(path)), ErrorCodes.InputNotRegularFile);
    }

    [Fact]
    public void A_directory_is_refused_as_a_manifest()
    {
        var directory = RepoPaths.NewTempDirectory("kubeai-hostile");
        var path = Path.Combine(directory, "aspire-manifest.json");
        Directory.CreateDirectory(path);

        OneCodedLine(Inline.Fails(ErrorCodes.InputNotRegularFile, () => ManifestReader.ReadFile(path)), ErrorCodes.InputNotRegularFile);
    }

    [Fact]
    public void A_command_that_hangs_is_stopped_at_its_bound_with_a_coded_line_naming_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = Assert.Throws<KubeAiException>(() => ExternalProcess.Run("/bin/sleep", ["600"], TimeSpan.FromSeconds(1), "sleep 600"));

        OneCodedLine(error, ErrorCodes.ProcessTimedOut);
        Assert.Contains("sleep 600", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_does_not_exist_is_a_coded_line()
    {
        var error = Assert.Throws<KubeAiException>(() => ExternalProcess.Run("/nonexistent/kubeai-no-such-tool", [], TimeSpan.FromMinutes(1), "kubeai-no-such-tool"));

        OneCodedLine(error, ErrorCodes.ProcessNotStarted);
    }

    [Fact]
    public void A_chatty_command_keeps_a_bounded_output()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var result = ExternalProcess.Run("/bin/sh", ["-c", "yes kubeai | head -c 20000000"], TimeSpan.FromMinutes(5), "yes");

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.StdOut.Length <= ExternalProcess.MaxOutputChars + 16, $"{result.StdOut.Length} characters kept");
    }
}
