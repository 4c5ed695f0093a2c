using Aspire.Hosting.KubeAi;

// What a user writes for an API that queues work on RabbitMQ and a worker that consumes it.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddKubeAiEnvironment("k8s").WithNamespace("rabbitmq-app");

var apiKey = builder.AddParameter("api-key", secret: true);
var featureFlags = builder.AddParameter("feature-flags");

var messaging = builder.AddRabbitMQ("messaging")
    .WithManagementPlugin()
    .WithDataVolume();

builder.AddProject<Projects.RabbitMQ_Api>("api")
    .WithReference(messaging)
    .WaitFor(messaging)
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("FEATURE_FLAGS", featureFlags)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http");

builder.AddProject<Projects.RabbitMQ_Worker>("worker")
    .WithReference(messaging)
    .WaitFor(messaging)
    .WithEnvironment("API_KEY", apiKey)
    .WithReplicas(2);

builder.Build().Run();
