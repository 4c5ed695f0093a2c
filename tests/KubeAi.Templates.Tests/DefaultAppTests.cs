using System.Text.RegularExpressions;
using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>
/// `dotnet new kubeai-app -n Acme.Ai` with its defaults (PostgreSQL, one worker, no GPU), then one
/// inference service and one training worker added with kubeai-inference and kubeai-trainer and
/// wired in with the line each template prints: built, published and run as one solution.
/// </summary>
public sealed class DefaultApp : GeneratedSolution
{
    public DefaultApp()
        : base("Acme.Ai")
    {
    }

    public ProcessResult? Inference { get; private set; }

    public ProcessResult? Trainer { get; private set; }

    protected override void Extend()
    {
        Inference = TemplateHive.New(Directory, "kubeai-inference", "-n", "Acme.Ai.Ranker", "-o", "Acme.Ai.Ranker");
        Trainer = TemplateHive.New(Directory, "kubeai-trainer", "-n", "Acme.Ai.Retrainer", "-o", "Acme.Ai.Retrainer");
        if (Inference.ExitCode != 0 || Trainer.ExitCode != 0)
        {
            return;
        }

        // As a user follows the printed instructions: into the solution, referenced by the app host,
        // and the line from the top of each new project added to the app host's Program.cs.
        var appHost = Path.Combine(Directory, "Acme.Ai.AppHost", "Acme.Ai.AppHost.csproj");
        foreach (var project in new[] { "Acme.Ai.Ranker/Acme.Ai.Ranker.csproj", "Acme.Ai.Retrainer/Acme.Ai.Retrainer.csproj" })
        {
            TemplateHive.Dotnet(Directory, ["sln", "Acme.Ai.slnx", "add", project], TimeSpan.FromMinutes(2));
            TemplateHive.Dotnet(Directory, ["add", appHost, "reference", project], TimeSpan.FromMinutes(2));
        }

        var lines = new[] { Read("Acme.Ai.Ranker/Program.cs"), Read("Acme.Ai.Retrainer/Acme.Ai.Retrainer.csproj") }
            .Select(text => AppHostLine().Match(text).Value.Trim())
            .ToList();
        var program = Path.Combine(Directory, "Acme.Ai.AppHost", "Program.cs");
        File.WriteAllText(program, File.ReadAllText(program).Replace("builder.Build().Run();", string.Join('\n', lines) + "\n\nbuilder.Build().Run();", StringComparison.Ordinal));
    }

    internal static Regex AppHostLine() => new(@"builder\.Add(Project|TrainingJob)<Projects\.[A-Za-z0-9_]+>\(""[a-z0-9-]+""\)[^\r\n]*;");
}

public sealed class DefaultAppTests(DefaultApp app) : IClassFixture<DefaultApp>
{
    [Fact]
    public void Help_shows_every_option()
    {
        var help = TemplateHive.New(app.Root, "kubeai-app", "-h");

        Assert.True(help.ExitCode == 0, help.Output);
        foreach (var option in new[] { "--gpus", "--workers", "--registry", "--namespace", "--database", "--kubeai-version", "--kubeai-feed", "--base-image", "--no-restore" })
        {
            Assert.Contains(option, help.StdOut);
        }

        Assert.Contains("postgres", help.StdOut);
        Assert.Contains($"Default: {LocalFeed.PackageVersion}", help.StdOut);
    }

    [Fact]
    public void Install_lists_the_three_templates()
    {
        foreach (var shortName in new[] { "kubeai-app", "kubeai-inference", "kubeai-trainer" })
        {
            Assert.Contains(shortName, TemplateHive.InstallResult.StdOut);
        }
    }

