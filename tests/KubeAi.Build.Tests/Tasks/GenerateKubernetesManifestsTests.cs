using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KubeAi.Build.Tests.Tasks;

public sealed class GenerateKubernetesManifestsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _temp.Dispose();

    private GenerateKubernetesManifests Task(string? manifest, string output = "out") => new()
    {
        BuildEngine = _engine,
        ManifestPath = manifest,
        OutputPath = _temp.Combine(output),
    };

    [Fact]
    public void Shop_manifest_writes_the_same_tree_as_core_and_logs_the_summary()
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.ApplicationName = "shop";
        task.Registry = "registry.example.com/team";
        task.Tag = "1.0.0";

        Assert.True(task.Execute(), _engine.Log);

        Assert.Empty(_engine.Errors);
        // Redis and RabbitMQ have no WithDataVolume in the shop app host: KubeAi adds claims and says so;
        // the shop's projects have https endpoints but no certificate: served by their http listeners (KUBEAI1031).
        Assert.Equal(["KUBEAI1050 'cache'", "KUBEAI1050 'messaging'"], _engine.Warnings.Where(w => w.Code != "KUBEAI1031").Select(w => $"{w.Code} {w.Message.Split(' ')[0]}").Order());
        var golden = Path.Combine(RepoPaths.Golden, "shop");
        var expected = TempDirectory.ReadTreeAt(golden);
        var actual = _temp.ReadTree("out");
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (file, content) in expected)
        {
            Assert.True(content == actual[file], $"{file} differs from {golden}/{file}");
        }

        var objects = expected.Keys.Count(k => k.Count(c => c == '/') == 2 && !k.EndsWith("/kustomization.yaml", StringComparison.Ordinal));
        var high = _engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message).ToList();
        Assert.Contains($"KubeAi: 6 workload(s), {objects} object(s) for 'shop'", high);
        Assert.Contains($"KubeAi: manifests in {_temp.Combine("out")} ({expected.Count} written, 0 unchanged, 0 removed)", high);
        Assert.Contains("KubeAi: fill base/secrets.env from base/secrets.env.template (6 key(s)) before kubectl apply -k", high);
        Assert.Equal(expected.Count, task.FilesWritten);
    }

    [Fact]
    public void A_second_run_writes_nothing_and_reports_every_file_unchanged()
    {
        var first = Task(RepoPaths.Manifest("shop"));
        first.Tag = "1.0.0";
        Assert.True(first.Execute(), _engine.Log);
        var stamps = Directory.EnumerateFiles(_temp.Combine("out"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        _engine.Messages.Clear();

        var second = Task(RepoPaths.Manifest("shop"));
        second.Tag = "1.0.0";
        Assert.True(second.Execute(), _engine.Log);

        Assert.Equal(0, second.FilesWritten);
        Assert.Contains(_engine.Messages, m => m.Message == $"KubeAi: manifests in {_temp.Combine("out")} (0 written, {first.FilesWritten} unchanged, 0 removed)");
        Assert.Equal(stamps, Directory.EnumerateFiles(_temp.Combine("out"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void Default_application_name_comes_from_the_app_host_name_and_images_are_listed()
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.DefaultApplicationName = "My.Shop.AppHost";
        task.Tag = "1.0.0";
        var digest = "sha256:" + new string('c', 64);
        task.Images = [Image("frontend", "localhost:5000/frontend:1.0.0@" + digest)];

        Assert.True(task.Execute(), _engine.Log);

        var kustomization = File.ReadAllText(_temp.Combine("out", "base", "kustomization.yaml"));
        var deployment = File.ReadAllText(_temp.Combine("out", "base", "frontend", "deployment.yaml"));
        Assert.Contains("image: localhost:5000/frontend:1.0.0@" + digest, deployment);
        Assert.Contains("app.kubernetes.io/part-of: my-shop\n", deployment);
        Assert.Contains("- name: my-shop-secrets\n", kustomization);
        Assert.Contains(_engine.Messages, m => m.Importance == MessageImportance.High && m.Message == $"KubeAi:   frontend -> localhost:5000/frontend:1.0.0@{digest}");
    }

    [Fact]
    public void Missing_tag_is_a_coded_warning_not_an_error()
    {
        var task = Task(RepoPaths.Manifest("shop"));

        Assert.True(task.Execute(), _engine.Log);

        var warning = Assert.Single(_engine.Warnings, w => w.Code == "KUBEAI2004");
        Assert.Equal(RepoPaths.Manifest("shop"), warning.File);
        Assert.Contains("catalog-api", warning.Message);
    }

    [Fact]
    public void Missing_non_secret_parameter_is_one_coded_error_naming_it_and_writes_nothing()
    {
        var task = Task(RepoPaths.Manifest("params"));
        task.Tag = "1.0.0";
        task.Parameters = [Parameter("log-level", "Warning")];
        task.StrictParameters = true;

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI1014", error.Code);
        Assert.Contains("'tenant'", error.Message);
        Assert.DoesNotContain("'log-level'", error.Message);
        Assert.Equal(RepoPaths.Manifest("params"), error.File);
        Assert.DoesNotContain("   at ", error.Message);
        Assert.DoesNotContain("Exception", error.Message);
        Assert.False(Directory.Exists(_temp.Combine("out")), "nothing may be written when the input is wrong");
    }

    [Fact]
    public void Without_strict_parameters_missing_values_become_deploy_time_inputs()
    {
        var task = Task(RepoPaths.Manifest("params"));
        task.Tag = "1.0.0";

        Assert.True(task.Execute(), _engine.Log);

        var template = File.ReadAllText(_temp.Combine("out", "base", "parameters.env.template"));
        Assert.Contains("log-level=\n", template);
        Assert.Contains("tenant=\n", template);
        Assert.DoesNotContain("api-key", template);
        Assert.Contains(_engine.Messages, m => m.Message.Contains("fill base/parameters.env from base/parameters.env.template", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_missing_non_secret_parameter_is_named_in_the_one_error()
    {
        var task = Task(RepoPaths.Manifest("params"));
        task.Tag = "1.0.0";
        task.StrictParameters = true;

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI1014", error.Code);
        Assert.Contains("'log-level'", error.Message);
        Assert.Contains("'tenant'", error.Message);
        Assert.DoesNotContain("'api-key'", error.Message);
    }

    [Fact]
    public void Value_for_an_undeclared_parameter_is_rejected()
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.Tag = "1.0.0";
        task.Parameters = [Parameter("no-such-parameter", "x")];

        Assert.False(task.Execute());

        Assert.Equal("KUBEAI1015", Assert.Single(_engine.Errors).Code);
    }

    [Theory]
    [InlineData(nameof(GenerateKubernetesManifests.CpuRequest), "lots", "default cpu request")]
    [InlineData(nameof(GenerateKubernetesManifests.MemoryRequest), "12 MB", "default memory request")]
    [InlineData(nameof(GenerateKubernetesManifests.CpuLimit), "1,5", "default cpu limit")]
    [InlineData(nameof(GenerateKubernetesManifests.MemoryLimit), "Gi", "default memory limit")]
    [InlineData(nameof(GenerateKubernetesManifests.VolumeSize), "10GB", "volume size")]
    public void Invalid_quantity_is_a_coded_error_naming_the_value(string property, string value, string origin)
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.Tag = "1.0.0";
        typeof(GenerateKubernetesManifests).GetProperty(property)!.SetValue(task, value);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI3003", error.Code);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains(origin, error.Message);
        Assert.False(Directory.Exists(_temp.Combine("out")));
    }

    [Fact]
    public void Valid_resource_settings_reach_every_container()
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.Tag = "1.0.0";
        task.CpuRequest = "250m";
        task.MemoryRequest = "256Mi";
        task.CpuLimit = "2";
        task.MemoryLimit = "1Gi";
        task.VolumeSize = "20Gi";

        Assert.True(task.Execute(), _engine.Log);

        var deployment = File.ReadAllText(_temp.Combine("out", "base", "catalog-api", "deployment.yaml"));
        Assert.Contains("limits:\n            cpu: \"2\"\n            memory: 1Gi\n          requests:\n            cpu: 250m\n            memory: 256Mi", deployment);
        Assert.Contains("storage: 20Gi", File.ReadAllText(_temp.Combine("out", "base", "postgres", "statefulset.yaml")));
    }

    [Fact]
    public void Ephemeral_storage_items_keep_the_data_in_emptyDirs_without_a_warning()
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.Tag = "1.0.0";
        task.EphemeralStorage = [new TaskItem("cache"), new TaskItem("messaging")];

        Assert.True(task.Execute(), _engine.Log);

        Assert.DoesNotContain(_engine.Warnings, w => w.Code == "KUBEAI1050");
        var cache = File.ReadAllText(_temp.Combine("out", "base", "cache", "statefulset.yaml"));
        Assert.DoesNotContain("volumeClaimTemplates", cache);
        Assert.Contains("- emptyDir: {}\n        name: data", cache);
    }

    [Fact]
    public void An_ephemeral_storage_item_for_an_unknown_resource_is_KUBEAI1051()
    {
        var task = Task(RepoPaths.Manifest("shop"));
        task.Tag = "1.0.0";
        task.EphemeralStorage = [new TaskItem("nope")];

        Assert.False(task.Execute());

        Assert.Equal("KUBEAI1051", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Single_project_mode_uses_port_replicas_registry_and_tag()
    {
        var task = Task(manifest: null);
        task.ResourceName = "model-api";
        task.ProjectPath = "/src/ModelApi/ModelApi.csproj";
        task.Port = 5050;
        task.Replicas = 3;
        task.Registry = "localhost:5000";
        task.Tag = "2.0.1";
        task.DefaultApplicationName = "ModelApi";

        Assert.True(task.Execute(), _engine.Log);

        Assert.Empty(_engine.Warnings);
        var files = _temp.ReadTree("out");
        Assert.Contains("base/model-api/deployment.yaml", files.Keys);
        Assert.Contains("base/model-api/service.yaml", files.Keys);
        Assert.DoesNotContain("base/secrets.env.template", files.Keys);
        var deployment = files["base/model-api/deployment.yaml"];
        Assert.Contains("  replicas: 3\n", deployment);
        Assert.Contains("image: localhost:5000/model-api:2.0.1\n", deployment);
        Assert.Contains("- containerPort: 5050\n", deployment);
        Assert.Contains("targetPort: 5050\n", files["base/model-api/service.yaml"]);
        Assert.Contains("HTTP_PORTS: \"5050\"", files["base/model-api/configmap.yaml"]);
        Assert.Contains(_engine.Messages, m => m.Message == "KubeAi: 1 workload(s), " + files.Keys.Count(k => k.StartsWith("base/model-api/", StringComparison.Ordinal) && !k.EndsWith("kustomization.yaml", StringComparison.Ordinal)) + " object(s) for 'modelapi'");
    }

    [Fact]
    public void Single_project_mode_takes_a_pinned_image_for_its_resource()
    {
        var task = Task(manifest: null);
        task.ResourceName = "model-api";
        task.ProjectPath = "/src/ModelApi/ModelApi.csproj";
        task.ApplicationName = "models";
        var pinned = "localhost:5000/model-api:2.0.1@sha256:" + new string('a', 64);
        task.Images = [Image("model-api", pinned)];

        Assert.True(task.Execute(), _engine.Log);

        Assert.Empty(_engine.Warnings);
        var deployment = File.ReadAllText(_temp.Combine("out", "base", "model-api", "deployment.yaml"));
        Assert.Contains($"image: {pinned}\n", deployment);
        Assert.Contains("  replicas: 1\n", deployment);
        Assert.Contains("- containerPort: 8080\n", deployment);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(70000, 1)]
    [InlineData(8080, -1)]
    public void Single_project_mode_rejects_bad_port_or_replicas(int port, int replicas)
    {
        var task = Task(manifest: null);
        task.ResourceName = "api";
        task.ProjectPath = "/src/Api/Api.csproj";
        task.Port = port;
        task.Replicas = replicas;
        task.Tag = "1";

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI1006", error.Code);
        Assert.Contains("KubeAiPort/KubeAiReplicas", error.Message);
    }

    [Fact]
    public void Single_project_mode_without_a_resource_name_is_a_coded_error()
    {
        var task = Task(manifest: null);
        task.ProjectPath = "/src/Api/Api.csproj";

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5003", error.Code);
        Assert.Contains("KubeAiResourceName", error.Message);
        Assert.Equal(_engine.ProjectFileOfTaskNode, error.File);
    }

    [Fact]
    public void Missing_manifest_is_a_coded_error_naming_the_file()
    {
        var missing = _temp.Combine("nowhere", "aspire-manifest.json");
        var task = Task(missing);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI1001", error.Code);
        Assert.Equal(missing, error.File);
        Assert.DoesNotContain("   at ", error.Message);
    }

    [Fact]
    public void Invalid_appsettings_json_is_a_coded_error()
    {
        _temp.Write("apphost/appsettings.json", "{ \"Parameters\": { \"tenant\": ");
        var task = Task(RepoPaths.Manifest("params"));
        task.ParameterDirectory = _temp.Combine("apphost");

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI5003", error.Code);
        Assert.Contains("appsettings.json", error.Message);
    }

    internal static ITaskItem Image(string resource, string image)
    {
        var item = new TaskItem(resource);
        item.SetMetadata("Image", image);
        return item;
    }

    internal static ITaskItem Parameter(string name, string value)
    {
        var item = new TaskItem(name);
        item.SetMetadata("Value", value);
        return item;
    }
}
