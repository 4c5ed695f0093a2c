using KubeAi.Core.Generation;
using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Output;

/// <summary>The Helm chart layout, checked with the real helm: lint, template, then strict validation.</summary>
public sealed class HelmLayoutTests
{
    public static TheoryData<string> Cases => new(["production", "shop", "training-distributed", "handwritten", "kubernetes-2026", "gateway-ingress-fallback"]);

    private static (string Output, GenerationResult Result) Generate(string name)
    {
        var golden = GoldenCases.All.Single(c => c.Name == name);
        var output = RepoPaths.NewTempDirectory("kubeai-helm");
        return (output, KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options with { Format = OutputFormat.Helm }));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_chart_lints_renders_and_validates_like_the_kustomize_tree(string name)
    {
        var (output, result) = Generate(name);
        var chart = Path.Combine(output, "chart");
        Assert.False(Directory.Exists(Path.Combine(output, "base")), "helm only: no kustomize tree");

        var lint = Helm.Run("lint", chart);
        Assert.True(lint.ExitCode == 0, lint.Output);
        var template = Helm.Run("template", "release", chart, "--namespace", "ml");
        Assert.True(template.ExitCode == 0, template.Output);

        var rendered = RepoPaths.NewTempDirectory("kubeai-helm-rendered");
        File.WriteAllText(Path.Combine(rendered, "all.yaml"), template.StdOut);
        Assert.Empty(SchemaValidator.Default.Validate(template.StdOut, "helm template").Select(v => v.ToString()));
        Assert.Empty(WorkloadLinter.LintDirectory(rendered, [result.Application.SecretName]).Select(f => f.ToString()));
        Assert.Equal(result.Application.Resources.Sum(r => r.Objects.Count), template.StdOut.Split('\n').Count(l => l.StartsWith("kind: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Images_replicas_and_the_secret_name_come_from_values()
    {
        var (output, _) = Generate("production");

        var template = Helm.Run("template", "release", Path.Combine(output, "chart"),
            "--set", "images.api=registry.example.com/ml/api:9.9.9", "--set", "replicas.llm=5", "--set", "secretName=vault-synced");

        Assert.True(template.ExitCode == 0, template.Output);
        Assert.Contains("image: \"registry.example.com/ml/api:9.9.9\"", template.StdOut);
        Assert.Contains("replicas: 5", template.StdOut);
        Assert.Contains("name: \"vault-synced\"", template.StdOut);
        Assert.DoesNotContain("production-secrets", template.StdOut);
    }

    [Fact]
    public void Literal_braces_in_values_reach_the_cluster_as_text()
    {
        var (output, _) = Generate("handwritten");

        var template = Helm.Run("template", "release", Path.Combine(output, "chart"));

        Assert.True(template.ExitCode == 0, template.Output);
        Assert.Contains("LOG_FORMAT: '{\"level\":\"info\",\"region\":\"eu-west-1\"}'", template.StdOut);
    }
}
