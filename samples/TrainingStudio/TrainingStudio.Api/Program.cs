using TrainingStudio.Api;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.Services.AddSingleton(new SentimentModel(builder.Configuration["MODEL_NAME"] ?? "sentiment-logreg-v1"));

var app = builder.Build();

app.MapGet("/", (SentimentModel model) => Results.Ok(new { service = "inference-api", model = model.Name }));
app.MapPost("/predict", (PredictRequest request, SentimentModel model) =>
    string.IsNullOrWhiteSpace(request.Text)
        ? Results.BadRequest(new { error = "text is required" })
        : Results.Ok(model.Predict(request.Text)));

// Readiness (the model is loaded) and liveness (the process answers).
app.MapHealthChecks("/healthz");
app.MapHealthChecks("/alive");

app.Run();
