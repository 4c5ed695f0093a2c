using KubeAi.Core.Generation;

namespace KubeAi.TestSupport;

/// <summary>A realistic manifest with the options a user would pass for it.</summary>
public sealed record GoldenCase(string Name, string Manifest, GeneratorOptions Options)
{
    public override string ToString() => Name;
}

/// <summary>
/// The golden-file cases: manifests written by Aspire 13.6 itself (tests/testdata/manifests)
/// plus a hand-written one for shapes Aspire no longer writes. Together they cover every
/// resource type and expression form KubeAi reads.
/// </summary>
public static class GoldenCases
{
    private static GoldenCase Case(string name, GeneratorOptions? options = null, string? manifest = null) => new(
        name,
        RepoPaths.Manifest(manifest ?? name),
        options ?? new GeneratorOptions { ApplicationName = name, Tag = "1.0.0", Registry = "registry.example.com/team" });

    public static IReadOnlyList<GoldenCase> All { get; } =
    [
        Case("shop"),
        Case("ai-app", new GeneratorOptions
        {
            ApplicationName = "ai-app",
            Namespace = "ai",
            Tag = "2.3.1",
            Registry = "localhost:5000",
            ParameterValues = new Dictionary<string, string> { ["model-name"] = "microsoft/phi-4-mini" },
            Resources = new ResourceDefaults("250m", "512Mi", "2", "4Gi"),
            VolumeSize = "20Gi",
        }),
        Case("large"),
        Case("params", new GeneratorOptions
        {
            ApplicationName = "params",
            Tag = "1.0.0",
            ParameterValues = new Dictionary<string, string> { ["log-level"] = "Warning", ["tenant"] = "contoso" },
        }),
        Case("compute-env", new GeneratorOptions { ApplicationName = "compute-env", Tag = "1.0.0", SkipUnknownResources = true }),
        Case("rag"),
        // The environment in the manifest supplies namespace, registry and tag: no options.
        Case("production", new GeneratorOptions { ApplicationName = "production", Format = OutputFormat.Both }),
        Case("minimal", new GeneratorOptions { ApplicationName = "minimal", Namespace = "demo", Images = new Dictionary<string, string> { ["api"] = "localhost:5000/minimal-api:1.0.0@sha256:" + new string('b', 64) } }),
        Case("handwritten", new GeneratorOptions
        {
            ApplicationName = "handwritten",
            Tag = "1.0.0",
            Images = new Dictionary<string, string>
            {
                ["embedder"] = "localhost:5000/embedder:2.1",
                ["scorer"] = "localhost:5000/scorer:2.1",
            },
        }),
        // Backing services (docs/backing-services.md): what Aspire 13.6 writes for AddPostgres/AddRedis/AddRabbitMQ
        // with and without WithDataVolume, and one resource per catalogue entry in the shape Aspire writes.
        Case("backing-services"),
        Case("backing-services-catalogue", new GeneratorOptions
        {
            ApplicationName = "backing-services-catalogue",
            Tag = "1.0.0",
            Registry = "registry.example.com/team",
            EphemeralStorage = new HashSet<string> { "seq" },
        }, manifest: "backing-services/catalogue"),
        // Training jobs (docs/training-jobs.md): hand-written per docs/app-model-contract.md, one per flavor and option set.
        Case("training-distributed"),
        Case("training-single"),
        Case("training-cron"),
        Case("training-jobset"),
        Case("training-trainjob"),
        Case("training-pytorchjob"),
        // Kubernetes as clusters run AI in 2026 (docs/kubernetes-2026.md): hand-written per docs/app-model-contract.md.
        Case("kubernetes-2026", new GeneratorOptions { ApplicationName = "kubernetes-2026", Format = OutputFormat.Both }),
        Case("gateway-ingress-fallback"),
        // Environments and secret sources (docs/environments.md): overlays per environment, Helm values per environment.
        Case("environments", new GeneratorOptions
        {
            ApplicationName = "shop",
            Format = OutputFormat.Both,
            Images = new Dictionary<string, string>
            {
                ["api"] = "registry.example.com/shop/api:1.0.0@sha256:" + new string('a', 64),
                ["worker"] = "registry.example.com/shop/worker:1.0.0@sha256:" + new string('b', 64),
                ["trainer"] = "registry.example.com/shop/trainer:1.0.0@sha256:" + new string('c', 64),
            },
        }),
    ];
}
