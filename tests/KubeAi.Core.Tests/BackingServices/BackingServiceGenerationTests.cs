using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Generation.BackingServices;
using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.BackingServices;

/// <summary>
/// Backing services end to end through the generator: the real manifest Aspire 13.6.5 writes for
/// AddPostgres/AddRedis/AddRabbitMQ (tests/testdata/manifests/backing-services), and one resource
/// per catalogue entry in the shape Aspire writes (…/backing-services/catalogue).
/// </summary>
public sealed class BackingServiceGenerationTests
{
    private static readonly string s_aspireManifest = RepoPaths.Manifest("backing-services");
    private static readonly string s_catalogueManifest = RepoPaths.Manifest("backing-services/catalogue");
    private static readonly Lazy<(AppManifest Manifest, GeneratedApplication App)> s_catalogue = new(() =>
    {
        var manifest = ManifestReader.ReadFile(s_catalogueManifest);
        return (manifest, ApplicationGenerator.Generate(manifest, Options("catalogue")));
    });

    private static GeneratorOptions Options(string name) => new() { ApplicationName = name, Tag = "1.0.0", Registry = "registry.example.com/team" };

    /// <summary>Every container of the catalogue manifest whose image the catalogue knows: one per entry.</summary>
    public static TheoryData<string> CatalogueResources
    {
        get
        {
            var manifest = ManifestReader.ReadFile(s_catalogueManifest);
            return new(manifest.Resources.Where(r => r.Kind == ResourceKind.Container && BackingServiceCatalog.Find(r.Image!) is not null).Select(r => r.Name));
        }
    }

