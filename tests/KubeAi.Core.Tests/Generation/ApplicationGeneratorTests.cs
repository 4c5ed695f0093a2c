using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Generation;

public sealed class ApplicationGeneratorTests
{
    private const string App = """
        {
          "resources": {
            "db-password": {
              "type": "parameter.v0",
              "value": "{db-password.inputs.value}",
              "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22 } } } }
            },
            "api-key": { "type": "parameter.v0", "value": "{api-key.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
            "region": { "type": "parameter.v0", "value": "{region.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "eu-west-1" } } } },
            "pw-uri": { "type": "annotated.string", "value": "{db-password.value}", "filter": "uri" },
            "db": {
              "type": "container.v0",
              "image": "example/db:16",
              "connectionString": "Host={db.bindings.tcp.host};Port={db.bindings.tcp.port};Password={db-password.value}",
              "env": { "POSTGRES_PASSWORD": "{db-password.value}" },
              "volumes": [ { "name": "app-db-data", "target": "/var/lib/postgresql/data" } ],
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "port": 15432, "targetPort": 5432 } }
            },
            "Api": {
              "type": "project.v0",
              "path": "../Api/Api.csproj",
              "args": [ "--key={api-key.value}", "--literal=$(HOME)" ],
              "env": {
                "HTTP_PORTS": "{Api.bindings.http.targetPort}",
                "ConnectionStrings__db": "{db.connectionString}",
                "DB_URI": "postgresql://postgres:{pw-uri.value}@{db.bindings.tcp.hostAndPort}",
                "API_KEY": "{api-key.value}",
                "REGION": "{region.value}",
                "PRICE": "$(not-a-variable)",
                "weird:key": "a $(b) c",
                "NUMBER": 42
              },
              "bindings": {
                "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true },
                "https": { "scheme": "https", "protocol": "tcp", "transport": "http", "external": true },
                "stats": { "scheme": "udp", "protocol": "udp", "transport": "udp", "targetPort": 8125 }
              }
            },
            "worker": { "type": "project.v1", "path": "w.csproj", "deployment": { "replicas": 3 } },
            "tool": { "type": "executable.v0", "command": "python3", "args": [ "run.py" ] },
            "built": { "type": "dockerfile.v0", "path": "Dockerfile", "context": "." }
          }
        }
        """;

    private static GeneratorOptions Options() => Inline.Options(o => o with
    {
        Images = new Dictionary<string, string> { ["tool"] = "localhost:5000/tool:1", ["built"] = "localhost:5000/built:1" },
    });

    private static GeneratedApplication Generate(GeneratorOptions? options = null) => Inline.Generate(App, options ?? Options());

