using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Delivery;

/// <summary>Environments travel from MSBuild to the app host's publish step in the publish options file, unchanged.</summary>
public sealed class PublishOptionsEnvironmentTests
{
    [Fact]
    public void Environments_and_the_selected_one_round_trip_through_the_options_file()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-options"), "publish-options.json");
        var environments = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal)
        {
            ["prod"] = new()
            {
                Namespace = "ml-prod",
                ImageTag = "2.0.0",
                Workloads = new(StringComparer.Ordinal) { ["api"] = new() { Replicas = 4, Resources = new() { Limits = new() { Cpu = "2" } } } },
            },
        };
        new PublishOptionsFile { Environments = environments, Environment = "prod" }.Write(path);

        var read = PublishOptionsFile.Read(path);
        var options = read.ToGeneratorOptions(ManifestReader.Read("""{"resources":{}}""", "m.json"), "Ml.AppHost", new Dictionary<string, string>(), _ => null);

        Assert.Equal("prod", options.Environment);
        Assert.Equal(environments["prod"].Workloads!["api"].Resources, options.Environments!["prod"].Workloads!["api"].Resources);
        Assert.Equal(4, options.Environments["prod"].Workloads!["api"].Replicas);
        Assert.Contains("\"environments\"", File.ReadAllText(path));
    }

    [Fact]
    public void An_environments_file_with_an_unknown_key_is_KUBEAI3050()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-options"), DeliveryEnvironments.FileName);
        File.WriteAllText(path, """{ "prod": { "replica": 4 } }""");

        var error = Assert.Throws<KubeAiException>(() => DeliveryEnvironments.ReadFile(path));

        Assert.Equal(ErrorCodes.InvalidEnvironmentDefinition, error.Code);
        Assert.Equal(path, error.Origin);
    }
}
