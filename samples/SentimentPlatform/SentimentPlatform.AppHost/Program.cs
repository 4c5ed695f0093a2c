using Aspire.Hosting.KubeAi;

var builder = DistributedApplication.CreateBuilder(args);

// Where it runs in the cluster. Locally (`dotnet run`) projects run as processes.
builder.AddKubeAiEnvironment("k8s")
    .WithNamespace("sentiment");

// The model database: PostgreSQL in the cluster (and locally when a container runtime answers),
// SQLite without one (see LocalDatabase.cs). The password is a secret parameter: KubeAi never writes
// its value, the cluster gets it from base/secrets.env.
IResourceBuilder<IResourceWithConnectionString> models;
IResourceBuilder<IResource>? server = null;
if (LocalDatabase.UsePostgres(builder))
{
    var password = builder.AddParameter("postgres-password", secret: true);
    var postgres = builder.AddPostgres("postgres", password: password).WithDataVolume("sentiment-postgres-data");
    server = postgres;
    models = postgres.AddDatabase("models");
}
else
{
    models = builder.AddConnectionString("models", ReferenceExpression.Create($"Data Source={LocalDatabase.SqlitePath(builder)}"));
}

// Distributed training: 2 workers that average gradients over TCP every step (rank 0 is the hub),
// an Indexed Job in the cluster, 2 local processes under `dotnet run`. Checkpoints let a retried
// pod resume; a lost rank fails the others within the socket timeout (exit code 2).
var train = builder.AddTrainingJob<Projects.SentimentPlatform_Trainer>("train")
    .WithWorkers(2)
    .WithCheckpoints("1Gi", accessMode: "ReadWriteMany")
    .WithReference(models)
    .WithBackoffLimit(2)
    .WithDeadline(TimeSpan.FromHours(1))
    .WithTtlAfterFinished(TimeSpan.FromDays(1));

// The inference API: serves the newest model version, picks up newer ones by polling.
var api = builder.AddProject<Projects.SentimentPlatform_Api>("api")
    .WithReference(models)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http")
    .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
    .WithStartupTimeout(TimeSpan.FromMinutes(10))
    .WithReplicas(2)
    .WithAutoscaling(2, 6, cpuUtilization: 70);

if (server is not null)
{
    train.WaitFor(server);
    api.WaitFor(server);
}

builder.Build().Run();
