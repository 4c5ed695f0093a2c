using System.Diagnostics;
using System.Text;
using KubeAi.Validation;
using Xunit.Abstractions;

namespace KubeAi.Core.Tests.Validation;

public sealed class DirectoryValidationTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "kubeai-validate-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper output;

    public DirectoryValidationTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(root);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Validates_yaml_files_and_skips_kustomize_files()
    {
        Write("base/deployment.yaml", ValidManifests.Deployment);
        Write("base/service.yml", ValidManifests.Service + "\n---\n" + ValidManifests.ConfigMap);
        Write("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n- service.yml\n");
        Write("overlays/prod/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base
            patches:
              - path: replicas-patch.yaml
            patchesJson6902:
              - target: {kind: Deployment, name: api}
                path: json-patch.yaml
            configMapGenerator:
              - name: settings
                files:
                  - appsettings=settings/app.yaml
            components:
              - ../../components/extra
            """);
        Write("overlays/prod/replicas-patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 5\n");
        Write("overlays/prod/json-patch.yaml", "- op: replace\n  path: /spec/replicas\n  value: 3\n");
        Write("overlays/prod/settings/app.yaml", "Logging:\n  Level: Debug\n");
        Write("components/extra/component.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: []\n");
        Write("components/extra/job.yaml", ValidManifests.Job);
        Write(".git/ignored.yaml", "not: [valid");
        Write("README.md", "# not yaml");

        var result = SchemaValidator.Default.ValidateDirectory(root);

        Assert.True(result.IsValid, string.Join("\n", result.Violations));
        Assert.Equal(4, result.ObjectsChecked); // Deployment, Service, ConfigMap, Job
        Assert.Equal(4, result.FilesChecked); // deployment.yaml, service.yml, component.yaml (0 objects), job.yaml
    }

    [Fact]
    public void Reports_violations_with_relative_sources()
    {
        Write("apps/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  ports:\n  - port: http\n");
        Write("apps/unknown.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");

        var result = SchemaValidator.Default.ValidateDirectory(root);

        Assert.Equal(3, result.ObjectsChecked);
        Assert.Collection(result.Violations,
            v =>
            {
                Assert.Equal("apps/bad.yaml", v.Source);
                Assert.Equal(1, v.DocumentIndex);
                Assert.Equal("spec.ports[0].port", v.Path);
            },
            v =>
            {
                Assert.Equal("apps/unknown.yaml", v.Source);
                Assert.Contains("unknown apiVersion/kind", v.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Missing_directory_throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => SchemaValidator.Default.ValidateDirectory(Path.Combine(root, "nope")));
    }

    [Fact]
    public void Validating_a_thousand_objects_finds_no_violation()
    {
        var load = Stopwatch.StartNew();
        var kinds = SchemaValidator.Default.Preload();
        load.Stop();

        var yaml = new StringBuilder();
        for (var i = 0; i < 125; i++)
        {
            foreach (var manifest in ValidManifests.All)
            {
                yaml.Append(manifest).Append("\n---\n");
            }
        }

        var text = yaml.ToString();
        SchemaValidator.Default.Validate(ValidManifests.Deployment, "warmup.yaml"); // JIT warm-up
        var validate = Stopwatch.StartNew();
        var violations = SchemaValidator.Default.Validate(text, "bulk.yaml");
        validate.Stop();

        output.WriteLine($"loaded {kinds} kinds in {load.ElapsedMilliseconds} ms; validated 1000 objects ({text.Length / 1024} KiB) in {validate.ElapsedMilliseconds} ms");
        // The time is reported, never asserted: a busy CI machine is no measure. docs/benchmarks.md has the figures.
        Assert.Empty(violations);
    }

    [Fact]
    public void Concurrent_validation_gives_the_same_answers()
    {
        var bad = ValidManifests.Deployment.Replace("imagePullPolicy: IfNotPresent", "imagePullPolicy: Sometimes", StringComparison.Ordinal);
        var results = new int[64];
        Parallel.For(0, results.Length, i =>
        {
            results[i] = SchemaValidator.Default.Validate(i % 2 == 0 ? bad : ValidManifests.JobSet, $"{i}.yaml").Count;
        });
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? 1 : 0, results[i]);
        }
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
