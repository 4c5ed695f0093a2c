using Aspire.Hosting.KubeAi;

// What a user writes for an Orleans cluster on Redis: the API is a silo (it hosts grains and
// answers HTTP), the worker is an Orleans client without endpoints.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddKubeAiEnvironment("k8s").WithNamespace("orleans-app");

var apiKey = builder.AddParameter("api-key", secret: true);
var featureFlags = builder.AddParameter("feature-flags");

var redis = builder.AddRedis("orleans-redis");
var orleans = builder.AddOrleans("cluster")
    .WithClustering(redis)
    .WithGrainStorage("Default", redis);

builder.AddProject<Projects.Orleans_Api>("api")
    .WithReference(orleans)
    .WaitFor(redis)
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("FEATURE_FLAGS", featureFlags)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http")
    .WithReplicas(3);

builder.AddProject<Projects.Orleans_Worker>("worker")
    .WithReference(orleans.AsClient())
    .WaitFor(redis)
    .WithEnvironment("API_KEY", apiKey);

builder.Build().Run();