    private static V1Container Container(GeneratedApplication app, string name)
    {
        var objects = app.Resources.Single(r => r.Name == name).Objects;
        var spec = objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec))
            .Single();
        return Assert.Single(spec.Containers);
    }

    private static V1PodSpec Pod(GeneratedApplication app, string name)
    {
        var objects = app.Resources.Single(r => r.Name == name).Objects;
        return objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec))
            .Single();
    }

    [Fact]
    public void Every_workload_becomes_a_resource_named_in_lowercase_in_manifest_order()
    {
        var app = Generate();

        Assert.Equal(["db", "api", "worker", "tool", "built"], app.Resources.Select(r => r.Name));
        Assert.Equal(["container", "project", "project", "executable", "dockerfile"], app.Resources.Select(r => r.Component));
        Assert.Equal("app", app.ApplicationName);
        Assert.Equal("app-secrets", app.SecretName);
    }

    [Fact]
    public void Named_volumes_make_a_StatefulSet_with_claims_and_no_volumes_a_Deployment()
    {
        var app = Generate(Options() with { VolumeSize = "5Gi" });

        var db = Inline.Single<V1StatefulSet>(app, "db");
        Assert.False(Inline.Has<V1Deployment>(app, "db"));
        var claim = Assert.Single(db.Spec.VolumeClaimTemplates);
        Assert.Equal("app-db-data", claim.Metadata.Name);
        Assert.Equal("5Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal("db", db.Spec.ServiceName);
        var mount = Assert.Single(Container(app, "db").VolumeMounts, m => m.Name != "tmp");
        Assert.Equal(("app-db-data", "/var/lib/postgresql/data"), (mount.Name, mount.MountPath));
        Assert.Equal(1000, Pod(app, "db").SecurityContext.FsGroup);

        Assert.True(Inline.Has<V1Deployment>(app, "api"));
        Assert.False(Inline.Has<V1StatefulSet>(app, "api"));
        Assert.Null(Pod(app, "api").SecurityContext.FsGroup);
    }

    [Fact]
    public void Replicas_come_from_the_deployment_object_and_default_to_1()
    {
        var app = Generate();

        Assert.Equal(3, Inline.Single<V1Deployment>(app, "worker").Spec.Replicas);
        Assert.Equal(1, Inline.Single<V1Deployment>(app, "api").Spec.Replicas);
        Assert.Equal(1, Inline.Single<V1StatefulSet>(app, "db").Spec.Replicas);
    }

    [Fact]
    public void Zero_replicas_are_kept()
    {
        var app = Inline.Generate("""{ "resources": { "w": { "type": "project.v1", "path": "w.csproj", "deployment": { "replicas": 0 } } } }""");

        Assert.Equal(0, Inline.Single<V1Deployment>(app, "w").Spec.Replicas);
    }

    [Fact]
    public void Plain_values_go_to_the_ConfigMap_and_secrets_to_secretKeyRefs()
    {
        var app = Generate();

        var config = Inline.Single<V1ConfigMap>(app, "api");
        Assert.Equal("api-config", config.Metadata.Name);
        Assert.Equal("8080", config.Data["HTTP_PORTS"]);
        Assert.Equal("eu-west-1", config.Data["REGION"]);
        Assert.Equal("42", config.Data["NUMBER"]);
        Assert.Equal("$(not-a-variable)", config.Data["PRICE"]);
        Assert.False(config.Data.ContainsKey("API_KEY"));
        Assert.False(config.Data.ContainsKey("ConnectionStrings__db"));

        var container = Container(app, "api");
        Assert.Equal("api-config", Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        var apiKey = container.Env.Single(e => e.Name == "API_KEY");
        Assert.Null(apiKey.Value);
        Assert.Equal(("app-secrets", "api-key"), (apiKey.ValueFrom.SecretKeyRef.Name, apiKey.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void Values_mixing_text_and_secrets_are_composed_with_dollar_parenthesis_expansion()
    {
        var container = Container(Generate(), "api");
        var env = container.Env.Select(e => e.Name).ToList();

        var connection = container.Env.Single(e => e.Name == "ConnectionStrings__db");
        Assert.Equal("Host=db;Port=15432;Password=$(KUBEAI_SECRET_DB_PASSWORD)", connection.Value);
        var uri = container.Env.Single(e => e.Name == "DB_URI");
        Assert.Equal("postgresql://postgres:$(KUBEAI_SECRET_PW_URI)@db:15432", uri.Value);

        var helper = container.Env.Single(e => e.Name == "KUBEAI_SECRET_DB_PASSWORD");
        Assert.Equal("db-password", helper.ValueFrom.SecretKeyRef.Key);
        Assert.Equal("pw-uri", container.Env.Single(e => e.Name == "KUBEAI_SECRET_PW_URI").ValueFrom.SecretKeyRef.Key);

        // $(VAR) only sees variables defined before it: helpers come first.
        Assert.True(env.IndexOf("KUBEAI_SECRET_DB_PASSWORD") < env.IndexOf("ConnectionStrings__db"));
        Assert.True(env.IndexOf("KUBEAI_SECRET_PW_URI") < env.IndexOf("DB_URI"));
        Assert.True(env.IndexOf("KUBEAI_SECRET_API_KEY") < env.IndexOf("API_KEY") || !env.Contains("KUBEAI_SECRET_API_KEY"));
        Assert.Equal(env.Count, env.Distinct().Count());
    }

    [Fact]
    public void Literal_dollar_parenthesis_is_escaped_where_Kubernetes_expands_it()
    {
        var container = Container(Generate(), "api");

        Assert.Equal(["--key=$(KUBEAI_SECRET_API_KEY)", "--literal=$$(HOME)"], container.Args);
        Assert.Equal("a $$(b) c", container.Env.Single(e => e.Name == "weird:key").Value);
        Assert.Contains(container.Env, e => e.Name == "KUBEAI_SECRET_API_KEY" && e.ValueFrom.SecretKeyRef.Key == "api-key");
    }

    [Fact]
    public void Secret_keys_list_their_users_and_notes()
    {
        var app = Generate();

        Assert.Equal(["api-key", "db-password", "pw-uri"], app.SecretKeys.Select(k => k.Key));
        Assert.Equal(["api", "db"], app.SecretKeys.Single(k => k.Key == "db-password").UsedBy);
        Assert.Contains("strong random value", app.SecretKeys.Single(k => k.Key == "db-password").Note);
        Assert.Null(app.SecretKeys.Single(k => k.Key == "api-key").Note);
        Assert.Contains("URI-encoded", app.SecretKeys.Single(k => k.Key == "pw-uri").Note);
    }

    [Fact]
    public void Recommended_labels_are_on_every_object_and_the_selector_is_name_and_instance()
    {
        var app = Generate();

        foreach (var resource in app.Resources)
        {
            foreach (var obj in resource.Objects)
            {
                var labels = ((IMetadata<V1ObjectMeta>)obj).Metadata.Labels;
                Assert.Equal(resource.Name, labels["app.kubernetes.io/name"]);
                Assert.Equal("app", labels["app.kubernetes.io/instance"]);
                Assert.Equal("app", labels["app.kubernetes.io/part-of"]);
                Assert.Equal("kubeai", labels["app.kubernetes.io/managed-by"]);
                Assert.Equal(resource.Component, labels["app.kubernetes.io/component"]);
            }
        }

        var deployment = Inline.Single<V1Deployment>(app, "api");
        Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "app", ["app.kubernetes.io/name"] = "api" },
            deployment.Spec.Selector.MatchLabels);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, Inline.Single<V1Service>(app, "api").Spec.Selector);
        Assert.All(deployment.Spec.Selector.MatchLabels, pair => Assert.Equal(pair.Value, deployment.Spec.Template.Metadata.Labels[pair.Key]));
    }

    [Fact]
    public void The_pod_template_carries_a_config_hash_that_follows_the_ConfigMap()
    {
        var first = Inline.Single<V1Deployment>(Generate(), "api").Spec.Template.Metadata.Annotations["kubeai.io/config-hash"];
        var same = Inline.Single<V1Deployment>(Generate(), "api").Spec.Template.Metadata.Annotations["kubeai.io/config-hash"];
        var changed = Inline.Single<V1Deployment>(
            Generate(Options() with { ParameterValues = new Dictionary<string, string> { ["region"] = "us-east-1" } }), "api")
            .Spec.Template.Metadata.Annotations["kubeai.io/config-hash"];

        Assert.Matches("^sha256-[0-9a-f]{16}$", first);
        Assert.Equal(first, same);
        Assert.NotEqual(first, changed);
        Assert.Null(Inline.Single<V1Deployment>(Generate(), "worker").Spec.Template.Metadata.Annotations);
    }

    [Fact]
    public void Containers_and_pods_run_under_the_restricted_profile()
    {
        var app = Generate();

        foreach (var name in new[] { "api", "db", "worker", "tool", "built" })
        {
            var pod = Pod(app, name);
            var container = Assert.Single(pod.Containers);
            Assert.Equal(false, container.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Equal(true, container.SecurityContext.RunAsNonRoot);
            Assert.Equal("RuntimeDefault", container.SecurityContext.SeccompProfile.Type);
            Assert.Equal(true, pod.SecurityContext.RunAsNonRoot);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.Equal(false, pod.AutomountServiceAccountToken);
            Assert.Equal(false, pod.EnableServiceLinks);
            Assert.Equal(name, pod.ServiceAccountName);
        }

        Assert.Equal(1654, Pod(app, "api").SecurityContext.RunAsUser);
        Assert.Equal(1654, Pod(app, "api").SecurityContext.RunAsGroup);
        Assert.Equal(1000, Pod(app, "db").SecurityContext.RunAsUser);
        Assert.Equal(1000, Pod(app, "tool").SecurityContext.RunAsUser);
    }

    [Fact]
    public void User_ids_come_from_the_options()
    {
        var app = Generate(Options() with { ProjectUserId = 2000, ContainerUserId = 3000 });

        Assert.Equal(2000, Pod(app, "api").SecurityContext.RunAsUser);
        Assert.Equal(3000, Pod(app, "db").SecurityContext.RunAsUser);
    }

    [Fact]
    public void Every_workload_gets_a_ServiceAccount_without_token_automount()
    {
        var app = Generate();

        foreach (var resource in app.Resources)
        {
            var account = Inline.Single<V1ServiceAccount>(app, resource.Name);
            Assert.Equal(resource.Name, account.Metadata.Name);
            Assert.Equal(false, account.AutomountServiceAccountToken);
        }
    }

    [Fact]
    public void Resources_use_the_defaults_unless_overridden()
    {
        var standard = Container(Generate(), "api").Resources;
        Assert.Equal("100m", standard.Requests["cpu"].ToString());
        Assert.Equal("128Mi", standard.Requests["memory"].ToString());
        Assert.Equal("1", standard.Limits["cpu"].ToString());
        Assert.Equal("512Mi", standard.Limits["memory"].ToString());

        var custom = Container(Generate(Options() with { Resources = new ResourceDefaults("250m", "1Gi", "2", "4Gi") }), "db").Resources;
        Assert.Equal("250m", custom.Requests["cpu"].ToString());
        Assert.Equal("1Gi", custom.Requests["memory"].ToString());
        Assert.Equal("2", custom.Limits["cpu"].ToString());
        Assert.Equal("4Gi", custom.Limits["memory"].ToString());
    }

    [Fact]
    public void Services_map_service_ports_to_target_ports_with_protocol_and_names()
    {
        var app = Generate();

        var api = Inline.Single<V1Service>(app, "api");
        Assert.Equal("ClusterIP", api.Spec.Type);
        Assert.Equal(
            [("http", 8080, "8080", "TCP"), ("stats", 8125, "8125", "UDP")],
            api.Spec.Ports.Select(p => (p.Name, p.Port, p.TargetPort.Value, p.Protocol)));
        // No certificate: the https endpoint is the http listener, with a KUBEAI1031 warning; no port 8443 that nothing serves.
        Assert.DoesNotContain(Container(app, "api").Ports, p => p.ContainerPort == 8443);
        Assert.Contains(app.Warnings, w => w.Code == ErrorCodes.HttpsServedByHttp && w.Message.Contains("'https'"));
        var db = Inline.Single<V1Service>(app, "db");
        Assert.Equal([(15432, "5432")], db.Spec.Ports.Select(p => (p.Port, p.TargetPort.Value)));
        Assert.Equal([(5432, "tcp")], Container(app, "db").Ports.Select(p => (p.ContainerPort, p.Name)));
    }

    [Fact]
    public void Workloads_without_bindings_get_no_Service_and_no_ports()
    {
        var app = Generate();

        Assert.False(Inline.Has<V1Service>(app, "worker"));
        Assert.Null(Container(app, "worker").Ports);
    }

    [Fact]
    public void Bindings_sharing_a_target_port_make_one_container_port()
    {
        var app = Inline.Generate("""
            { "resources": { "w": { "type": "container.v0", "image": "nginx:1", "bindings": {
              "http": { "scheme": "http", "port": 80, "targetPort": 8080 },
              "alt": { "scheme": "http", "port": 81, "targetPort": 8080 } } } } }
            """);

        Assert.Equal([8080], Container(app, "w").Ports.Select(p => p.ContainerPort));
        Assert.Equal(2, Inline.Single<V1Service>(app, "w").Spec.Ports.Count);
    }

    [Fact]
    public void Images_come_from_options_manifest_or_registry_and_tag()
    {
        var app = Generate(Options() with { Registry = "registry.example.com/team/", Tag = "2.0" });

        Assert.Equal("registry.example.com/team/api:2.0", Container(app, "api").Image);
        Assert.Equal("example/db:16", Container(app, "db").Image);
        Assert.Equal("localhost:5000/tool:1", Container(app, "tool").Image);
        Assert.Equal("localhost:5000/built:1", Container(app, "built").Image);
        Assert.DoesNotContain(app.Warnings, w => w.Code == ErrorCodes.ImageTagDefaulted);
    }

    [Fact]
    public void A_project_without_a_tag_uses_its_version_never_latest_with_a_KUBEAI2004_warning()
    {
        var app = Generate(Options() with { Tag = null });

        // The manifest's project file does not exist here: the SDK's default version, as the SDK would tag it.
        Assert.Equal("api:1.0.0", Container(app, "api").Image);
        var warning = Assert.Single(app.Warnings, w => w.Code == ErrorCodes.ImageTagDefaulted);
        Assert.Equal(ErrorCodes.ImageTagDefaulted, warning.Code);
        Assert.Contains("Api", warning.Message);
        Assert.Contains("worker", warning.Message);
    }

    [Fact]
    public void An_option_image_wins_over_the_manifest_image()
    {
        var options = Options() with { Images = new Dictionary<string, string>(Options().Images) { ["db"] = "mirror.example.com/example/db:16.4" } };

        Assert.Equal("mirror.example.com/example/db:16.4", Container(Generate(options), "db").Image);
    }

    [Fact]
    public void Entrypoint_and_command_become_the_container_command()
    {
        var app = Inline.Generate("""
            { "resources": {
              "c": { "type": "container.v0", "image": "x:1", "entrypoint": "/entry.sh", "args": [ "a" ] },
              "e": { "type": "executable.v0", "command": "python3", "args": [ "b" ] },
              "p": { "type": "project.v0", "path": "p.csproj" } } }
            """, Inline.Options(o => o with { Images = new Dictionary<string, string> { ["e"] = "py:3" } }));

        Assert.Equal(["/entry.sh"], Container(app, "c").Command);
        Assert.Equal(["a"], Container(app, "c").Args);
        Assert.Equal(["python3"], Container(app, "e").Command);
        Assert.Null(Container(app, "p").Command);
        Assert.Null(Container(app, "p").Args);
    }

    [Fact]
    public void Unknown_resources_can_be_skipped_with_a_warning()
    {
        var app = Inline.Generate("""
            { "resources": { "odd": { "type": "azure.bicep.v0" }, "c": { "type": "container.v0", "image": "x:1" } } }
            """, Inline.Options(o => o with { SkipUnknownResources = true }));

        Assert.Equal(["c"], app.Resources.Select(r => r.Name));
        Assert.Contains(app.Warnings, w => w.Code == ErrorCodes.UnknownResourceType && w.Message.Contains("'odd'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_application_without_secrets_has_no_secret_keys()
    {
        var app = Inline.Generate("""{ "resources": { "c": { "type": "container.v0", "image": "x:1", "env": { "A": "b" } } } }""");

        Assert.Empty(app.SecretKeys);
        var files = KustomizeLayout.Build(app, "m.json");
        Assert.DoesNotContain("base/secrets.env.template", files.Keys);
        Assert.DoesNotContain("secretGenerator", files["base/kustomization.yaml"]);
    }

    [Fact]
    public void The_namespace_option_goes_into_the_base_kustomization()
    {
        var files = KustomizeLayout.Build(Generate(Options() with { Namespace = "prod" }), "m.json");

        Assert.Contains("\nnamespace: prod\n", files["base/kustomization.yaml"]);
        Assert.Contains("secretGenerator:\n- name: app-secrets\n  envs:\n  - secrets.env\n", files["base/kustomization.yaml"]);
        Assert.Equal("# Secret values live here, never in git.\nsecrets.env\n", files["base/.gitignore"]);
        Assert.All(files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal)), f => Assert.StartsWith("# Generated by KubeAi from m.json.", f.Value));
    }

    [Fact]
    public void The_secrets_template_lists_every_key_empty_with_its_users()
    {
        var template = KustomizeLayout.Build(Generate(), "m.json")["base/secrets.env.template"];

        Assert.Contains("# used by: api, db\n# Aspire generates this value when it runs locally; choose a strong random value.\ndb-password=\n", template);
        Assert.Contains("# used by: api\napi-key=\n", template);
        Assert.Contains("pw-uri=\n", template);
        Assert.DoesNotMatch("(?m)^[^#].*=.+$", template);
    }

    [Fact]
    public void Long_volume_names_that_share_a_prefix_get_different_claims()
    {
        var app = Inline.Generate("""
            { "resources": { "db": { "type": "container.v0", "image": "example/db:16", "volumes": [
              { "name": "contoso-orders-apphost-0123456789-orders-database-data", "target": "/data" },
              { "name": "contoso-orders-apphost-0123456789-orders-database-logs", "target": "/logs" } ] } } }
            """);

        var claims = Inline.Single<V1StatefulSet>(app, "db").Spec.VolumeClaimTemplates.Select(c => c.Metadata.Name).ToList();
        Assert.Equal(2, claims.Distinct().Count());
    }

    [Fact]
    public void Anonymous_and_odd_volume_names_become_valid_claim_names()
    {
        var app = Inline.Generate("""
            { "resources": { "db": { "type": "container.v0", "image": "example/db:16", "volumes": [
              { "target": "/scratch" }, { "name": "1st.Volume", "target": "/one" } ] } } }
            """);

        var claims = Inline.Single<V1StatefulSet>(app, "db").Spec.VolumeClaimTemplates.Select(c => c.Metadata.Name).ToList();
        Assert.Equal(["volume-0", "data-1-1st-volume"], claims);
    }

    [Fact]
    public void No_generated_file_contains_values_of_parameter_environment_variables()
    {
        // Whatever the environment holds for a secret parameter, generation never reads it.
        const string secret = "Pa55-kubeai-should-never-see-this";
        var name = "Parameters__api-key";
        var previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, secret);
        Environment.SetEnvironmentVariable("Parameters__db-password", secret);
        try
        {
            var output = RepoPaths.NewTempDirectory();
            KubeAiGenerator.Generate(Inline.Read(App), output, Options());

            foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(secret, File.ReadAllText(file));
            }

            Assert.True(File.Exists(Path.Combine(output, "base", "secrets.env.template")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, previous);
            Environment.SetEnvironmentVariable("Parameters__db-password", null);
        }
    }

    [Fact]
    public void Every_real_manifest_keeps_secrets_as_references_to_listed_keys()
    {
        foreach (var golden in GoldenCases.All.Where(c => File.Exists(c.Manifest)))
        {
            var manifest = ManifestReader.ReadFile(golden.Manifest);
            var app = ApplicationGenerator.Generate(manifest, golden.Options);
            var keys = app.SecretKeys.Select(k => k.Key).ToHashSet();

            // A key is a secret or generated parameter, or an encoded form of one.
            Assert.All(app.SecretKeys, key =>
            {
                var resource = manifest.ByName[key.Key];
                Assert.True(
                    resource.Inputs.Values.Any(i => i.Secret || i.DefaultGenerated) || resource.Filter is not null,
                    $"{golden.Name}: secret key '{key.Key}' is not a secret parameter");
                Assert.NotEmpty(key.UsedBy);
            });

            // Training jobs (no Deployment) have the same check in TrainingJobs/TrainingJobGeneratorTests.
            foreach (var resource in app.Resources.Where(r => r.Component != KubeAi.Core.Generation.TrainingJobs.TrainingJobGenerator.Component))
            {
                var pod = resource.Objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)
                    .Concat(resource.Objects.OfType<V1StatefulSet>().Select(d => d.Spec.Template.Spec))
                    .Concat(resource.Objects.OfType<V1Job>().Select(d => d.Spec.Template.Spec))
                    .Concat(resource.Objects.OfType<V1CronJob>().Select(d => d.Spec.JobTemplate.Spec.Template.Spec)).SingleOrDefault();
                if (pod is null)
                {
                    continue; // a custom kind (KServe, JobSet, ...): its env is checked by the golden files
                }

                foreach (var env in pod.Containers.SelectMany(c => c.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null))
                {
                    // The app's Secret unless a secret source (docs/environments.md) names another one.
                    Assert.Contains(app.SecretKeys, k => k.SecretName == env.ValueFrom.SecretKeyRef.Name && k.SecretKeyName == env.ValueFrom.SecretKeyRef.Key);
                }

                // Every $(KUBEAI_SECRET_X) used is defined in the same container.
                foreach (var container in pod.Containers)
                {
                    var defined = (container.Env ?? []).Select(e => e.Name).ToHashSet();
                    var texts = (container.Env ?? []).Select(e => e.Value ?? string.Empty).Concat(container.Args ?? []);
                    foreach (System.Text.RegularExpressions.Match match in texts.SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t, @"(?<!\$)\$\((KUBEAI_SECRET_[A-Z0-9_]+)\)")))
                    {
                        Assert.Contains(match.Groups[1].Value, defined);
                    }
                }
            }
        }
    }

    [Fact]
    public void WaitFor_a_database_names_the_server_that_runs_it_once()
    {
        var app = Inline.Generate("""
            { "resources": {
              "k8s": { "type": "kubeai.environment.v0" },
              "pg": { "type": "container.v1", "image": "example.com/db:1", "connectionString": "Host={pg.bindings.tcp.host}",
                      "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } }, "deployment": { "kind": "Deployment" } },
              "appdb": { "type": "value.v0", "connectionString": "{pg.connectionString};Database=appdb" },
              "flag": { "type": "parameter.v0", "value": "{flag.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "on" } } } },
              "api": { "type": "container.v1", "image": "example.com/api:1", "deployment": { "kind": "Deployment", "dependsOn": [ "appdb", "pg", "flag" ] } }
            } }
            """);

        Assert.Equal("pg", Inline.Single<V1Deployment>(app, "api").Metadata.Annotations["kubeai.io/depends-on"]);
    }
}
