using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.AppModel;

public sealed class ManifestReaderTests
{
    [Theory]
    [InlineData("project.v0", ResourceKind.Project)]
    [InlineData("project.v1", ResourceKind.Project)]
    [InlineData("dockerfile.v0", ResourceKind.Dockerfile)]
    [InlineData("executable.v0", ResourceKind.Executable)]
    [InlineData("parameter.v0", ResourceKind.Parameter)]
    [InlineData("value.v0", ResourceKind.Value)]
    [InlineData("annotated.string", ResourceKind.Value)]
    [InlineData("azure.bicep.v0", ResourceKind.Unknown)]
    public void Each_type_maps_to_its_kind(string type, ResourceKind kind)
    {
        var manifest = Inline.Read($$"""{ "resources": { "r": { "type": "{{type}}" } } }""");

        var resource = Assert.Single(manifest.Resources);
        Assert.Equal(kind, resource.Kind);
        Assert.Equal(type, resource.Type);
        Assert.Equal("r", resource.Name);
        Assert.Equal("inline.json: resources.r", resource.Origin);
    }

    [Fact]
    public void Containers_v0_and_v1_are_containers_and_v1_with_build_is_a_dockerfile()
    {
        var manifest = Inline.Read("""
            {
              "resources": {
                "a": { "type": "container.v0", "image": "redis:7" },
                "b": { "type": "container.v1", "image": "redis:8" },
                "c": { "type": "container.v1", "build": { "context": ".", "dockerfile": "Dockerfile" } }
              }
            }
            """);

        Assert.Equal(ResourceKind.Container, manifest.ByName["a"].Kind);
        Assert.Equal("redis:7", manifest.ByName["a"].Image);
        Assert.Equal(ResourceKind.Container, manifest.ByName["b"].Kind);
        Assert.Equal(ResourceKind.Dockerfile, manifest.ByName["c"].Kind);
        Assert.Null(manifest.ByName["c"].Image);
        Assert.All(manifest.Resources, r => Assert.True(r.IsWorkload));
    }

    [Fact]
    public void Resources_keep_manifest_order()
    {
        var manifest = Inline.Read("""
            { "resources": { "zeta": { "type": "value.v0" }, "alpha": { "type": "value.v0" }, "mid": { "type": "value.v0" } } }
            """);

        Assert.Equal(["zeta", "alpha", "mid"], manifest.Resources.Select(r => r.Name));
        Assert.Equal(Inline.Source, manifest.Source);
    }

    [Fact]
    public void A_project_keeps_path_env_in_order_args_and_bindings()
    {
        var manifest = Inline.Read("""
            {
              "resources": {
                "api": {
                  "type": "project.v0",
                  "path": "../Api/Api.csproj",
                  "args": [ "--verbose", 42, true ],
                  "env": { "Z_LAST": "z", "A_FIRST": "a", "PORT": 8080, "RATIO": 1.50, "ON": true, "OFF": false },
                  "bindings": {
                    "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true },
                    "grpc": { "scheme": "https", "protocol": "tcp", "transport": "http2", "port": 443, "targetPort": 5001 }
                  }
                }
              }
            }
            """);

        var api = manifest.ByName["api"];
        Assert.Equal("../Api/Api.csproj", api.ProjectPath);
        Assert.Equal(["--verbose", "42", "true"], api.Args);
        Assert.Equal(["Z_LAST", "A_FIRST", "PORT", "RATIO", "ON", "OFF"], api.Env.Select(e => e.Key));
        Assert.Equal(["z", "a", "8080", "1.50", "true", "false"], api.Env.Select(e => e.Value));
        Assert.Equal(new Binding("http", "http", "tcp", "http", null, null, true), api.FindBinding("http"));
        Assert.Equal(new Binding("grpc", "https", "tcp", "http2", 443, 5001, false), api.FindBinding("grpc"));
        Assert.Null(api.FindBinding("missing"));
    }

    [Fact]
    public void A_binding_without_scheme_protocol_or_transport_defaults_to_tcp()
    {
        var manifest = Inline.Read("""
            { "resources": { "c": { "type": "container.v0", "image": "x", "bindings": { "b": { "targetPort": 1 } } } } }
            """);

        Assert.Equal(new Binding("b", "tcp", "tcp", "tcp", null, 1, false), Assert.Single(manifest.ByName["c"].Bindings));
    }

    [Fact]
    public void A_binding_transport_defaults_to_the_scheme()
    {
        var manifest = Inline.Read("""
            { "resources": { "c": { "type": "container.v0", "image": "x", "bindings": { "b": { "scheme": "udp", "protocol": "udp", "targetPort": 1 } } } } }
            """);

        Assert.Equal("udp", Assert.Single(manifest.ByName["c"].Bindings).Transport);
    }

