using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.BadInput;

/// <summary>
/// Every kind of bad input fails with its documented KUBEAI code, a message that names the
/// offending value, and the origin (file, resource, property or option) it came from.
/// </summary>
public sealed class BadInputTests
{
    private const string Source = Inline.Source;

    private static KubeAiException Expect(string code, string json, GeneratorOptions? options, string origin, params string[] named)
    {
        var error = Inline.GenerateFails(code, json, options);
        foreach (var name in named)
        {
            Assert.Contains(name, error.Message);
        }

        Assert.Equal(origin, error.Origin);
        Assert.StartsWith($"{code}: ", error.ToDisplayString());
        Assert.EndsWith($" (at {origin})", error.ToDisplayString());
        return error;
    }

    private static GeneratorOptions Options(Func<GeneratorOptions, GeneratorOptions> change) => Inline.Options(change);

    // ---- 1002/1003: the file itself

    [Fact]
    public void Invalid_json_is_KUBEAI1002_with_the_line()
    {
        var json = "{\n  \"resources\": {\n    \"a\": ,\n  }\n}";

        var error = Inline.Fails(ErrorCodes.ManifestInvalidJson, () => Inline.Read(json));

        Assert.Contains("not valid JSON", error.Message);
        Assert.StartsWith($"{Source}:3:", error.Origin);
    }

