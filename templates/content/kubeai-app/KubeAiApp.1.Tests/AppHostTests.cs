using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KubeAiApp._1.Tests;

/// <summary>
/// Runs the whole app host locally, as `dotnet run` does: the trainer trains and exits 0, then
/// the API serves the model it stored in the `models` database.
/// </summary>
public sealed class AppHostTests
{
    [Fact]
    public async Task The_trainer_completes_and_the_api_serves_its_model()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Plain HTTP locally: no HTTPS development certificate is needed.
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KubeAiApp__1_AppHost>(
            ["--launch-profile", "http"], (options, _) => options.DisableDashboard = true, timeout.Token);

        await using var app = await builder.BuildAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await app.StartAsync(timeout.Token);

        var trainer = await notifications.WaitForResourceAsync(
            "trainer",
            e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart",
            timeout.Token);
        Assert.Equal(0, trainer.Snapshot.ExitCode);

        await notifications.WaitForResourceHealthyAsync("inference-api", timeout.Token);
        using var http = app.CreateHttpClient("inference-api", "http");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive", timeout.Token)).StatusCode);

        using var positive = await http.PostAsJsonAsync("/predict", new { text = "I love it, great quality" }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, positive.StatusCode);
        Assert.Equal("positive", (await positive.Content.ReadFromJsonAsync<PredictionBody>(timeout.Token))?.Label);

        using var negative = await http.PostAsJsonAsync("/predict", new { text = "terrible and broken, a waste of money" }, timeout.Token);
        Assert.Equal("negative", (await negative.Content.ReadFromJsonAsync<PredictionBody>(timeout.Token))?.Label);

        await app.StopAsync(timeout.Token);
    }

    private sealed record PredictionBody(string Label, double Score, long ModelVersion);
}
