using System.Diagnostics;
using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

/// <summary>One cold publish of the ModelServing sample, shared by the checks below.</summary>
public sealed class PublishedSample
{
    public PublishedSample()
    {
        Directory = SampleWorkspace.Copy("ModelServing");
        var watch = Stopwatch.StartNew();
        Result = SampleWorkspace.Publish(Directory, "ModelServing.AppHost");
        Elapsed = watch.Elapsed;
        Kubernetes = Path.Combine(Directory, "ModelServing.AppHost", "bin", "Release", "net10.0", "publish", "kubernetes");
    }

    public string Directory { get; }
    public ProcessResult Result { get; }
    public TimeSpan Elapsed { get; }
    public string Kubernetes { get; }
}

public sealed class PublishSampleTests(PublishedSample sample) : IClassFixture<PublishedSample>
{
    [Fact]
    public void Publish_succeeds_and_prints_the_summary()
    {
        Assert.True(sample.Result.ExitCode == 0, sample.Result.Output);
        Assert.Contains("KubeAi: image inference-api: localhost:5000/model-serving/inference-api:1.0.0@sha256:", sample.Result.StdOut);
        Assert.Contains("KubeAi: image trainer: localhost:5000/model-serving/trainer:1.0.0@sha256:", sample.Result.StdOut);
        Assert.Contains("KubeAi: 2 workload(s)", sample.Result.StdOut);
        Assert.Contains($"manifests in {sample.Kubernetes}", sample.Result.StdOut);
    }

    [Fact]
    public void Every_pinned_image_is_in_the_registry_with_that_digest()
    {
        Assert.True(sample.Result.ExitCode == 0, sample.Result.Output);
        var images = SampleWorkspace.PinnedImages(sample.Kubernetes);

        Assert.Equal(2, images.Count);
        foreach (var image in images)
        {
            // localhost:5000/REPO:TAG@sha256:DIGEST
            var at = image.IndexOf('@', StringComparison.Ordinal);
            var name = image[..at];
            var digest = image[(at + 1)..];
            var repository = name["localhost:5000/".Length..name.LastIndexOf(':')];
            var tag = name[(name.LastIndexOf(':') + 1)..];
            Assert.Equal(digest, LocalRegistry.Digest(repository, digest));
            Assert.Equal(digest, LocalRegistry.Digest(repository, tag));
        }
    }

    [Fact]
    public void Manifests_validate_strictly_and_render_with_kustomize()
    {
        Assert.True(sample.Result.ExitCode == 0, sample.Result.Output);
        var report = SchemaValidator.Default.ValidateDirectory(sample.Kubernetes);
        Assert.Empty(report.Violations);
        Assert.Equal(Directory.EnumerateFiles(sample.Kubernetes, "*.yaml", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != "kustomization.yaml"), report.ObjectsChecked);
        Assert.Empty(WorkloadLinter.LintDirectory(sample.Kubernetes).Select(f => f.ToString()));

        var rendered = Kustomize.Render(Path.Combine(sample.Kubernetes, "base"));
        Assert.Contains("kind: Secret", rendered);
        Assert.Contains("namespace: model-serving", rendered);
        Assert.DoesNotContain("test-value", File.ReadAllText(Path.Combine(sample.Kubernetes, "base", "secrets.env.template")));
    }