    [Fact]
    public void A_trailing_comma_is_KUBEAI1002()
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidJson, () => Inline.Read("{ \"resources\": {}, }"));

        Assert.StartsWith($"{Source}:1:", error.Origin);
    }

    [Fact]
    public void An_empty_file_is_KUBEAI1002()
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidJson, () => Inline.Read(string.Empty));

        Assert.StartsWith(Source, error.Origin);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"resources\"")]
    [InlineData("42")]
    public void A_manifest_that_is_not_an_object_is_KUBEAI1003(string json)
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidStructure, () => Inline.Read(json));

        Assert.Contains("\"resources\"", error.Message);
        Assert.Equal(Source, error.Origin);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "Resources": {} }""")]
    [InlineData("""{ "resources": [] }""")]
    [InlineData("""{ "resources": null }""")]
    public void A_manifest_without_a_resources_object_is_KUBEAI1003(string json)
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidStructure, () => Inline.Read(json));

        Assert.Contains("\"resources\" object", error.Message);
        Assert.Equal(Source, error.Origin);
    }

    [Fact]
    public void A_resource_that_is_not_an_object_is_KUBEAI1003()
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidStructure, () => Inline.Read("""{ "resources": { "api": "project.v0" } }"""));

        Assert.Contains("'api'", error.Message);
        Assert.Contains("String", error.Message);
        Assert.Equal($"{Source}: resources.api", error.Origin);
    }

    [Fact]
    public void A_resource_without_a_type_is_KUBEAI1003()
    {
        var error = Inline.Fails(ErrorCodes.ManifestInvalidStructure, () => Inline.Read("""{ "resources": { "api": { "path": "a.csproj" } } }"""));

        Assert.Contains("'api'", error.Message);
        Assert.Contains("\"type\"", error.Message);
        Assert.Equal($"{Source}: resources.api", error.Origin);
    }

    [Fact]
    public void A_resource_given_twice_is_a_user_error_naming_it()
    {
        var json = """{ "resources": { "api": { "type": "value.v0", "value": "1" }, "api": { "type": "value.v0", "value": "2" } } }""";

        var error = Assert.Throws<KubeAiException>(() => Inline.Read(json));

        Assert.Contains(error.Code, new[] { ErrorCodes.ManifestInvalidStructure, ErrorCodes.ResourceNameCollision });
        Assert.Contains("'api'", error.Message);
    }

    // ---- 1004: unknown types

    [Fact]
    public void An_unknown_type_is_KUBEAI1004_naming_resource_and_type()
    {
        Expect(ErrorCodes.UnknownResourceType, """{ "resources": { "storage": { "type": "azure.bicep.v0", "path": "storage.bicep" } } }""", null,
            $"{Source}: resources.storage", "'storage'", "'azure.bicep.v0'", "--skip-unknown");
    }

    [Fact]
    public void A_typeless_aspire_error_resource_is_KUBEAI1004_carrying_the_aspire_message()
    {
        Expect(ErrorCodes.UnknownResourceType, """{ "resources": { "odd": { "error": "This resource does not support generation in the manifest." } } }""", null,
            $"{Source}: resources.odd", "'odd'", "This resource does not support generation in the manifest.");
    }

    [Fact]
    public void SkipUnknownResources_leaves_unknown_types_out()
    {
        var app = Inline.Generate("""
            { "resources": { "storage": { "type": "azure.bicep.v0" }, "odd": { "error": "nope" }, "web": { "type": "container.v0", "image": "nginx:1" } } }
            """, Options(o => o with { SkipUnknownResources = true }));

        Assert.Equal(["web"], app.Resources.Select(r => r.Name));
        Assert.Equal(2, app.Warnings.Count(w => w.Code == ErrorCodes.UnknownResourceType));
    }

    [Fact]
    public void A_reference_to_a_skipped_resource_is_KUBEAI1011()
    {
        Expect(ErrorCodes.DanglingReference, """
            {
              "resources": {
                "storage": { "type": "azure.bicep.v0", "connectionString": "{storage.outputs.blobEndpoint}" },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "BLOBS": "{storage.connectionString}" } }
              }
            }
            """, Options(o => o with { SkipUnknownResources = true }),
            $"{Source}: resources.web.env.BLOBS", "'storage'", "skipped", "{storage.connectionString}");
    }

    // ---- 1005/1007: names

    [Theory]
    [InlineData("my_api")]
    [InlineData("1api")]
    [InlineData("api-")]
    [InlineData("api.v2")]
    public void A_workload_name_that_cannot_name_objects_is_KUBEAI1005(string name)
    {
        Expect(ErrorCodes.InvalidResourceName, $$"""{ "resources": { "{{name}}": { "type": "container.v0", "image": "nginx:1" } } }""", null,
            $"{Source}: resources.{name}", $"'{name}'");
    }

    [Fact]
    public void A_workload_name_longer_than_63_characters_is_KUBEAI1005()
    {
        var name = "a" + new string('b', 63);
        Expect(ErrorCodes.InvalidResourceName, $$"""{ "resources": { "{{name}}": { "type": "container.v0", "image": "nginx:1" } } }""", null,
            $"{Source}: resources.{name}", name, "63");
    }

    [Fact]
    public void An_invalid_application_name_is_KUBEAI1005()
    {
        Expect(ErrorCodes.InvalidResourceName, """{ "resources": {} }""", Options(o => o with { ApplicationName = "My App" }),
            "application name", "'My App'");
    }

    [Fact]
    public void Names_that_collide_after_lowercasing_are_KUBEAI1007()
    {
        Expect(ErrorCodes.ResourceNameCollision, """
            { "resources": { "Api": { "type": "project.v0", "path": "a.csproj" }, "api": { "type": "container.v0", "image": "nginx:1" } } }
            """, null, $"{Source}: resources.api", "'Api'", "'api'");
    }

    // ---- 1006: field values

    [Theory]
    [InlineData("70000")]
    [InlineData("0")]
    [InlineData("\"http\"")]
    public void A_bad_port_is_KUBEAI1006(string port)
    {
        var json = $$"""{ "resources": { "web": { "type": "container.v0", "image": "nginx:1", "bindings": { "http": { "scheme": "http", "port": {{port}} } } } } }""";

        var error = Inline.Fails(ErrorCodes.InvalidFieldValue, () => Inline.Read(json));

        Assert.Contains(port, error.Message);
        Assert.Equal($"{Source}: resources.web.bindings.http.port", error.Origin);
    }

    [Fact]
    public void A_portless_tcp_binding_is_KUBEAI1006()
    {
        Expect(ErrorCodes.InvalidFieldValue, """
            { "resources": { "mq": { "type": "container.v0", "image": "rabbitmq:4", "bindings": { "amqp": { "scheme": "amqp" } } } } }
            """, null, $"{Source}: resources.mq.bindings.amqp", "'amqp'", "'mq'");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"3\"")]
    [InlineData("1.5")]
    public void Bad_replicas_are_KUBEAI1006(string replicas)
    {
        Expect(ErrorCodes.InvalidFieldValue, $$"""
            { "resources": { "web": { "type": "project.v1", "path": "w.csproj", "deployment": { "replicas": {{replicas}} } } } }
            """, null, $"{Source}: resources.web.deployment.replicas", $"replicas {replicas}");
    }

    // ---- 1010-1015: expressions and parameters

    [Fact]
    public void A_dangling_resource_reference_is_KUBEAI1011()
    {
        Expect(ErrorCodes.DanglingReference, """
            { "resources": { "web": { "type": "container.v0", "image": "nginx:1", "env": { "DB": "{db.connectionString}" } } } }
            """, null, $"{Source}: resources.web.env.DB", "'db'", "{db.connectionString}");
    }

    [Fact]
    public void A_dangling_reference_in_args_is_KUBEAI1011()
    {
        Expect(ErrorCodes.DanglingReference, """
            { "resources": { "web": { "type": "container.v0", "image": "nginx:1", "args": [ "--db", "{db.connectionString}" ] } } }
            """, null, $"{Source}: resources.web.args[1]", "'db'");
    }

    [Fact]
    public void A_dangling_reference_in_an_unused_connection_string_is_KUBEAI1011()
    {
        Expect(ErrorCodes.DanglingReference, """
            { "resources": { "ordersdb": { "type": "value.v0", "connectionString": "{pg.connectionString};Database=orders" } } }
            """, null, $"{Source}: resources.ordersdb.connectionString", "'pg'");
    }

    [Fact]
    public void A_dangling_reference_in_an_unused_value_is_KUBEAI1011()
    {
        Expect(ErrorCodes.DanglingReference, """
            { "resources": { "pw-uri": { "type": "annotated.string", "value": "{pw.value}", "filter": "uri" } } }
            """, null, $"{Source}: resources.pw-uri.value", "'pw'");
    }

    [Fact]
    public void A_dangling_binding_is_KUBEAI1011()
    {
        Expect(ErrorCodes.DanglingReference, """
            {
              "resources": {
                "api": { "type": "project.v0", "path": "a.csproj", "bindings": { "http": { "scheme": "http" } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "API": "{api.bindings.grpc.url}" } }
              }
            }
            """, null, $"{Source}: resources.web.env.API", "'grpc'", "'api'");
    }

    [Theory]
    [InlineData("{api.endpoint}", "'endpoint'")]
    [InlineData("{api.bindings.http.address}", "'address'")]
    [InlineData("{api.connectionString}", "connectionString of 'api'")]
    [InlineData("{pw.inputs.password}", "'password'")]
    public void An_unknown_property_is_KUBEAI1012(string expression, string named)
    {
        Expect(ErrorCodes.UnknownExpressionProperty, $$"""
            {
              "resources": {
                "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
                "api": { "type": "project.v0", "path": "a.csproj", "bindings": { "http": { "scheme": "http" } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "X": "{{expression}}" } }
              }
            }
            """, null, $"{Source}: resources.web.env.X", named);
    }

    [Fact]
    public void An_unknown_filter_is_KUBEAI1012()
    {
        Expect(ErrorCodes.UnknownExpressionProperty, """
            {
              "resources": {
                "enc": { "type": "annotated.string", "value": "abc", "filter": "base64" },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "X": "{enc.value}" } }
              }
            }
            """, null, $"{Source}: resources.enc.filter", "'base64'", "'enc'");
    }

    [Fact]
    public void A_two_step_cycle_is_KUBEAI1013_listing_the_chain()
    {
        Expect(ErrorCodes.CyclicExpression, """
            {
              "resources": {
                "a": { "type": "value.v0", "connectionString": "{b.connectionString}" },
                "b": { "type": "value.v0", "connectionString": "{a.connectionString}" },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "A": "{a.connectionString}" } }
              }
            }
            """, null, $"{Source}: resources.b.connectionString", "{a.connectionString} -> {b.connectionString} -> {a.connectionString}");
    }

    [Fact]
    public void A_three_step_cycle_is_KUBEAI1013_listing_the_chain()
    {
        Expect(ErrorCodes.CyclicExpression, """
            {
              "resources": {
                "a": { "type": "value.v0", "connectionString": "x={b.value}" },
                "b": { "type": "value.v0", "value": "y={c.value}" },
                "c": { "type": "value.v0", "connectionString": "z", "value": "{a.connectionString}" },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "A": "{a.connectionString}" } }
              }
            }
            """, null, $"{Source}: resources.c.value", "{a.connectionString} -> {b.value} -> {c.value} -> {a.connectionString}");
    }

    [Fact]
    public void A_cycle_in_an_unused_connection_string_is_KUBEAI1013()
    {
        Expect(ErrorCodes.CyclicExpression, """
            { "resources": { "a": { "type": "value.v0", "connectionString": "{a.connectionString}" } } }
            """, null, $"{Source}: resources.a.connectionString", "{a.connectionString} -> {a.connectionString}");
    }

    [Fact]
    public void An_unclosed_expression_is_KUBEAI1010()
    {
        Expect(ErrorCodes.ExpressionSyntax, """
            { "resources": { "api": { "type": "project.v0", "path": "a.csproj", "bindings": { "http": { "scheme": "http" } } },
              "web": { "type": "container.v0", "image": "nginx:1", "env": { "API": "{api.bindings.http.url" } } } }
            """, null, $"{Source}: resources.web.env.API", "{api.bindings.http.url", "no closing");
    }

    [Fact]
    public void An_empty_segment_is_KUBEAI1010()
    {
        Expect(ErrorCodes.ExpressionSyntax, """
            { "resources": { "web": { "type": "container.v0", "image": "nginx:1", "env": { "X": "{api..url}" } } } }
            """, null, $"{Source}: resources.web.env.X", "{api..url}");
    }

    [Fact]
    public void With_strict_parameters_missing_ones_are_KUBEAI1014_naming_all_of_them()
    {
        var error = Expect(ErrorCodes.MissingParameterValue, """
            {
              "resources": {
                "zone": { "type": "parameter.v0", "value": "{zone.inputs.value}", "inputs": { "value": { "type": "string" } } },
                "tenant": { "type": "parameter.v0", "value": "{tenant.inputs.value}", "inputs": { "value": { "type": "string" } } },
                "region": { "type": "parameter.v0", "value": "{region.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "eu" } } } },
                "unused": { "type": "parameter.v0", "value": "{unused.inputs.value}", "inputs": { "value": { "type": "string" } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "Z": "{zone.value}", "T": "{tenant.value}", "R": "{region.value}" } }
              }
            }
            """, Options(o => o with { StrictParameters = true }), $"{Source}: resources.web.env.T", "'tenant', 'zone'", "--parameter");

        Assert.DoesNotContain("'region'", error.Message);
        Assert.DoesNotContain("'unused'", error.Message);
    }

    [Fact]
    public void Without_strict_parameters_a_missing_value_is_a_deploy_time_input_of_the_parameters_ConfigMap()
    {
        var json = """
            {
              "resources": {
                "tenant": { "type": "parameter.v0", "value": "{tenant.inputs.value}", "inputs": { "value": { "type": "string" } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "T": "{tenant.value}", "URL": "https://{tenant.value}.example.com" } }
              }
            }
            """;
        var app = Inline.Generate(json);

        var env = Inline.Single<k8s.Models.V1Deployment>(app, "web").Spec.Template.Spec.Containers[0].Env;
        Assert.Equal("tenant", env.Single(e => e.Name == "T").ValueFrom.ConfigMapKeyRef.Key);
        Assert.Equal(app.ParametersName, env.Single(e => e.Name == "T").ValueFrom.ConfigMapKeyRef.Name);
        Assert.Equal("https://$(KUBEAI_PARAM_TENANT).example.com", env.Single(e => e.Name == "URL").Value);
        Assert.Equal(["tenant"], app.ParameterKeys.Select(k => k.Key));
        Assert.Equal(["web"], app.ParameterKeys[0].UsedBy);

        var files = Core.Output.KustomizeLayout.Build(app, Source);
        Assert.Contains("configMapGenerator:\n- name: " + app.ParametersName + "\n  envs:\n  - parameters.env\n", files["base/kustomization.yaml"]);
        Assert.Contains("# used by: web\ntenant=\n", files["base/parameters.env.template"]);
        Assert.Contains("parameters.env\n", files["base/.gitignore"]);
    }

    [Fact]
    public void Supplying_the_missing_parameters_fixes_KUBEAI1014()
    {
        var app = Inline.Generate("""
            {
              "resources": {
                "tenant": { "type": "parameter.v0", "value": "{tenant.inputs.value}", "inputs": { "value": { "type": "string" } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "T": "{tenant.value}" } }
              }
            }
            """, Options(o => o with { ParameterValues = new Dictionary<string, string> { ["tenant"] = "contoso" } }));

        Assert.Equal("contoso", Inline.Single<k8s.Models.V1ConfigMap>(app, "web").Data["T"]);
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("web")]
    public void A_value_for_an_undeclared_parameter_is_KUBEAI1015(string name)
    {
        Expect(ErrorCodes.UnknownParameterOverride, """{ "resources": { "web": { "type": "container.v0", "image": "nginx:1" } } }""",
            Options(o => o with { ParameterValues = new Dictionary<string, string> { [name] = "x" } }),
            $"parameter option {name}", $"'{name}'");
    }

    // ---- 1020-1022: workloads

    [Fact]
    public void A_bind_mount_is_KUBEAI1020_naming_the_host_path()
    {
        Expect(ErrorCodes.BindMountNotSupported, """
            { "resources": { "db": { "type": "container.v0", "image": "postgres:16", "bindMounts": [ { "source": "../init-scripts", "target": "/docker-entrypoint-initdb.d", "readOnly": true } ] } } }
            """, null, $"{Source}: resources.db.bindMounts[0]", "'../init-scripts'", "'/docker-entrypoint-initdb.d'", "'db'");
    }

    [Fact]
    public void An_executable_without_an_image_is_KUBEAI1021()
    {
        Expect(ErrorCodes.ExecutableNeedsImage, """
            { "resources": { "job": { "type": "executable.v0", "command": "python3", "args": [ "job.py" ] } } }
            """, null, $"{Source}: resources.job", "'job'", "'python3'", "--image job=");
    }

    [Fact]
    public void A_port_conflict_is_KUBEAI1022()
    {
        Expect(ErrorCodes.PortConflict, """
            { "resources": { "web": { "type": "container.v0", "image": "nginx:1", "bindings": {
              "http": { "scheme": "http", "port": 80, "targetPort": 8080 },
              "admin": { "scheme": "http", "port": 80, "targetPort": 9090 } } } } }
            """, null, $"{Source}: resources.web.bindings.admin", "'http'", "'admin'", "port 80");
    }

    // ---- 2xxx: images

    [Fact]
    public void A_dockerfile_without_an_image_is_KUBEAI2001()
    {
        Expect(ErrorCodes.MissingImage, """
            { "resources": { "model": { "type": "dockerfile.v0", "path": "Dockerfile", "context": "." } } }
            """, null, $"{Source}: resources.model", "'model'", "--image model=");
    }

    [Fact]
    public void A_container_v1_build_without_an_image_is_KUBEAI2001()
    {
        Expect(ErrorCodes.MissingImage, """
            { "resources": { "model": { "type": "container.v1", "build": { "context": ".", "dockerfile": "Dockerfile" } } } }
            """, null, $"{Source}: resources.model", "'model'");
    }

    [Theory]
    [InlineData("Redis:7")]
    [InlineData("redis:7 latest")]
    [InlineData("redis@sha256:abc")]
    [InlineData("")]
    public void An_invalid_manifest_image_is_KUBEAI2002(string image)
    {
        Expect(ErrorCodes.InvalidImageReference, $$"""{ "resources": { "c": { "type": "container.v0", "image": "{{image}}" } } }""", null,
            $"{Source}: resources.c.image", $"'{image}'");
    }

    [Fact]
    public void An_invalid_image_option_is_KUBEAI2002()
    {
        Expect(ErrorCodes.InvalidImageReference, """{ "resources": { "c": { "type": "container.v0", "image": "redis:7" } } }""",
            Options(o => o with { Images = new Dictionary<string, string> { ["c"] = "Not An Image" } }),
            "image option c=Not An Image", "'Not An Image'");
    }

    [Fact]
    public void An_invalid_registry_is_KUBEAI2002()
    {
        Expect(ErrorCodes.InvalidImageReference, """{ "resources": { "api": { "type": "project.v0", "path": "a.csproj" } } }""",
            Options(o => o with { Registry = "bad registry" }),
            "registry/tag options for 'api'", "'bad registry/api:1.0.0'");
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("pw")]
    public void An_image_for_a_resource_that_is_not_a_workload_is_KUBEAI2003(string name)
    {
        Expect(ErrorCodes.ImageForUnknownResource, """
            { "resources": { "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } } } }
            """, Options(o => o with { Images = new Dictionary<string, string> { [name] = "redis:7" } }),
            $"image option {name}=redis:7", $"'{name}'");
    }

    // ---- 3xxx: options

    [Theory]
    [InlineData("Prod")]
    [InlineData("my_ns")]
    [InlineData("-ns")]
    public void An_invalid_namespace_is_KUBEAI3002(string ns)
    {
        Expect(ErrorCodes.InvalidNamespace, """{ "resources": {} }""", Options(o => o with { Namespace = ns }), "namespace option", $"'{ns}'");
    }

    [Fact]
    public void An_invalid_cpu_request_is_KUBEAI3003()
    {
        Expect(ErrorCodes.InvalidQuantity, """{ "resources": {} }""",
            Options(o => o with { Resources = ResourceDefaults.Standard with { CpuRequest = "half" } }), "default cpu request", "'half'");
    }

    [Fact]
    public void An_invalid_memory_request_is_KUBEAI3003()
    {
        Expect(ErrorCodes.InvalidQuantity, """{ "resources": {} }""",
            Options(o => o with { Resources = ResourceDefaults.Standard with { MemoryRequest = "128MB" } }), "default memory request", "'128MB'");
    }

    [Fact]
    public void An_invalid_cpu_limit_is_KUBEAI3003()
    {
        Expect(ErrorCodes.InvalidQuantity, """{ "resources": {} }""",
            Options(o => o with { Resources = ResourceDefaults.Standard with { CpuLimit = "1 core" } }), "default cpu limit", "'1 core'");
    }

    [Fact]
    public void An_invalid_memory_limit_is_KUBEAI3003()
    {
        Expect(ErrorCodes.InvalidQuantity, """{ "resources": {} }""",
            Options(o => o with { Resources = ResourceDefaults.Standard with { MemoryLimit = "" } }), "default memory limit", "''");
    }

    [Fact]
    public void An_invalid_volume_size_is_KUBEAI3003()
    {
        Expect(ErrorCodes.InvalidQuantity, """{ "resources": {} }""", Options(o => o with { VolumeSize = "10 GB" }), "volume size", "'10 GB'");
    }

    [Theory]
    [InlineData("500m")]
    [InlineData("1.5")]
    [InlineData("10Gi")]
    [InlineData("1e3")]
    [InlineData("+2")]
    public void Valid_quantities_are_accepted(string quantity)
    {
        Assert.True(Quantities.IsQuantity(quantity));
        Inline.Generate("""{ "resources": { "api": { "type": "container.v0", "image": "nginx:1.27" } } }""", Options(o => o with { VolumeSize = quantity }));
    }

    // ---- the real misc manifest

    [Fact]
    public void The_misc_manifest_fails_first_on_its_typeless_resource()
    {
        var path = RepoPaths.Manifest("misc");

        var error = Inline.Fails(ErrorCodes.UnknownResourceType, () => ApplicationGenerator.Generate(ManifestReader.ReadFile(path), Inline.Options(o => o with { ApplicationName = "misc" })));

        Assert.Contains("'unsupported'", error.Message);
        Assert.Equal($"{path}: resources.unsupported", error.Origin);
    }

    [Fact]
    public void The_misc_manifest_needs_an_image_for_its_dockerfile_container()
    {
        var path = RepoPaths.Manifest("misc");

        var error = Inline.Fails(ErrorCodes.MissingImage, () => ApplicationGenerator.Generate(
            ManifestReader.ReadFile(path),
            Inline.Options(o => o with { ApplicationName = "misc", SkipUnknownResources = true })));

        Assert.Contains("'custom-redis'", error.Message);
        Assert.Equal($"{path}: resources.custom-redis", error.Origin);
    }

    private static KubeAiException MiscConnectionStringError()
    {
        var path = RepoPaths.Manifest("misc");
        var error = Assert.Throws<KubeAiException>(() => ApplicationGenerator.Generate(
            ManifestReader.ReadFile(path),
            Inline.Options(o => o with
            {
                ApplicationName = "misc",
                SkipUnknownResources = true,
                Images = new Dictionary<string, string> { ["custom-redis"] = "localhost:5000/custom-redis:1" },
            })));
        Assert.Equal($"{path}: resources.orders.env.CACHE_HOST", error.Origin);
        return error;
    }

    [Fact]
    public void The_misc_PublishAsConnectionString_cache_has_no_bindings_to_refer_to()
    {
        // cache was published as a connection string (a parameter); orders still asks for its tcp binding.
        var error = MiscConnectionStringError();

        Assert.Contains("{cache.bindings.tcp.host}", error.Message);
        Assert.Contains("'cache'", error.Message);
    }

    [Fact]
    public void The_misc_PublishAsConnectionString_cache_binding_is_a_dangling_reference()
    {
        Assert.Equal(ErrorCodes.DanglingReference, MiscConnectionStringError().Code);
    }
}
