using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

/// <summary>
/// The training environment contract end to end: the ModelServing trainer image, as KubeAi
/// builds and pins it, run twice against one checkpoint folder. The first run stops after 5
/// epochs and leaves <c>checkpoint.json</c> under <c>KUBEAI_CHECKPOINT_DIR</c>; the second
/// resumes at epoch 5 and finishes epoch 10, as a retried Job pod would.
/// </summary>
public sealed class TrainerCheckpointTests
{
    // The uid the .NET chiseled/non-root images run as (APP_UID), as in the cluster.
    private const string TrainerUser = "1654";

    [Fact]
    public void A_second_run_resumes_from_the_checkpoint_of_the_first()
    {
        var sample = SampleWorkspace.Copy("ModelServing");
        var publish = SampleWorkspace.Publish(sample, "ModelServing.AppHost", "-p:KubeAiBuildImages=true");
        Assert.True(publish.ExitCode == 0, publish.Output);
        var kubernetes = Path.Combine(sample, "ModelServing.AppHost", "bin", "Release", "net10.0", "publish", "kubernetes");
        var image = SampleWorkspace.PinnedImages(kubernetes).Single(i => i.Contains("/trainer:", StringComparison.Ordinal));

        var checkpoints = RepoPaths.NewTempDirectory("kubeai-e2e-checkpoints");
        // The trainer runs as a non-root uid: the bind-mounted folder must be writable for it.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(checkpoints, (UnixFileMode)0b111_111_111);
        }

        var first = Train(image, checkpoints, epochs: 5);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("trainer: epoch 5/5", first.StdOut);
        Assert.DoesNotContain("resumed from checkpoint", first.StdOut);
        var checkpoint = Path.Combine(checkpoints, "train", "checkpoint.json");
        Assert.True(File.Exists(checkpoint), $"no checkpoint at {checkpoint}: {first.Output}");
        Assert.Contains("\"Epoch\":5", File.ReadAllText(checkpoint));

        var second = Train(image, checkpoints, epochs: 10);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("trainer: resumed from checkpoint at epoch 5", second.StdOut);
        Assert.DoesNotContain("trainer: epoch 5/10", second.StdOut);
        Assert.Contains("trainer: epoch 6/10", second.StdOut);
        Assert.Contains("trainer: epoch 10/10", second.StdOut);
        Assert.Contains("\"Epoch\":10", File.ReadAllText(checkpoint));
    }

    private static ProcessResult Train(string image, string checkpoints, int epochs) => Podman.Run(
        "run", "--rm", "--network", "host", "--user", TrainerUser,
        "-v", $"{checkpoints}:/checkpoints:Z",
        // The contract a single-worker Job sets (docs/training-jobs.md).
        "-e", "RANK=0",
        "-e", "WORLD_SIZE=1",
        "-e", "MASTER_ADDR=localhost",
        "-e", "MASTER_PORT=29500",
        "-e", "KUBEAI_CHECKPOINT_DIR=/checkpoints/train",
        "-e", $"TRAIN_EPOCHS={epochs}",
        image);
}