    [Fact]
    public void Dev_and_prod_overlays_render_validate_and_differ_as_the_app_host_declares()
    {
        Assert.True(sample.Result.ExitCode == 0, sample.Result.Output);
        Assert.Contains("KubeAi: environment 'dev': overlays/dev", sample.Result.StdOut);
        Assert.Contains("KubeAi: environment 'prod': overlays/prod", sample.Result.StdOut);
        Kustomize.Render(Path.Combine(sample.Kubernetes, "base"));
        var dev = Kustomize.Render(Path.Combine(sample.Kubernetes, "overlays", "dev"));
        var prod = Kustomize.Render(Path.Combine(sample.Kubernetes, "overlays", "prod"));
        Assert.Empty(SchemaValidator.Default.Validate(dev, "overlays/dev").Select(v => v.ToString()));
        Assert.Empty(SchemaValidator.Default.Validate(prod, "overlays/prod").Select(v => v.ToString()));

        var devApi = Document(dev, "Deployment", "inference-api");
        var prodApi = Document(prod, "Deployment", "inference-api");
        Assert.Contains("namespace: model-serving-dev\n", devApi);
        Assert.Contains("namespace: model-serving-prod\n", prodApi);
        Assert.Contains("  replicas: 1\n", devApi);
        Assert.Contains("  replicas: 4\n", prodApi);
        Assert.Contains("limits:\n            cpu: 500m\n            memory: 256Mi\n", devApi);
        Assert.Contains("limits:\n            cpu: \"2\"\n            memory: 1Gi\n          requests:\n            cpu: 500m\n            memory: 512Mi\n", prodApi);
        Assert.Contains("memory: 2Gi", Document(prod, "Job", "trainer"));
        Assert.DoesNotContain("memory: 2Gi", Document(dev, "Job", "trainer"));
        // No tag change declared: both deploy the pinned images of this publish.
        var pinned = SampleWorkspace.PinnedImages(sample.Kubernetes);
        Assert.All(pinned, image => Assert.Contains("image: " + image, prod));
    }

    private static string Document(string stream, string kind, string name) =>
        stream.Split("\n---\n").Single(d => d.Contains($"\nkind: {kind}\n", StringComparison.Ordinal) && d.Contains($"\n  name: {name}\n", StringComparison.Ordinal));

    [Fact]
    public void The_api_image_answers_200_under_the_generated_security_context()
    {
        Assert.True(sample.Result.ExitCode == 0, sample.Result.Output);
        var image = SampleWorkspace.PinnedImages(sample.Kubernetes).Single(i => i.Contains("inference-api", StringComparison.Ordinal));
        var deployment = File.ReadAllText(Path.Combine(sample.Kubernetes, "base", "inference-api", "deployment.yaml"));
        Assert.Contains("runAsUser: 1654", deployment);
        Assert.Contains("readOnlyRootFilesystem: true", deployment);
        Assert.Contains("- ALL", deployment);
        Assert.Contains("mountPath: /tmp", deployment);

        // What the generated pod spec asks of the runtime: that uid, a read-only root with a
        // writable /tmp, no capabilities, no privilege escalation.
        var port = Podman.FreePort();
        var name = $"kubeai-e2e-api-{port}";
        var run = Podman.Run(
            "run", "-d", "--rm", "--name", name, "--network", "host",
            "--user", "1654:1654", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "-e", $"ASPNETCORE_HTTP_PORTS={port}", image);
        Assert.True(run.ExitCode == 0, run.Output);
        try
        {
            Assert.Equal(200, Podman.WaitForHttp($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60)));
        }
        finally
        {
            Podman.Run("rm", "-f", name);
        }
    }

    [Fact]
    public void A_second_publish_rebuilds_no_image_and_rewrites_no_manifest()
    {
        Assert.True(sample.Result.ExitCode == 0, sample.Result.Output);
        var before = Directory.EnumerateFiles(sample.Kubernetes, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var pinned = SampleWorkspace.PinnedImages(sample.Kubernetes);

        var second = SampleWorkspace.Publish(sample.Directory, "ModelServing.AppHost", "-v:n");

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain("Building image", second.StdOut);
        Assert.Contains("(unchanged)", second.StdOut);
        Assert.Contains("(0 written,", second.StdOut);

        // Nothing changed, so no KubeAi work at all: the app host is not started, no project is evaluated
        // for its image, the tree is not generated (docs/aspire.md, "Incremental publish").
        Assert.Contains("(the app host is not run)", second.StdOut);
        Assert.DoesNotContain("handed over", second.StdOut);
        Assert.Contains("is unchanged since its image was built; reusing", second.StdOut);
        Assert.DoesNotContain("(KubeAiPublishImage target(s))", second.StdOut);
        Assert.Contains("generation skipped", second.StdOut);
        Assert.Equal(pinned, SampleWorkspace.PinnedImages(sample.Kubernetes));
        Assert.Equal(before, Directory.EnumerateFiles(sample.Kubernetes, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }
}
