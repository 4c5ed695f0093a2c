// Add to the app host's Program.cs (and a ProjectReference to this project):
//   builder.AddProject<Projects.KubeAiInference__1>("KubeAiResourceName").WithReference(models).WithHttpHealthCheck("/healthz", endpointName: "http").WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http");
using KubeAiApp._1.Api;
using KubeAiApp._1.Model;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(ModelStore.FromConnectionString(builder.Configuration.GetConnectionString("models")));
builder.Services.AddSingleton<NewestModel>();
builder.Services.AddHealthChecks()
    .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
    .AddCheck<ModelStoreHealthCheck>("model-store");

var app = builder.Build();

app.MapPost("/predict", async (PredictRequest request, NewestModel newest, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Text))
    {
        return Results.BadRequest(new { error = "text is required" });
    }

    var model = await newest.GetAsync(cancellationToken);
    if (model is null)
    {
        return Results.Problem("no model has been trained yet: run the trainer", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    var probability = model.Model.Probability(request.Text);
    return Results.Ok(new Prediction(probability >= 0.5 ? "positive" : "negative", Math.Round(probability, 4), model.Id));
});

// Readiness (every check, the model store included) and liveness (the process answers): the generated probes call them.
app.MapHealthChecks("/healthz");
app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
app.Run();

/// <summary>The body of POST /predict.</summary>
public sealed record PredictRequest(string Text);

/// <summary>What POST /predict answers: the label, the probability of "positive", and which model said so.</summary>
public sealed record Prediction(string Label, double Score, long ModelVersion);
