using SentimentPlatform.Api;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<ServedModel>();
builder.Services.AddHostedService<ModelPoller>();
var app = builder.Build();

// Liveness: the process answers. Readiness/startup: a model is loaded.
app.MapGet("/alive", () => Results.Text("alive"));
app.MapGet("/healthz", (ServedModel served) => served.Current is { } model
    ? Results.Ok(new { status = "ready", modelVersion = model.Version, validationAccuracy = model.ValidationAccuracy })
    : Results.Json(new { status = "no model yet" }, statusCode: StatusCodes.Status503ServiceUnavailable));

// The label and the probability the model gives that label.
app.MapPost("/predict", (PredictRequest request, ServedModel served) =>
{
    if (string.IsNullOrWhiteSpace(request.Text))
    {
        return Results.BadRequest(new { error = "give the sentence to classify as \"text\"" });
    }

    if (served.Current is not { } model)
    {
        return Results.Json(new { error = "no trained model yet" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    var positive = model.Model.Predict(request.Text);
    return positive >= 0.5
        ? Results.Ok(new PredictResponse("positive", Math.Round(positive, 4), model.Version))
        : Results.Ok(new PredictResponse("negative", Math.Round(1 - positive, 4), model.Version));
});

app.Run();

/// <summary>POST /predict body.</summary>
public sealed record PredictRequest(string? Text);

/// <summary>POST /predict answer: the label, the probability of that label, and the model version that gave it.</summary>
public sealed record PredictResponse(string Label, double Probability, int ModelVersion);
