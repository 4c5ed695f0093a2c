using Aspire.Hosting.KubeAi;

// The app a new user writes on day one (issue 9): an inference API, a background worker and a
// two-worker training job over PostgreSQL, Redis and RabbitMQ, with a secret API key.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddKubeAiEnvironment("k8s").WithNamespace("newcomer");

var apiKey = builder.AddParameter("api-key", secret: true);

var postgres = builder.AddPostgres("postgres");
var appdb = postgres.AddDatabase("appdb");
var cache = builder.AddRedis("cache");
var messaging = builder.AddRabbitMQ("messaging");

var api = builder.AddProject<Projects.Newcomer_Api>("api")
    .WithReference(appdb)
    .WithReference(cache)
    .WithReference(messaging)
    .WaitFor(appdb)
    .WaitFor(cache)
    .WithEnvironment("API_KEY", apiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http");

builder.AddProject<Projects.Newcomer_Worker>("worker")
    .WithReference(appdb)
    .WithReference(messaging)
    .WaitFor(messaging)
    .WithEnvironment("API_KEY", apiKey);

builder.AddTrainingJob<Projects.Newcomer_Trainer>("trainer")
    .WithReference(appdb)
    .WithReference(api)
    .WithWorkers(2)
    .WithCheckpoints("5Gi")
    .WithBackoffLimit(2)
    .WithDeadline(TimeSpan.FromHours(2));

builder.Build().Run();