    [Fact]
    public void The_catalogue_manifest_has_a_resource_for_every_entry()
    {
        var manifest = s_catalogue.Value.Manifest;
        var covered = manifest.Resources.Where(r => r.Image is not null).Select(r => BackingServiceCatalog.Find(r.Image!)?.Name).OfType<string>().ToHashSet();

        Assert.Equal(BackingServiceCatalog.All.Select(e => e.Name).Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(CatalogueResources))]
    public void Each_entry_becomes_a_StatefulSet_with_its_data_claim_ids_probes_writable_paths_and_resources(string name)
    {
        var (manifest, app) = s_catalogue.Value;
        var resource = manifest.ByName[name];
        var entry = BackingServiceCatalog.Find(resource.Image!)!;
        var set = Inline.Single<V1StatefulSet>(app, name);
        var pod = set.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        // A headless Service governs the pods; clients keep the Service named after the resource.
        Assert.Equal($"{name}-headless", set.Spec.ServiceName);
        var services = app.Resources.Single(r => r.Name == name).Objects.OfType<V1Service>().ToList();
        Assert.Equal("None", services.Single(s => s.Metadata.Name == $"{name}-headless").Spec.ClusterIP);
        Assert.Null(services.Single(s => s.Metadata.Name == name).Spec.ClusterIP);

        // The data volume: a claim template mounted at the data path (the app model's own where it has one).
        var appVolume = resource.Volumes.FirstOrDefault(v => entry.IsDataPath(v.Target));
        var mountPath = appVolume is null ? entry.DataPath : entry.MountPathFor(appVolume.Target);
        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == mountPath);
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates, c => c.Metadata.Name == mount.Name);
        Assert.Equal(appVolume is null ? "data" : KubernetesNames.Slug(appVolume.Source), claim.Metadata.Name);
        Assert.Equal(entry.VolumeSize, claim.Spec.Resources.Requests["storage"].ToString());

        // The image's own ids, still under the restricted profile.
        Assert.Equal((entry.UserId, entry.GroupId, entry.FsGroup), (pod.SecurityContext.RunAsUser!.Value, pod.SecurityContext.RunAsGroup!.Value, pod.SecurityContext.FsGroup!.Value));
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);

        // A read-only root with an emptyDir for each path the image writes, unless it cannot run read-only.
        var emptyDirs = (pod.Volumes ?? []).Where(v => v.EmptyDir is not null).Select(v => container.VolumeMounts.Single(m => m.Name == v.Name).MountPath).ToList();
        if (entry.NeedsWritableRoot is null)
        {
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Equal(["/tmp", .. entry.WritablePaths], emptyDirs);
        }
        else
        {
            Assert.Null(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Empty(emptyDirs);
        }

        // The image's own health check, or KubeAi's TCP probes where the image has none.
        foreach (var (probe, check) in new[] { (container.ReadinessProbe, entry.Readiness), (container.LivenessProbe, entry.Liveness ?? entry.Readiness) })
        {
            switch (check)
            {
                case { Command: { } command }:
                    Assert.Equal(command[0], probe.Exec.Command[0]);
                    Assert.DoesNotContain(probe.Exec.Command, part => part.Contains("{port}", StringComparison.Ordinal));
                    Assert.Equal(check.TimeoutSeconds, probe.TimeoutSeconds);
                    Assert.Null(probe.TcpSocket);
                    break;
                case { HttpPath: { } path }:
                    Assert.Equal((path, check.HttpPort!.Value), (probe.HttpGet.Path, int.Parse(probe.HttpGet.Port.Value, System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                default:
                    Assert.NotNull(probe.TcpSocket);
                    break;
            }
        }

        Assert.Equal(entry.Readiness is null, container.StartupProbe is null);

        // Database-sized requests and limits (neither options nor environment set any here).
        var resources = container.Resources;
        Assert.Equal(
            (entry.Resources.CpuRequest, entry.Resources.MemoryRequest, entry.Resources.CpuLimit, entry.Resources.MemoryLimit),
            (resources.Requests["cpu"].ToString(), resources.Requests["memory"].ToString(), resources.Limits["cpu"].ToString(), resources.Limits["memory"].ToString()));

        // The image's own variables land in the ConfigMap unless the app model set them.
        var config = app.Resources.Single(r => r.Name == name).Objects.OfType<V1ConfigMap>().SingleOrDefault()?.Data ?? new Dictionary<string, string>();
        foreach (var (key, value) in entry.Environment)
        {
            var own = resource.Env.FirstOrDefault(e => e.Key == key).Value;
            Assert.Equal(own ?? value.Replace("{dataPath}", mountPath, StringComparison.Ordinal), config[key]);
        }
    }

    [Fact]
    public void PostgreSQL_data_lands_in_a_subfolder_of_the_mount_so_lost_and_found_does_not_break_initdb()
    {
        var app = s_catalogue.Value.App;

        Assert.Equal("/var/lib/postgresql/data/pgdata", Inline.Single<V1ConfigMap>(app, "legacy-pg").Data["PGDATA"]);
        Assert.Equal("/var/lib/postgresql/data/own", Inline.Single<V1ConfigMap>(app, "vectors").Data["PGDATA"]); // the app model's own wins
        var real = ApplicationGenerator.Generate(ManifestReader.ReadFile(s_aspireManifest), Options("real"));
        Assert.Equal("/var/lib/postgresql/pgdata", Inline.Single<V1ConfigMap>(real, "postgres").Data["PGDATA"]);
    }

    [Fact]
    public void Ollama_models_move_out_of_the_root_only_home_to_where_a_non_root_user_can_write()
    {
        var set = Inline.Single<V1StatefulSet>(s_catalogue.Value.App, "ollama");

        var mount = Assert.Single(set.Spec.Template.Spec.Containers[0].VolumeMounts, m => m.Name == "ollama-models");
        Assert.Equal("/var/lib/ollama", mount.MountPath);
        Assert.Equal("/var/lib/ollama/models", Inline.Single<V1ConfigMap>(s_catalogue.Value.App, "ollama").Data["OLLAMA_MODELS"]);
    }

    [Fact]
    public void A_backing_service_without_a_data_volume_gets_one_and_a_warning_that_says_how_to_opt_out()
    {
        var app = ApplicationGenerator.Generate(ManifestReader.ReadFile(s_aspireManifest), Options("real"));

        var warnings = app.Warnings.Where(w => w.Code == ErrorCodes.BackingServiceWithoutDataVolume).ToList();
        Assert.Equal(["cache", "messaging", "postgres"], warnings.Select(w => w.Message.Split('\'')[1]).Order());
        var postgres = warnings.Single(w => w.Message.StartsWith("'postgres'", StringComparison.Ordinal)).Message;
        Assert.Contains("keeps its data in /var/lib/postgresql", postgres, StringComparison.Ordinal);
        Assert.Contains("'data' (8Gi)", postgres, StringComparison.Ordinal);
        Assert.Contains("WithDataVolume()", postgres, StringComparison.Ordinal);
        Assert.Contains("--ephemeral postgres", postgres, StringComparison.Ordinal);
        Assert.Contains("<KubeAiEphemeralStorage Include=\"postgres\" />", postgres, StringComparison.Ordinal);
        Assert.Contains("WithEphemeralStorage()", postgres, StringComparison.Ordinal);

        Assert.Equal(("data", "8Gi"), Claim(app, "postgres"));
        Assert.Equal(("data", "1Gi"), Claim(app, "cache"));
        Assert.Equal(("data", "2Gi"), Claim(app, "messaging"));
        Assert.Equal(("pg-kept-data", "8Gi"), Claim(app, "pg-kept"));
        Assert.Equal(("cache-kept-data", "1Gi"), Claim(app, "cache-kept"));
        Assert.Equal(("messaging-kept-data", "2Gi"), Claim(app, "messaging-kept"));
    }

    [Fact]
    public void The_caller_s_volume_size_wins_over_the_catalogue_s()
    {
        var app = ApplicationGenerator.Generate(ManifestReader.ReadFile(s_aspireManifest), Options("real") with { VolumeSize = "20Gi" });

        Assert.Equal(("data", "20Gi"), Claim(app, "postgres"));
        Assert.Equal(("pg-kept-data", "20Gi"), Claim(app, "pg-kept"));
    }

    [Fact]
    public void Ephemeral_storage_puts_the_data_in_an_emptyDir_with_no_claim_and_no_warning()
    {
        var options = Options("real") with { EphemeralStorage = new HashSet<string> { "postgres", "cache-kept" } };
        var app = ApplicationGenerator.Generate(ManifestReader.ReadFile(s_aspireManifest), options);

        Assert.DoesNotContain(app.Warnings, w => w.Message.StartsWith("'postgres'", StringComparison.Ordinal));
        foreach (var (name, volume, path) in new[] { ("postgres", "data", "/var/lib/postgresql"), ("cache-kept", "cache-kept-data", "/data") })
        {
            var set = Inline.Single<V1StatefulSet>(app, name);
            Assert.Null(set.Spec.VolumeClaimTemplates);
            Assert.NotNull(Assert.Single(set.Spec.Template.Spec.Volumes, v => v.Name == volume).EmptyDir);
            Assert.Equal(path, set.Spec.Template.Spec.Containers[0].VolumeMounts.Single(m => m.Name == volume).MountPath);
            Assert.Equal($"{name}-headless", set.Spec.ServiceName);
        }

        Assert.Equal(("data", "1Gi"), Claim(app, "cache")); // not opted out
    }

    [Fact]
    public void Ephemeral_storage_from_the_contract_field_does_the_same()
    {
        var app = Inline.Generate("""
            { "resources": {
              "k8s": { "type": "kubeai.environment.v0" },
              "cache": { "type": "container.v1", "image": "docker.io/library/redis:8.6",
                "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 6379 } },
                "deployment": { "kind": "Deployment", "ephemeralStorage": true } } } }
            """);

        var set = Inline.Single<V1StatefulSet>(app, "cache");
        Assert.Null(set.Spec.VolumeClaimTemplates);
        Assert.NotNull(set.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").EmptyDir);
        Assert.Empty(app.Warnings);
    }

    [Fact]
    public void A_declared_probe_wins_over_the_image_s_check()
    {
        var app = Inline.Generate("""
            { "resources": {
              "k8s": { "type": "kubeai.environment.v0" },
              "vectors": { "type": "container.v1", "image": "qdrant/qdrant:v1.15.1",
                "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 6333 } },
                "deployment": { "kind": "Deployment", "probes": [ { "type": "readiness", "path": "/healthz", "endpoint": "http" } ] } } } }
            """);

        var container = Inline.Single<V1StatefulSet>(app, "vectors").Spec.Template.Spec.Containers[0];
        Assert.Equal("/healthz", container.ReadinessProbe.HttpGet.Path);
        // What listens must be probed: the undeclared liveness is the TCP default, not the image's check.
        Assert.Equal(6333, container.LivenessProbe.TcpSocket.Port.Value is var port ? int.Parse(port) : 0);
        Assert.Null(container.StartupProbe);
    }

    [Fact]
    public void An_http_check_on_a_port_the_app_model_does_not_expose_falls_back_to_tcp()
    {
        // Keycloak's health endpoints are on the management port; without it there is nothing to GET.
        var app = Inline.Generate("""
            { "resources": { "auth": { "type": "container.v0", "image": "quay.io/keycloak/keycloak:26.4",
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8080 } } } } }
            """);

        var container = Inline.Single<V1StatefulSet>(app, "auth").Spec.Template.Spec.Containers[0];
        Assert.Equal(8080, int.Parse(container.ReadinessProbe.TcpSocket.Port.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Exec_checks_use_the_port_the_app_model_gives_the_container()
    {
        var app = Inline.Generate("""
            { "resources": { "db": { "type": "container.v0", "image": "postgres:17", "args": [ "-p", "6543" ],
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 6543 } } } } }
            """);

        var probe = Inline.Single<V1StatefulSet>(app, "db").Spec.Template.Spec.Containers[0].ReadinessProbe;
        Assert.Equal(["pg_isready", "-h", "127.0.0.1", "-p", "6543"], probe.Exec.Command);
    }

    [Fact]
    public void Requests_and_limits_of_the_app_model_the_caller_and_the_environment_win_over_the_catalogue()
    {
        const string Manifest = """
            { "resources": {
              "k8s": { "type": "kubeai.environment.v0", "resources": { "limits": { "memory": "3Gi" } } },
              "db": { "type": "container.v1", "image": "postgres:17",
                "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } },
                "deployment": { "kind": "Deployment", "resources": { "requests": { "cpu": "750m" } } } } } }
            """;
        var app = Inline.Generate(Manifest, Inline.Options(o => o with { Resources = new ResourceDefaults(null, "1Gi", null, null) }));

        var resources = Inline.Single<V1StatefulSet>(app, "db").Spec.Template.Spec.Containers[0].Resources;
        Assert.Equal("750m", resources.Requests["cpu"].ToString());  // the app model's
        Assert.Equal("1Gi", resources.Requests["memory"].ToString()); // the caller's
        Assert.Equal("3Gi", resources.Limits["memory"].ToString());   // the environment's
        Assert.Equal("2", resources.Limits["cpu"].ToString());        // the catalogue's
    }

    [Fact]
    public void An_image_the_catalogue_does_not_know_keeps_today_s_behaviour()
    {
        var app = Inline.Generate("""
            { "resources": {
              "broker": { "type": "container.v0", "image": "docker.io/library/eclipse-mosquitto:2.0.20",
                "volumes": [ { "name": "broker-data", "target": "/mosquitto/data", "readOnly": false } ],
                "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 1883 } } },
              "web": { "type": "container.v0", "image": "nginx:1.27",
                "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8080 } } } } }
            """);

        Assert.DoesNotContain(app.Warnings, w => w.Code == ErrorCodes.BackingServiceWithoutDataVolume);
        var broker = Inline.Single<V1StatefulSet>(app, "broker");
        Assert.Equal("broker", broker.Spec.ServiceName);
        Assert.Single(app.Resources.Single(r => r.Name == "broker").Objects.OfType<V1Service>());
        Assert.Equal(("broker-data", "1Gi"), Claim(app, "broker"));
        var pod = broker.Spec.Template.Spec;
        Assert.Equal((1000L, 1000L, 1000L), (pod.SecurityContext.RunAsUser!.Value, pod.SecurityContext.RunAsGroup!.Value, pod.SecurityContext.FsGroup!.Value));
        Assert.Equal(1883, int.Parse(pod.Containers[0].ReadinessProbe.TcpSocket.Port.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(pod.Containers[0].StartupProbe);
        Assert.Equal(["/tmp"], pod.Volumes.Where(v => v.EmptyDir is not null).Select(v => pod.Containers[0].VolumeMounts.Single(m => m.Name == v.Name).MountPath));
        Assert.Equal(("100m", "512Mi"), (pod.Containers[0].Resources.Requests["cpu"].ToString(), pod.Containers[0].Resources.Limits["memory"].ToString()));

        var web = Inline.Single<V1Deployment>(app, "web").Spec.Template.Spec;
        Assert.Null(web.SecurityContext.FsGroup);
        Assert.Equal(1000L, web.SecurityContext.RunAsUser);
        Assert.False(Inline.Has<V1StatefulSet>(app, "web"));
    }

    [Fact]
    public void Ephemeral_storage_of_an_unknown_image_with_volumes_makes_a_Deployment_with_emptyDirs()
    {
        var app = Inline.Generate("""
            { "resources": { "broker": { "type": "container.v0", "image": "eclipse-mosquitto:2.0",
              "volumes": [ { "name": "broker-data", "target": "/mosquitto/data" } ],
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 1883 } } } } }
            """, Inline.Options(o => o with { EphemeralStorage = new HashSet<string> { "broker" } }));

        var pod = Inline.Single<V1Deployment>(app, "broker").Spec.Template.Spec;
        Assert.NotNull(pod.Volumes.Single(v => v.Name == "broker-data").EmptyDir);
        Assert.Null(pod.SecurityContext.FsGroup);
    }

    [Theory]
    [InlineData("nope", "'nope' is not a workload resource of the manifest", "ephemeral storage option nope")]
    [InlineData("api", "'api' has no volume and its image is not a backing service KubeAi knows", "ephemeral storage option api")]
    public void Ephemeral_storage_for_what_has_no_storage_is_an_error(string name, string message, string origin)
    {
        var error = Inline.GenerateFails(ErrorCodes.InvalidEphemeralStorage, """
            { "resources": { "api": { "type": "container.v0", "image": "nginx:1.27" } } }
            """, Inline.Options(o => o with { EphemeralStorage = new HashSet<string> { name } }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(origin, error.Origin);
    }

    [Fact]
    public void The_contract_field_on_a_workload_without_storage_is_an_error_at_the_field()
    {
        var error = Inline.GenerateFails(ErrorCodes.InvalidEphemeralStorage, """
            { "resources": { "k8s": { "type": "kubeai.environment.v0" },
              "api": { "type": "project.v1", "path": "Api.csproj", "deployment": { "kind": "Deployment", "ephemeralStorage": true } } } }
            """);

        Assert.Equal("inline.json: resources.api.deployment.ephemeralStorage", error.Origin);
    }

    [Fact]
    public void A_long_name_keeps_its_headless_Service_name_a_DNS_label()
    {
        var name = new string('p', 60);
        var app = Inline.Generate($$"""
            { "resources": { "{{name}}": { "type": "container.v0", "image": "postgres:17",
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } } } } }
            """);

        var governing = Inline.Single<V1StatefulSet>(app, name).Spec.ServiceName;
        Assert.True(governing.Length <= 63 && KubernetesNames.IsDnsLabel(governing), governing);
        Assert.EndsWith("-headless", governing, StringComparison.Ordinal);
        Assert.Contains(app.Resources.Single().Objects.OfType<V1Service>(), s => s.Metadata.Name == governing);
    }

    [Fact]
    public void The_opted_out_real_manifest_is_schema_valid_lint_clean_and_renders_with_kustomize()
    {
        var output = RepoPaths.NewTempDirectory();
        var options = Options("real") with { EphemeralStorage = new HashSet<string> { "postgres", "cache", "messaging" }, Format = OutputFormat.Both };
        KubeAiGenerator.GenerateFromFile(s_aspireManifest, output, options);
        var tree = Path.Combine(output, "base");

        var schema = SchemaValidator.Default.ValidateDirectory(tree);
        Assert.True(schema.IsValid, string.Join("\n", schema.Violations));
        Assert.Empty(WorkloadLinter.LintDirectory(tree).Select(f => f.ToString()));
        var rendered = Kustomize.Render(tree);
        Assert.Equal(6, rendered.Split('\n').Count(l => l == "kind: StatefulSet"));
        Assert.Contains("clusterIP: None", rendered, StringComparison.Ordinal);
    }

    private static (string Name, string Size) Claim(GeneratedApplication app, string resource)
    {
        var claim = Assert.Single(Inline.Single<V1StatefulSet>(app, resource).Spec.VolumeClaimTemplates);
        return (claim.Metadata.Name, claim.Spec.Resources.Requests["storage"].ToString());
    }
}