    [Fact]
    public void Defaults_name_the_pack_version_the_app_namespace_and_registry()
    {
        Assert.True(app.Instantiation.ExitCode == 0, app.Instantiation.Output);
        Assert.Contains($"<KubeAiVersion>{LocalFeed.PackageVersion}</KubeAiVersion>", app.GeneratedPackages);
        Assert.Contains("""<PackageVersion Include="KubeAi.Hosting" Version="$(KubeAiVersion)" />""", app.GeneratedPackages);
        Assert.Contains(""".WithNamespace("acme-ai")""", app.GeneratedAppHost);
        Assert.Contains(""".WithRegistry("localhost:5000/acme-ai")""", app.GeneratedAppHost);
        Assert.Contains(".WithWorkers(1)", app.GeneratedAppHost);
        Assert.DoesNotContain("WithGpus", app.GeneratedAppHost);
        Assert.Contains("""AddPostgres("postgres")""", app.GeneratedAppHost);
        Assert.Contains("""<PackageReference Include="Aspire.Hosting.PostgreSQL" />""", app.GeneratedAppHostProject);
        Assert.Contains("AddProject<Projects.Acme_Ai_Api>", app.GeneratedAppHost);
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", app.Read("Directory.Build.props"));
        Assert.Contains(LocalFeed.Directory, app.Read("nuget.config"));
        // The restore post action ran (the default) and said what to run next.
        Assert.Contains("Restore succeeded", app.Instantiation.StdOut);
        Assert.Contains("dotnet publish <name>.AppHost", app.Instantiation.StdOut);
        // No template token is left anywhere.
        foreach (var file in Directory.EnumerateFiles(app.Directory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            Assert.DoesNotMatch("KUBEAI_[A-Z_]+|KubeAiApp|KubeAiInference|KubeAiTrainer|KubeAiResourceName|KubeAiWorkerCount|KubeAiGpuCount", File.ReadAllText(file));
        }
    }

    [Fact]
    public void The_one_project_templates_print_the_line_for_the_app_host()
    {
        Assert.True(app.Inference!.ExitCode == 0, app.Inference.Output);
        Assert.True(app.Trainer!.ExitCode == 0, app.Trainer.Output);
        Assert.Contains("""builder.AddProject<Projects.NAME>("RESOURCE")""", app.Inference.StdOut);
        Assert.Contains("""builder.AddTrainingJob<Projects.NAME>("RESOURCE")""", app.Trainer.StdOut);
        Assert.Contains("""builder.AddProject<Projects.Acme_Ai_Ranker>("acme-ai-ranker")""", app.Read("Acme.Ai.Ranker/Program.cs"));
        Assert.Contains("""builder.AddTrainingJob<Projects.Acme_Ai_Retrainer>("acme-ai-retrainer")""", app.Read("Acme.Ai.Retrainer/Acme.Ai.Retrainer.csproj"));
        Assert.Contains("namespace Acme.Ai.Ranker.Model;", app.Read("Acme.Ai.Ranker/Model/ModelStore.cs"));
        Assert.Contains("namespace Acme.Ai.Retrainer;", app.Read("Acme.Ai.Retrainer/GradientAverager.cs"));
    }

    [Fact]
    public void The_solution_builds_with_warnings_as_errors()
    {
        Assert.True(app.Build.ExitCode == 0, app.Build.Output);
        Assert.Contains("0 Warning(s)", app.Build.StdOut);
    }

    [Fact]
    public void Publish_pushes_pinned_images_and_writes_valid_manifests_and_a_training_job()
    {
        Assert.True(app.Publish.ExitCode == 0, app.Publish.Output);
        Assert.Contains("KubeAi: 5 workload(s)", app.Publish.StdOut);
        PublishedTree.AssertProjectImagesPushed(app.Kubernetes, "acme-ai", "inference-api", "trainer", "acme-ai-ranker", "acme-ai-retrainer");

        var rendered = PublishedTree.AssertValid(app.Kubernetes);
        Assert.Contains("namespace: acme-ai", rendered);
        Assert.Contains("kind: StatefulSet", rendered);
        var job = File.ReadAllText(Path.Combine(app.Kubernetes, "base", "trainer", "job.yaml"));
        Assert.Contains("kind: Job", job);
        Assert.Contains("Database=models", job);
        Assert.Contains("$(KUBEAI_SECRET_POSTGRES_PASSWORD)", job);
        Assert.DoesNotContain("test-value", File.ReadAllText(Path.Combine(app.Kubernetes, "base", "secrets.env.template")));
    }

    [PostgresFact]
    public void The_generated_tests_run_the_app_host_against_PostgreSQL()
    {
        Assert.True(app.Build.ExitCode == 0, app.Build.Output);
        using var postgres = LocalPostgres.Start();

        var test = app.Test(new Dictionary<string, string?> { ["ConnectionStrings__models"] = postgres.ConnectionString });

        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("Passed!", test.StdOut);
    }
}
