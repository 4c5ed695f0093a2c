using KubeAiApp._1.Api;
using KubeAiApp._1.Model;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(ModelStore.FromConnectionString(builder.Configuration.GetConnectionString("models")));
builder.Services.AddSingleton<NewestModel>();
builder.Services.AddHealthChecks().AddCheck<ModelStoreHealthCheck>("model-store");

var app = builder.Build();

app.MapGet("/", async (NewestModel newest, CancellationToken cancellationToken) =>
{
    var model = await newest.GetAsync(cancellationToken);
    return Results.Ok(new { service = "inference-api", model = model is null ? null : new { model.Id, model.Name, model.Accuracy, model.CreatedAt } });
});

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

app.MapDefaultEndpoints();
app.Run();

/// <summary>The body of POST /predict.</summary>
public sealed record PredictRequest(string Text);

/// <summary>What POST /predict answers: the label, the probability of "positive", and which model said so.</summary>
public sealed record Prediction(string Label, double Score, long ModelVersion);
