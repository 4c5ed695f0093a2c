// The HTTP API of the Containers test app: it reads what the app host hands it through configuration
// (connection strings, service URLs, parameters) and says which settings arrived, never their values.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
var app = builder.Build();

string[] settings = ["ConnectionStrings:mongo", "ConnectionStrings:mysql", "KAFKA_BOOTSTRAP", "NATS_URL", "ELASTICSEARCH_URL", "QDRANT_URL", "KEYCLOAK_URL", "SEQ_URL", "OLLAMA_URL", "API_KEY", "FEATURE_FLAGS"];
app.MapGet("/", (IConfiguration configuration) => Results.Ok(new
{
    service = "containers-api",
    configured = settings.Where(key => !string.IsNullOrEmpty(configuration[key])).ToArray(),
    missing = settings.Where(key => string.IsNullOrEmpty(configuration[key])).ToArray(),
}));
app.MapGet("/work/{id:int}", (int id) => Results.Ok(new { id, status = "queued" }));

// Readiness and liveness: the process answers; the backing services are the worker's concern.
app.MapHealthChecks("/healthz");
app.MapHealthChecks("/alive");

app.Run();