    [Fact]
    public void A_container_keeps_image_entrypoint_volumes_and_bind_mounts()
    {
        var manifest = Inline.Read("""
            {
              "resources": {
                "db": {
                  "type": "container.v0",
                  "image": "postgres:16",
                  "entrypoint": "/entry.sh",
                  "volumes": [ { "name": "db-data", "target": "/data", "readOnly": false }, { "target": "/scratch" }, { "name": "cfg", "target": "/cfg", "readOnly": true } ],
                  "bindMounts": [ { "source": "../init", "target": "/init", "readOnly": true } ]
                }
              }
            }
            """);

        var db = manifest.ByName["db"];
        Assert.Equal("postgres:16", db.Image);
        Assert.Equal("/entry.sh", db.Entrypoint);
        Assert.Equal(
            [new VolumeMount("db-data", "/data", false), new VolumeMount("volume-1", "/scratch", false), new VolumeMount("cfg", "/cfg", true)],
            db.Volumes);
        Assert.Equal([new VolumeMount("../init", "/init", true)], db.BindMounts);
    }

    [Fact]
    public void An_executable_keeps_its_command()
    {
        var manifest = Inline.Read("""
            { "resources": { "job": { "type": "executable.v0", "command": "python3", "workingDirectory": "../job", "args": [ "run.py" ] } } }
            """);

        Assert.Equal("python3", manifest.ByName["job"].Command);
        Assert.Equal(["run.py"], manifest.ByName["job"].Args);
    }

    [Fact]
    public void Parameter_inputs_read_secret_default_value_and_generate()
    {
        var manifest = Inline.Read("""
            {
              "resources": {
                "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22 } } } } },
                "region": { "type": "parameter.v0", "value": "{region.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "eu-west-1" } } } },
                "count": { "type": "parameter.v0", "value": "{count.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": 3 } } } },
                "key": { "type": "parameter.v0", "value": "{key.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
                "plain": { "type": "parameter.v0", "value": "{plain.inputs.value}", "inputs": { "value": { "type": "string" } } }
              }
            }
            """);

        Assert.Equal(new ParameterInput("value", true, null, true), manifest.ByName["pw"].Inputs["value"]);
        Assert.Equal(new ParameterInput("value", false, "eu-west-1", false), manifest.ByName["region"].Inputs["value"]);
        Assert.Equal(new ParameterInput("value", false, "3", false), manifest.ByName["count"].Inputs["value"]);
        Assert.Equal(new ParameterInput("value", true, null, false), manifest.ByName["key"].Inputs["value"]);
        Assert.Equal(new ParameterInput("value", false, null, false), manifest.ByName["plain"].Inputs["value"]);
        Assert.Equal("{pw.inputs.value}", manifest.ByName["pw"].Value);
    }

    [Fact]
    public void Values_connection_strings_and_annotated_strings_are_read_unresolved()
    {
        var manifest = Inline.Read("""
            {
              "resources": {
                "conn": { "type": "value.v0", "connectionString": "{db.connectionString};Database=x" },
                "enc": { "type": "annotated.string", "value": "{pw.value}", "filter": "uri" }
              }
            }
            """);

        Assert.Equal("{db.connectionString};Database=x", manifest.ByName["conn"].ConnectionString);
        Assert.Null(manifest.ByName["conn"].Filter);
        Assert.Equal("{pw.value}", manifest.ByName["enc"].Value);
        Assert.Equal("uri", manifest.ByName["enc"].Filter);
        Assert.False(manifest.ByName["enc"].IsWorkload);
    }

    [Fact]
    public void A_typeless_resource_with_an_aspire_error_is_unknown_and_keeps_the_error_text()
    {
        var manifest = Inline.Read("""
            { "resources": { "odd": { "error": "This resource does not support generation in the manifest." } } }
            """);

        var odd = manifest.ByName["odd"];
        Assert.Equal(ResourceKind.Unknown, odd.Kind);
        Assert.Contains("This resource does not support generation in the manifest.", odd.Type);
        Assert.False(odd.IsWorkload);
    }

    [Fact]
    public void The_deployment_object_is_kept_for_v1_types()
    {
        var manifest = Inline.Read("""
            { "resources": { "web": { "type": "project.v1", "path": "w.csproj", "deployment": { "kind": "Deployment", "replicas": 3 } }, "x": { "type": "project.v0", "path": "x.csproj" } } }
            """);

        Assert.Equal(3, manifest.ByName["web"].Deployment!.Value.GetProperty("replicas").GetInt32());
        Assert.Null(manifest.ByName["x"].Deployment);
    }

    [Fact]
    public void Null_optional_properties_mean_absent()
    {
        var manifest = Inline.Read("""
            { "resources": { "c": { "type": "container.v0", "image": "x", "entrypoint": null, "args": null, "env": null, "bindings": null, "volumes": null } } }
            """);

        var c = manifest.ByName["c"];
        Assert.Null(c.Entrypoint);
        Assert.Empty(c.Args);
        Assert.Empty(c.Env);
        Assert.Empty(c.Bindings);
        Assert.Empty(c.Volumes);
    }

