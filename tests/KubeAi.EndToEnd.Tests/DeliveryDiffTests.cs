using KubeAi.Core.Delivery;
using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

/// <summary>`kubeai diff` over two real publishes of the ModelServing sample (the report the CLI prints is <see cref="TreeDifference.Lines"/>).</summary>
public sealed class DeliveryDiffTests
{
    [Fact]
    public void Two_publishes_that_differ_in_one_replica_count_differ_in_exactly_that_field()
    {
        var directory = SampleWorkspace.Copy("ModelServing");
        var (before, after) = (Path.Combine(directory, "k8s-before"), Path.Combine(directory, "k8s-after"));
        var first = SampleWorkspace.Publish(directory, "ModelServing.AppHost", "-p:KubeAiBuildImages=false", $"-p:KubeAiOutputPath={before}/");
        Assert.True(first.ExitCode == 0, first.Output);
        var program = Path.Combine(directory, "ModelServing.AppHost", "Program.cs");
        File.WriteAllText(program, File.ReadAllText(program).Replace("    .WithReplicas(2);", "    .WithReplicas(3);", StringComparison.Ordinal));

        var second = SampleWorkspace.Publish(directory, "ModelServing.AppHost", "-p:KubeAiBuildImages=false", $"-p:KubeAiOutputPath={after}/");
        Assert.True(second.ExitCode == 0, second.Output);

        var difference = TreeDiff.Compare(before, after);
        Assert.Equal(
            [
                "~ apps/v1 Deployment inference-api (base/inference-api/deployment.yaml)",
                "    spec.replicas: 2 -> 3",
                "kubeai diff: 1 changed, 0 added, 0 removed",
            ],
            difference.Lines());
        Assert.True(TreeDiff.Compare(before, before).Same);
    }
}
