using Aspire.Hosting.KubeAi;

// What a user writes for an API and a worker over one PostgreSQL database.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddKubeAiEnvironment("k8s").WithNamespace("postgresql-app");

// A secret (its value comes from base/secrets.env at deploy time) and a plain setting with no
// value anywhere (it becomes a deploy-time input).
var apiKey = builder.AddParameter("api-key", secret: true);
var featureFlags = builder.AddParameter("feature-flags");

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var appdb = postgres.AddDatabase("appdb");

// The reporting database is a managed cloud server in production: a container locally, nothing
// deployed in the cluster, its connection string a deploy-time secret.
var reporting = builder.AddPostgres("reporting").PublishAsExternal();
var reports = reporting.AddDatabase("reports");

builder.AddProject<Projects.PostgreSQL_Api>("api")
    .WithReference(appdb)
    .WaitFor(appdb)
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("FEATURE_FLAGS", featureFlags)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http")
    .WithReplicas(2);

builder.AddProject<Projects.PostgreSQL_Worker>("worker")
    .WithReference(appdb)
    .WithReference(reports)
    .WaitFor(appdb)
    .WithEnvironment("API_KEY", apiKey);

builder.Build().Run();