    [Fact]
    public void ReadFile_of_a_missing_file_is_KUBEAI1001_naming_the_path()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory(), "nope.json");

        var error = Inline.Fails(ErrorCodes.ManifestNotFound, () => ManifestReader.ReadFile(path));

        Assert.Contains(path, error.Message);
        Assert.Equal(path, error.Origin);
    }

    [Fact]
    public void ReadFile_uses_the_path_as_the_source()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory(), "aspire-manifest.json");
        File.WriteAllText(path, """{ "resources": { "v": { "type": "value.v0", "value": "x" } } }""");

        var manifest = ManifestReader.ReadFile(path);

        Assert.Equal(path, manifest.Source);
        Assert.Equal($"{path}: resources.v", manifest.ByName["v"].Origin);
    }

    [Theory]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": 5 } } }""", "\"image\" must be a string", "resources.c.image")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "args": "a b" } } }""", "\"args\" must be an array", "resources.c.args")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "args": [ {} ] } } }""", "expected a string, found Object", "resources.c.args[0]")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "env": [] } } }""", "\"env\" must be an object", "resources.c.env")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "env": { "A": [1] } } } }""", "expected a string, found Array", "resources.c.env.A")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "bindings": [] } } }""", "\"bindings\" must be an object", "resources.c.bindings")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "bindings": { "http": "8080" } } } }""", "binding 'http' must be an object", "resources.c.bindings.http")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "volumes": {} } } }""", "\"volumes\" must be an array", "resources.c.volumes")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "volumes": [ "v" ] } } }""", "a mount must be an object", "resources.c.volumes[0]")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "x", "volumes": [ { "name": "v" } ] } } }""", "a mount needs a \"target\"", "resources.c.volumes[0]")]
    [InlineData("""{ "resources": { "p": { "type": "parameter.v0", "inputs": { "value": "x" } } } }""", "an input must be an object", "resources.p.inputs.value")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0" } } }""", "container resource 'c' has no \"image\"", "resources.c")]
    [InlineData("""{ "resources": { "c": { "type": 1 } } }""", "\"type\" must be a string", "resources.c.type")]
    public void Malformed_resources_are_KUBEAI1003_naming_the_property(string json, string message, string origin)
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidStructure, () => Inline.Read(json));

        Assert.Contains(message, error.Message);
        Assert.Equal($"{Inline.Source}: {origin}", error.Origin);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("80.5")]
    [InlineData("\"80\"")]
    public void A_port_outside_1_to_65535_is_KUBEAI1006(string port)
    {
        var json = $$"""{ "resources": { "c": { "type": "container.v0", "image": "x", "bindings": { "http": { "scheme": "http", "targetPort": {{port}} } } } } }""";

        var error = Inline.Fails(ErrorCodes.InvalidFieldValue, () => Inline.Read(json));

        Assert.Contains($"targetPort {port} is not a port number", error.Message);
        Assert.Equal($"{Inline.Source}: resources.c.bindings.http.targetPort", error.Origin);
    }

    [Fact]
    public void An_empty_resource_name_is_KUBEAI1005()
    {
        var error = Inline.Fails(ErrorCodes.InvalidResourceName, () => Inline.Read("""{ "resources": { "": { "type": "value.v0" } } }"""));

        Assert.Equal($"{Inline.Source}: resources.", error.Origin);
    }

    [Fact]
    public void Every_real_manifest_reads()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.Combine(RepoPaths.TestData, "manifests")))
        {
            var path = Path.Combine(directory, "aspire-manifest.json");
            if (!File.Exists(path))
            {
                continue;
            }

            var manifest = ManifestReader.ReadFile(path);
            Assert.NotEmpty(manifest.Resources);
        }
    }

    [Fact]
    public void The_misc_manifest_has_the_typeless_unsupported_resource_and_the_annotated_strings()
    {
        var manifest = ManifestReader.ReadFile(RepoPaths.Manifest("misc"));

        Assert.Equal(ResourceKind.Unknown, manifest.ByName["unsupported"].Kind);
        Assert.Equal(ResourceKind.Dockerfile, manifest.ByName["custom-redis"].Kind);
        Assert.Equal("uri", manifest.ByName["pg-password-uri-encoded"].Filter);
        Assert.Equal(new Binding("tcp", "tcp", "tcp", "tcp", 15432, 5432, false), manifest.ByName["pg"].FindBinding("tcp"));
        Assert.Equal(new Binding("udp-stats", "udp", "udp", "udp", null, 5000, false), manifest.ByName["broker"].FindBinding("udp-stats"));
    }
}
