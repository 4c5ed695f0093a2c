using Aspire.Hosting.KubeAi;

// What a user writes for an API and a worker sharing a Redis cache.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddKubeAiEnvironment("k8s").WithNamespace("redis-app");

var apiKey = builder.AddParameter("api-key", secret: true);
var featureFlags = builder.AddParameter("feature-flags");

var cache = builder.AddRedis("cache");

var api = builder.AddProject<Projects.Redis_Api>("api")
    .WithReference(cache)
    .WaitFor(cache)
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("FEATURE_FLAGS", featureFlags)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http");

builder.AddProject<Projects.Redis_Worker>("worker")
    .WithReference(cache)
    .WithReference(api)
    .WaitFor(cache)
    .WithEnvironment("API_KEY", apiKey);

builder.Build().Run();
