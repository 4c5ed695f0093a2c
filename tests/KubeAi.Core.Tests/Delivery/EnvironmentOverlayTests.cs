using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Tests.Generation;
using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Delivery;

/// <summary>Overlays per environment (docs/environments.md), rendered by the real kubectl and validated strictly.</summary>
public sealed class EnvironmentOverlayTests
{
    private static (string Output, GenerationResult Result) Generate(Func<GeneratorOptions, GeneratorOptions>? change = null)
    {
        var golden = GoldenCases.All.Single(c => c.Name == "environments");
        var output = RepoPaths.NewTempDirectory("kubeai-overlays");
        return (output, KubeAiGenerator.GenerateFromFile(golden.Manifest, output, change is null ? golden.Options : change(golden.Options)));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Each_overlay_renders_with_kubectl_kustomize_and_validates_strictly(string environment)
    {
        var (output, result) = Generate();

        var rendered = Render(output, environment);

        Assert.Empty(SchemaValidator.Default.Validate(rendered, $"overlays/{environment}").Select(v => v.ToString()));
        var expected = result.Application.Resources.Sum(r => r.Objects.Count) + result.Application.SecretObjects.Count + 1;
        Assert.Equal(expected, rendered.Split('\n').Count(l => l.StartsWith("kind: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("namespace: shop\n", rendered);
        Assert.Contains($"namespace: shop-{environment}\n", rendered);
    }

    [Fact]
    public void Prod_differs_from_dev_exactly_as_declared()
    {
        var (output, _) = Generate();
        var dev = Render(output, "dev");
        var prod = Render(output, "prod");

        var devApi = Document(dev, "Deployment", "api");
        var prodApi = Document(prod, "Deployment", "api");
        Assert.Contains("  replicas: 1\n", devApi);
        Assert.Contains("  replicas: 4\n", prodApi);
        // dev keeps the pinned image; prod's tag replaces the digest (kustomize newTag).
        Assert.Contains("image: registry.example.com/shop/api:1.0.0@sha256:" + new string('a', 64), devApi);
        Assert.Contains("image: registry.example.com/shop/api:2.0.0\n", prodApi);
        Assert.Contains("image: registry.example.com/shop/worker:2.0.1\n", Document(prod, "Deployment", "worker"));
        Assert.Contains("image: registry.example.com/shop/trainer:2.0.0\n", Document(prod, "Job", "trainer"));
        // Images KubeAi does not build keep theirs.
        Assert.Contains("image: docker.io/library/redis:8.6", Document(prod, "StatefulSet", "cache"));
        Assert.Contains("limits:\n            cpu: \"2\"\n            memory: 2Gi\n          requests:\n            cpu: 500m\n            memory: 128Mi", prodApi);
        Assert.Contains("memory: 8Gi", Document(prod, "Job", "trainer"));
        Assert.DoesNotContain("memory: 8Gi", Document(dev, "Job", "trainer"));
    }

    [Fact]
    public void Selecting_an_environment_writes_only_its_overlay_and_values()
    {
        var (output, result) = Generate(o => o with { Environment = "prod" });

        Assert.Equal(["prod"], result.Application.Overlays.Select(o => o.Name));
        Assert.True(File.Exists(Path.Combine(output, "overlays", "prod", "kustomization.yaml")));
        Assert.False(Directory.Exists(Path.Combine(output, "overlays", "dev")));
        Assert.False(File.Exists(Path.Combine(output, "chart", "values-dev.yaml")));
    }

    [Fact]
    public void Caller_environments_replace_app_model_ones_of_the_same_name()
    {
        var (output, _) = Generate(o => o with
        {
            Environments = new Dictionary<string, DeliveryEnvironment>
            {
                ["dev"] = new() { Namespace = "sandbox" },
                ["staging"] = new() { Workloads = new(StringComparer.Ordinal) { ["api"] = new() { Replicas = 3 } } },
            },
        });

        Assert.Contains("namespace: sandbox\n", File.ReadAllText(Path.Combine(output, "overlays", "dev", "kustomization.yaml")));
        Assert.DoesNotContain("replicas:", File.ReadAllText(Path.Combine(output, "overlays", "dev", "kustomization.yaml")));
        Assert.Contains("count: 3", File.ReadAllText(Path.Combine(output, "overlays", "staging", "kustomization.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "overlays", "prod", "kustomization.yaml")));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_helm_chart_renders_with_each_environment_values_file(string environment)
    {
        var (output, _) = Generate();
        var chart = Path.Combine(output, "chart");

        var template = Helm.Run("template", "shop", chart, "-f", Path.Combine(chart, $"values-{environment}.yaml"), "--namespace", $"shop-{environment}");

        Assert.True(template.ExitCode == 0, template.Output);
        Assert.Empty(SchemaValidator.Default.Validate(template.StdOut, "helm template").Select(v => v.ToString()));
        var api = Document(template.StdOut, "Deployment", "api");
        Assert.Contains(environment == "prod" ? "replicas: 4" : "replicas: 1", api);
        Assert.Contains(environment == "prod" ? "image: \"registry.example.com/shop/api:2.0.0\"" : "image: \"registry.example.com/shop/api:1.0.0@sha256:", api);
    }

    private const string Base = """
        {"resources": {
          "k8s": { "type": "kubeai.environment.v0", ENVIRONMENTS },
          "api": { "type": "project.v1", "path": "../Api/Api.csproj", "deployment": { "kind": "Deployment", "replicas": 2 },
                   "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http" } } },
          "scaled": { "type": "project.v1", "path": "../S/S.csproj", "deployment": { "kind": "Deployment", "autoscaling": { "minReplicas": 2, "maxReplicas": 5, "cpuUtilization": 70 } } },
          "job": { "type": "project.v1", "path": "../J/J.csproj", "deployment": { "kind": "TrainingJob" } },
          "dist": { "type": "project.v1", "path": "../D/D.csproj", "deployment": { "kind": "TrainingJob", "trainingJob": { "flavor": "jobset", "workers": 2 } } },
          "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
          "plain": { "type": "parameter.v0", "value": "x" }
        }}
        """;

    private static string With(string fields) => Base.Replace("ENVIRONMENTS", fields, StringComparison.Ordinal);

    [Theory]
    [InlineData(ErrorCodes.OverlayNotApplicable, """ "environments": { "prod": { "workloads": { "nope": { "replicas": 2 } } } } """, "'nope', which the app does not deploy")]
    [InlineData(ErrorCodes.OverlayNotApplicable, """ "environments": { "prod": { "workloads": { "scaled": { "replicas": 2 } } } } """, "autoscaled")]
    [InlineData(ErrorCodes.OverlayNotApplicable, """ "environments": { "prod": { "workloads": { "job": { "replicas": 2 } } } } """, "Job, which has no replica count")]
    [InlineData(ErrorCodes.OverlayNotApplicable, """ "environments": { "prod": { "workloads": { "dist": { "resources": { "limits": { "cpu": "2" } } } } } } """, "an overlay cannot patch (only Deployments, StatefulSets, Jobs and CronJobs)")]
    [InlineData(ErrorCodes.InvalidEnvironmentDefinition, """ "environments": { "prod": { "imagetag": "1.0" } } """, "documented shape")]
    [InlineData(ErrorCodes.InvalidEnvironmentDefinition, """ "environments": { "prod": { "imageTag": "-bad\n" } } """, "is not an image tag")]
    [InlineData(ErrorCodes.InvalidEnvironmentDefinition, """ "environments": { "Prod": { } } """, "must be a DNS label")]
    [InlineData(ErrorCodes.InvalidEnvironmentDefinition, """ "environments": { "prod": { "workloads": { "api": { "replicas": -1 } } } } """, "out of range")]
    [InlineData(ErrorCodes.InvalidQuantity, """ "environments": { "prod": { "workloads": { "api": { "resources": { "limits": { "cpu": "lots" } } } } } } """, "'lots' is not a Kubernetes quantity")]
    [InlineData(ErrorCodes.InvalidNamespace, """ "environments": { "prod": { "namespace": "Not_A_Namespace" } } """, "Not_A_Namespace")]
    [InlineData(ErrorCodes.InvalidSecretSource, """ "secrets": { "default": { "source": "externalSecret" } } """, "needs 'store'")]
    [InlineData(ErrorCodes.InvalidSecretSource, """ "secrets": { "default": { "source": "vault" } } """, "'vault' is not one of")]
    [InlineData(ErrorCodes.InvalidSecretSource, """ "secrets": { "default": { "source": "existingSecret", "secretName": "s", "key": "k" } } """, "'key' does not apply")]
    [InlineData(ErrorCodes.InvalidSecretSource, """ "secrets": { "parameters": { "nothere": { "source": "existingSecret", "secretName": "s" } } } """, "not a parameter")]
    [InlineData(ErrorCodes.InvalidSecretSource, """ "secrets": { "parameters": { "pw": { "source": "externalSecret", "store": "v", "refreshInterval": "soon" } } } """, "not a duration")]
    public void Bad_environments_and_secret_sources_are_coded_errors(string code, string fields, string message)
    {
        var error = Inline.GenerateFails(code, With(fields));

        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.ToDisplayString());
    }

    [Fact]
    public void An_unknown_selected_environment_names_the_declared_ones()
    {
        var error = Inline.GenerateFails(ErrorCodes.UnknownEnvironment, With(""" "environments": { "dev": {}, "prod": {} } """), Inline.Options(o => o with { Environment = "prd" }));

        Assert.Contains("(declared: dev, prod)", error.Message);
    }

    [Fact]
    public void The_external_secret_validates_against_its_crd_and_a_broken_one_does_not()
    {
        var (output, _) = Generate();
        var file = Path.Combine(output, "base", "externalsecret-shop-vault-cluster.yaml");
        var yaml = File.ReadAllText(file);

        Assert.Empty(SchemaValidator.Default.Validate(yaml, file));
        var broken = SchemaValidator.Default.Validate(yaml.Replace("kind: ClusterSecretStore", "kind: VaultStore", StringComparison.Ordinal), file);
        Assert.Contains(broken, v => v.ToString().Contains("secretStoreRef.kind", StringComparison.Ordinal));
    }

    [Fact]
    public void Pods_read_each_secret_from_its_source_and_no_env_file_key_is_left_for_other_sources()
    {
        var (output, result) = Generate();
        var keys = result.Application.SecretKeys.ToDictionary(k => k.Key);

        Assert.Equal(("shop-db", "password"), (keys["db-password"].SecretName, keys["db-password"].SecretKeyName));
        Assert.Equal("shop-secrets", keys["api-key"].SecretName);
        Assert.Equal("shop-vault-cluster", keys["hf-token"].SecretName);
        Assert.Equal("shop-team-store", keys["signing-key"].SecretName);
        var template = File.ReadAllText(Path.Combine(output, "base", "secrets.env.template"));
        Assert.Contains("api-key=", template);
        Assert.DoesNotContain("hf-token", template);
        Assert.DoesNotContain("db-password", template);
    }

    [Fact]
    public void Without_env_file_keys_there_is_no_secret_generator_and_the_base_renders_without_secrets_env()
    {
        var app = Inline.Read(With(""" "secrets": { "default": { "source": "existingSecret", "secretName": "platform-secrets" } } """).Replace("\"kind\": \"TrainingJob\" }", "\"kind\": \"TrainingJob\" }, \"env\": { \"PW\": \"{pw.value}\" }", StringComparison.Ordinal));
        var output = RepoPaths.NewTempDirectory("kubeai-overlays");
        var result = KubeAiGenerator.Generate(app, output, Inline.Options());

        Assert.Equal("platform-secrets", result.Application.SecretKeys.Single().SecretName);
        Assert.DoesNotContain("secretGenerator", File.ReadAllText(Path.Combine(output, "base", "kustomization.yaml")));
        Assert.False(File.Exists(Path.Combine(output, "base", "secrets.env.template")));
        var render = ProcessRunner.Run(Kustomize.Kubectl, ["kustomize", Path.Combine(output, "base")], timeout: TimeSpan.FromMinutes(2));
        Assert.True(render.ExitCode == 0, render.Output);
        Assert.Contains("name: platform-secrets", render.StdOut);
    }

    // Fills base/secrets.env from its template (as a user would), then renders the overlay.
    private static string Render(string output, string environment)
    {
        Kustomize.Render(Path.Combine(output, "base"));
        return Kustomize.Render(Path.Combine(output, "overlays", environment));
    }

    private static string Document(string stream, string kind, string name) =>
        stream.Split("\n---\n").Single(d => d.Contains($"\nkind: {kind}\n", StringComparison.Ordinal) && d.Contains($"\n  name: {name}\n", StringComparison.Ordinal));
}
