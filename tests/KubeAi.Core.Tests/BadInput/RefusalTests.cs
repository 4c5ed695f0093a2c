using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;

namespace KubeAi.Core.Tests.BadInput;

/// <summary>
/// What Kubernetes would reject is refused before anything is written, with one coded line that names the
/// resource, the field and the (escaped) value: the cases the hostile-input probe found passing.
/// </summary>
public sealed class RefusalTests
{
    private const string Nginx = """ "type": "container.v0", "image": "nginx:1.27" """;

    private static string WithDeployment(string deployment, string more = "") => $$"""
        { "resources": {
            "k8s": { "type": "kubeai.environment.v0" },
            "api": { {{Nginx}}, "bindings": { "http": { "scheme": "http", "targetPort": 8080 } }, "deployment": {{deployment}} {{more}} } } }
        """;

    private static KubeAiException Refused(string code, string json, GeneratorOptions? options = null)
    {
        var error = Inline.GenerateFails(code, json, options);
        var line = error.ToDisplayString();
        Assert.StartsWith(code + ": ", line);
        Assert.True(line.Length < 500 && !line.Any(char.IsControl), line);
        return error;
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("0Mi")]
    [InlineData("1 Gi")]
    [InlineData("1,5")]
    [InlineData(" 1Gi")]
    [InlineData("1e400")]
    public void A_default_memory_limit_that_is_not_a_positive_quantity_is_KUBEAI3003(string limit)
    {
        var error = Refused(ErrorCodes.InvalidQuantity, $$"""{ "resources": { "api": { {{Nginx}} } } }""", Inline.Options(o => o with { Resources = new ResourceDefaults(null, null, null, limit) }));

        Assert.Equal("default memory limit", error.Origin);
        Assert.Contains($"'{Messages.OneLine(limit)}'", error.Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("abc")]
    public void A_contract_quantity_that_is_not_positive_is_KUBEAI3003(string memory)
    {
        var error = Refused(ErrorCodes.InvalidQuantity, WithDeployment($$"""{ "resources": { "limits": { "memory": "{{memory}}" } } }"""));

        Assert.Equal("inline.json: resources.api.deployment.resources.limits.memory", error.Origin);
    }

    [Fact]
    public void A_request_above_its_limit_is_KUBEAI3030()
    {
        var error = Refused(ErrorCodes.RequestAboveLimit, WithDeployment("""{ "resources": { "requests": { "memory": "2Gi" }, "limits": { "memory": "1Gi" } } }"""));

        Assert.Contains("requests.memory '2Gi' is above limits.memory '1Gi'", error.Message);
        Assert.Contains("Deployment 'api' container 'api'", error.Message);
    }

    [Fact]
    public void A_request_above_the_default_limit_is_KUBEAI3030()
    {
        Refused(ErrorCodes.RequestAboveLimit, $$"""{ "resources": { "api": { {{Nginx}} } } }""", Inline.Options(o => o with { Resources = new ResourceDefaults("2", null, null, null) }));
    }

    [Fact]
    public void A_request_equal_to_its_limit_in_other_units_is_accepted()
    {
        var app = Inline.Generate(WithDeployment("""{ "resources": { "requests": { "memory": "1024Mi", "cpu": "1000m" }, "limits": { "memory": "1Gi", "cpu": "1" } } }"""));

        Assert.Equal("1Gi", Inline.Single<V1Deployment>(app, "api").Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToString());
    }

    [Fact]
    public void An_environment_overlay_that_puts_a_request_above_the_limit_is_KUBEAI3030()
    {
        var json = """
            { "resources": {
                "k8s": { "type": "kubeai.environment.v0", "environments": { "prod": { "workloads": { "api": { "resources": { "requests": { "memory": "4Gi" } } } } } } },
                "api": { "type": "container.v0", "image": "nginx:1.27" } } }
            """;

        var error = Refused(ErrorCodes.RequestAboveLimit, json);

        Assert.Contains("environment 'prod'", error.Message);
    }

    [Fact]
    public void Two_volumes_at_one_path_are_KUBEAI3031()
    {
        var json = $$"""{ "resources": { "api": { {{Nginx}}, "volumes": [ { "name": "a", "target": "/data" }, { "name": "b", "target": "/data" } ] } } }""";

        var error = Refused(ErrorCodes.DuplicateMountPath, json);

        Assert.Contains("mountPath '/data'", error.Message);
        Assert.Equal("inline.json: resources.api", error.Origin);
    }

    [Fact]
    public void A_secret_key_of_300_characters_is_KUBEAI3032()
    {
        var key = new string('k', 300);
        var json = $$"""
            { "resources": {
                "{{key}}": { "type": "parameter.v0", "value": "{{{key}}.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
                "api": { {{Nginx}}, "env": { "KEY": "{{{key}}.value}" } } } }
            """;

        var error = Refused(ErrorCodes.InvalidGeneratedName, json);

        Assert.Contains("1 to 253 characters", error.Message);
    }

    [Fact]
    public void An_env_name_with_an_equals_sign_is_KUBEAI3032()
    {
        var error = Refused(ErrorCodes.InvalidGeneratedName, $$"""{ "resources": { "api": { {{Nginx}}, "env": { "A=B": "v" } } } }""");

        Assert.Contains("env name 'A=B'", error.Message);
    }

    [Fact]
    public void A_control_character_kustomize_cannot_read_is_KUBEAI1071()
    {
        var error = Refused(ErrorCodes.UnwritableCharacter, $$"""{ "resources": { "api": { {{Nginx}}, "args": [ "a\u007fb" ] } } }""");

        Assert.Contains("U+007F", error.Message);
        Assert.Contains("args[0]", error.Message);
    }

    [Theory]
    [InlineData("""{ "resources": {} }""")]
    [InlineData("""{ "resources": { "p": { "type": "parameter.v0", "value": "{p.inputs.value}", "inputs": { "value": { "type": "string" } } } } }""")]
    public void An_app_model_with_nothing_to_deploy_is_KUBEAI1070(string json)
    {
        Refused(ErrorCodes.EmptyAppModel, json);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("___")]
    [InlineData("123")]
    [InlineData("a--b")]
    [InlineData("port-")]
    public void Binding_names_always_make_valid_port_names(string binding)
    {
        var app = Inline.Generate($$"""{ "resources": { "api": { {{Nginx}}, "bindings": { "{{binding}}": { "scheme": "http", "targetPort": 8080 } } } } }""");

        var port = Inline.Single<V1Deployment>(app, "api").Spec.Template.Spec.Containers[0].Ports.Single();
        Assert.Null(KubernetesNames.CheckPortName(port.Name));
    }

    [Theory]
    [InlineData("queue", "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")]
    [InlineData("queue", "Team-A")]
    [InlineData("kueuePriorityClass", "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh")]
    [InlineData("priorityClassName", "Bad")]
    public void Kueue_and_priority_names_that_cannot_be_names_and_labels_are_KUBEAI4008(string key, string value)
    {
        var job = key == "queue" ? $$"""{ "queue": "{{value}}" }""" : $$"""{ "queue": "team-a", "{{key}}": "{{value}}" }""";
        var json = $$"""{ "resources": { "k8s": { "type": "kubeai.environment.v0" }, "train": { {{Nginx}}, "deployment": { "kind": "TrainingJob", "trainingJob": {{job}} } } } }""";

        var error = Refused(ErrorCodes.InvalidTrainingSetting, json);

        Assert.EndsWith($"trainingJob.{key}", error.Origin);
    }

    [Theory]
    [InlineData("1g.10gb", true)]
    [InlineData("7g.80gb", true)]
    [InlineData("8g.10gb", false)]
    [InlineData("1g.10gb+me", false)]
    [InlineData("1g.0gb", false)]
    [InlineData("1g10gb", false)]
    [InlineData("1g.10gb\n", false)]
    public void Mig_profiles_follow_one_rule(string profile, bool valid)
    {
        Assert.Equal(valid, KubernetesNames.IsMigProfile(profile));
    }

    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("2Gi", 2147483648d)]
    [InlineData("1e3", 1000)]
    [InlineData("+1Ki", 1024)]
    public void Quantities_parse_and_compare_by_value(string text, double value)
    {
        Assert.Equal(value, Quantities.ValueOf(text), 6);
        Assert.Equal(0, Quantities.Compare("1Gi", "1024Mi"));
        Assert.True(Quantities.Compare("1Gi", "1000Mi") > 0);
    }

    [Theory]
    [InlineData("1Gi\n")]
    [InlineData(" 1Gi")]
    [InlineData("1,5")]
    [InlineData("١")]
    public void Quantities_are_checked_exactly_not_leniently(string text)
    {
        Assert.False(Quantities.IsQuantity(text));
    }

    [Theory]
    [InlineData("api\n")]
    [InlineData("api.")]
    public void Names_with_a_trailing_newline_or_dot_are_not_dns_names(string name)
    {
        Assert.False(KubernetesNames.IsDnsSubdomain(name));
        Assert.False(KubernetesNames.IsDnsLabel(name));
    }
}
