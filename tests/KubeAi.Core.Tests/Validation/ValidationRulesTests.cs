using KubeAi.Core.AppModel;
using KubeAi.Validation;
using YamlDotNet.Core;

namespace KubeAi.Core.Tests.Validation;

public sealed class ValidationRulesTests
{
    [Theory]
    [InlineData("", "Null")]
    [InlineData("~", "Null")]
    [InlineData("null", "Null")]
    [InlineData("true", "Boolean")]
    [InlineData("False", "Boolean")]
    [InlineData("yes", "String")]
    [InlineData("8080", "Integer")]
    [InlineData("-12", "Integer")]
    [InlineData("0x1F", "Integer")]
    [InlineData("0o17", "Integer")]
    [InlineData("0644", "Integer")]
    [InlineData("1.5", "Float")]
    [InlineData("1e3", "Float")]
    [InlineData(".5", "Float")]
    [InlineData("-.inf", "Float")]
    [InlineData(".NaN", "Float")]
    [InlineData("1.2.3", "String")]
    [InlineData("250m", "String")]
    [InlineData("nginx", "String")]
    [InlineData("25%", "String")]
    [InlineData("1e", "String")]
    [InlineData("-", "String")]
    public void Plain_scalars_resolve_like_yaml_1_2_core_schema(string text, string expected)
    {
        Assert.Equal(expected, YamlScalars.Resolve(text, ScalarStyle.Plain).ToString());
    }

    [Theory]
    [InlineData(ScalarStyle.SingleQuoted)]
    [InlineData(ScalarStyle.DoubleQuoted)]
    [InlineData(ScalarStyle.Literal)]
    [InlineData(ScalarStyle.Folded)]
    public void Quoted_and_block_scalars_are_strings(ScalarStyle style)
    {
        Assert.Equal(YamlValueKind.String, YamlScalars.Resolve("8080", style));
        Assert.Equal(YamlValueKind.String, YamlScalars.Resolve("true", style));
        Assert.Equal(YamlValueKind.String, YamlScalars.Resolve("", style));
    }

    [Fact]
    public void Explicit_tags_win()
    {
        SchemaValidatorTests.AssertValid("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  port: !!str 8080\n  flag: ! true\n");
        SchemaValidatorTests.AssertSingle("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  port: !custom 8080\n",
            "data[port]", "unsupported YAML value");
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("500m", 0.5)]
    [InlineData("1.5", 1.5)]
    [InlineData("2Gi", 2147483648)]
    [InlineData("128974848", 128974848)]
    [InlineData("129e6", 129000000)]
    [InlineData("129M", 129000000)]
    [InlineData("1k", 1000)]
    [InlineData("+1Ki", 1024)]
    [InlineData("-1", -1)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("100n", 100e-9)]
    [InlineData("1E-3", 0.001)]
    public void Valid_quantities_parse(string text, double expected)
    {
        Assert.True(Quantities.TryParseValue(text, out var value));
        Assert.Equal(expected, value, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("1K")]
    [InlineData("1ki")]
    [InlineData("1 Gi")]
    [InlineData("Gi")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1e1.5")]
    [InlineData("1GiB")]
    [InlineData("0x10")]
    public void Invalid_quantities_are_rejected(string text)
    {
        Assert.False(Quantities.TryParseValue(text, out _));
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("app.kubernetes.io/name", true)]
    [InlineData("A_b.c-1", true)]
    [InlineData("example.com/", false)]
    [InlineData("/name", false)]
    [InlineData("-app", false)]
    [InlineData("app-", false)]
    [InlineData("Example.com/app", false)]
    [InlineData("a/b/c", false)]
    [InlineData("my app", false)]
    public void Label_keys_are_qualified_names(string key, bool valid)
    {
        Assert.Equal(valid, KubernetesNames.CheckQualifiedName(key) is null);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("v1.2.3", true)]
    [InlineData("My_Value", true)]
    [InlineData("a b", false)]
    [InlineData("_x", false)]
    [InlineData("x/y", false)]
    public void Label_values_follow_kubernetes_rules(string value, bool valid)
    {
        Assert.Equal(valid, KubernetesNames.CheckLabelValue(value) is null);
    }

    [Fact]
    public void Label_value_length_is_limited_to_63()
    {
        Assert.Null(KubernetesNames.CheckLabelValue(new string('a', 63)));
        Assert.NotNull(KubernetesNames.CheckLabelValue(new string('a', 64)));
    }

    [Theory]
    [InlineData("api", true, true, true)]
    [InlineData("api.v1", true, false, false)]
    [InlineData("1api", true, true, false)]
    [InlineData("Api", false, false, false)]
    [InlineData("api-", false, false, false)]
    [InlineData("a..b", false, false, false)]
    public void Dns_names(string name, bool subdomain, bool label1123, bool label1035)
    {
        Assert.Equal(subdomain, KubernetesNames.IsDnsSubdomain(name));
        Assert.Equal(label1123, KubernetesNames.IsDns1123Label(name));
        Assert.Equal(label1035, KubernetesNames.IsDns1035Label(name));
    }

    [Fact]
    public void Every_builtin_enum_entry_targets_a_real_property()
    {
        // Loading the built-in schemas applies the enum table and throws on an entry that matches nothing.
        var definitions = SchemaCatalog.Instance.Definitions;
        foreach (var (definition, property, values) in BuiltinEnums.Entries)
        {
            var node = definitions[definition].Properties![property.TrimEnd('[', ']')];
            var target = property.EndsWith("[]", StringComparison.Ordinal) ? node.Items! : node;
            Assert.Equal(values.Length, target.Enum!.Length);
        }
    }

    [Fact]
    public void Every_embedded_crd_kind_is_known()
    {
        string[] kinds =
        [
            "jobset.x-k8s.io/v1alpha2 JobSet", "kubeflow.org/v1 PyTorchJob", "trainer.kubeflow.org/v1alpha1 TrainJob",
            "trainer.kubeflow.org/v1alpha1 TrainingRuntime", "trainer.kubeflow.org/v1alpha1 ClusterTrainingRuntime",
            "kueue.x-k8s.io/v1beta1 LocalQueue", "kueue.x-k8s.io/v1beta2 LocalQueue", "kueue.x-k8s.io/v1beta2 ClusterQueue",
            "kueue.x-k8s.io/v1beta2 ResourceFlavor", "kueue.x-k8s.io/v1beta2 WorkloadPriorityClass",
            "serving.kserve.io/v1beta1 InferenceService", "serving.kserve.io/v1alpha1 ServingRuntime",
            "serving.kserve.io/v1alpha1 ClusterServingRuntime", "keda.sh/v1alpha1 ScaledObject",
        ];
        foreach (var entry in kinds)
        {
            var (apiVersion, kind) = (entry.Split(' ')[0], entry.Split(' ')[1]);
            var (group, version) = (apiVersion.Split('/')[0], apiVersion.Split('/')[1]);
            var schema = SchemaCatalog.Instance.Find(group, version, kind);
            Assert.True(schema is { IsCustomResource: true }, $"{entry} is not known");
        }
    }
}
