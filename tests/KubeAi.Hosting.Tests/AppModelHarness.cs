using System.Text.Json;
using Aspire.Hosting;
using KubeAi.TestSupport;

namespace KubeAi.Hosting.Tests;

/// <summary>Builds an app model in publish mode in this process and runs one pipeline step over it.</summary>
internal static class AppModelHarness
{
    public static string SampleDirectory => Path.Combine(RepoPaths.Root, "samples", "TrainingStudio");

    public static string ApiProject => Path.Combine(SampleDirectory, "TrainingStudio.Api", "TrainingStudio.Api.csproj");

    public static string TrainerProject => Path.Combine(SampleDirectory, "TrainingStudio.Trainer", "TrainingStudio.Trainer.csproj");

    /// <summary>Runs the <c>publish-manifest</c> step and returns the manifest's <c>resources</c>.</summary>
    public static async Task<JsonElement> PublishManifestAsync(Action<IDistributedApplicationBuilder> configure)
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting");
        await RunStepAsync("publish-manifest", output, configure);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "aspire-manifest.json")));
        return document.RootElement.GetProperty("resources").Clone();
    }

    public static async Task RunStepAsync(string step, string output, Action<IDistributedApplicationBuilder> configure)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--step", step, "--output-path", output],
            DisableDashboard = true,
        });
        configure(builder);
        using var app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.RunAsync(timeout.Token);
    }

    /// <summary>The manifest's <c>deployment</c> object of one resource, as compact JSON.</summary>
    public static string Deployment(JsonElement resources, string name) =>
        JsonSerializer.Serialize(resources.GetProperty(name).GetProperty("deployment"));
}
