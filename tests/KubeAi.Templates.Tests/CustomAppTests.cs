using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>
/// `dotnet new kubeai-app` with every option away from its default: no database server (SQLite),
/// two workers with a GPU each, an explicit registry path, namespace and KubeAi version.
/// </summary>
public sealed class CustomApp : GeneratedSolution
{
    public const string RepositoryPrefix = "kubeai-template-tests/contoso";

    public CustomApp()
        : base(
            "Contoso.Sentiment",
            "--database", "none", "--workers", "2", "--gpus", "1",
            "--registry", $"{LocalRegistry.Address}/{RepositoryPrefix}", "--namespace", "ml-team",
            "--kubeai-version", LocalFeed.PackageVersion, "--no-restore")
    {
    }
}

public sealed class CustomAppTests(CustomApp app) : IClassFixture<CustomApp>
{
    [Fact]
    public void Options_reach_the_app_host()
    {
        Assert.True(app.Instantiation.ExitCode == 0, app.Instantiation.Output);
        Assert.Contains(".WithWorkers(2)", app.GeneratedAppHost);
        Assert.Contains(".WithGpus(1)", app.GeneratedAppHost);
        Assert.Contains(""".WithNamespace("ml-team")""", app.GeneratedAppHost);
        Assert.Contains($""".WithRegistry("{LocalRegistry.Address}/{CustomApp.RepositoryPrefix}")""", app.GeneratedAppHost);
        Assert.Contains("Data Source=", app.GeneratedAppHost);
        Assert.DoesNotContain("Postgres", app.GeneratedAppHost);
        Assert.DoesNotContain("PostgreSQL", app.GeneratedAppHostProject);
        Assert.Contains($"<KubeAiVersion>{LocalFeed.PackageVersion}</KubeAiVersion>", app.GeneratedPackages);
        // --no-restore: the post action is left to the user, with the command to run.
        Assert.DoesNotContain("Restore succeeded", app.Instantiation.StdOut);
    }

    [Fact]
    public void The_solution_builds_with_warnings_as_errors()
    {
        Assert.True(app.Build.ExitCode == 0, app.Build.Output);
        Assert.Contains("0 Warning(s)", app.Build.StdOut);
    }

    [Fact]
    public void Publish_writes_an_indexed_gpu_training_job_in_the_namespace()
    {
        Assert.True(app.Publish.ExitCode == 0, app.Publish.Output);
        Assert.Contains("KubeAi: 2 workload(s)", app.Publish.StdOut);
        PublishedTree.AssertProjectImagesPushed(app.Kubernetes, CustomApp.RepositoryPrefix, "inference-api", "trainer");

        var rendered = PublishedTree.AssertValid(app.Kubernetes);
        Assert.Contains("namespace: ml-team", rendered);
        var job = File.ReadAllText(Path.Combine(app.Kubernetes, "base", "trainer", "job.yaml"));
        Assert.Contains("completionMode: Indexed", job);
        Assert.Contains("completions: 2", job);
        Assert.Contains("parallelism: 2", job);
        Assert.Contains("nvidia.com/gpu: \"1\"", job);
        Assert.Contains("MASTER_ADDR", job);
        // A plain setting: in the trainer's ConfigMap, not a Secret.
        Assert.Contains("ConnectionStrings__models: Data Source=/tmp/models.db", File.ReadAllText(Path.Combine(app.Kubernetes, "base", "trainer", "configmap.yaml")));
    }

    [Fact]
    public void The_generated_tests_run_the_app_host_with_SQLite()
    {
        Assert.True(app.Build.ExitCode == 0, app.Build.Output);

        var test = app.Test();

        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("Passed!", test.StdOut);
    }

    [Fact]
    public async Task Two_trainer_ranks_average_gradients_over_TCP_and_rank_0_stores_one_model()
    {
        Assert.True(app.Build.ExitCode == 0, app.Build.Output);
        var trainer = Path.Combine(app.Directory, "Contoso.Sentiment.Trainer", "bin", "Release", "net10.0", "Contoso.Sentiment.Trainer.dll");
        var database = Path.Combine(app.Root, "two-ranks.db");
        var port = Podman.FreePort();
        var dotnet = ProcessRunner.Which("dotnet") ?? "dotnet";
        Dictionary<string, string?> Rank(int rank) => new()
        {
            ["RANK"] = rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WORLD_SIZE"] = "2",
            ["MASTER_ADDR"] = "127.0.0.1",
            ["MASTER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings__models"] = $"Data Source={database}",
        };

        var ranks = Enumerable.Range(0, 2)
            .Select(rank => Task.Run(() => ProcessRunner.Run(dotnet, [trainer], app.Root, Rank(rank), TimeSpan.FromMinutes(3))))
            .ToArray();
        var results = await Task.WhenAll(ranks);

        var master = results[0];
        var worker = results[1];
        Assert.True(master.ExitCode == 0, master.Output);
        Assert.True(worker.ExitCode == 0, worker.Output);
        Assert.Contains("1 worker(s) connected", master.StdOut);
        Assert.Contains("saved model version 1", master.StdOut);
        Assert.DoesNotContain("saved model", worker.StdOut);
        // Both ranks end with the same weights, so the same accuracy over all examples.
        var accuracy = master.StdOut.Split('\n').Single(l => l.Contains("done, training accuracy=", StringComparison.Ordinal));
        Assert.Contains(accuracy.Split("accuracy=")[1].Trim(), worker.StdOut);
    }
}
