using Aspire.Hosting.KubeAi;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Where it runs in the cluster. `dotnet run` runs everything locally; `dotnet publish` of this
// project builds the images, pushes them to the registry and writes the manifests.
builder.AddKubeAiEnvironment("k8s")
    .WithNamespace("KUBEAI_NAMESPACE")
    .WithRegistry("KUBEAI_REGISTRY");

// The inference API: serves the newest trained model from the `models` database.
var api = builder.AddProject<Projects.KubeAiApp__1_Api>("inference-api")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http")
    .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
    .WithReplicas(2);

// The trainer runs to completion: a Job in the cluster (one pod per worker, gradients averaged
// over TCP at MASTER_ADDR:MASTER_PORT), a process that exits locally (rank 0 of a world of 1).
var trainer = builder.AddTrainingJob<Projects.KubeAiApp__1_Trainer>("trainer")
    .WithWorkers(KubeAiWorkerCount)
//#if (gpus > 0)
    .WithGpus(KubeAiGpuCount)
//#endif
    .WithBackoffLimit(2)
    .WithDeadline(TimeSpan.FromHours(2))
    .WithTtlAfterFinished(TimeSpan.FromHours(1));

//#if (database == "postgres")
// Trained models are kept in PostgreSQL. Locally, a connection string `models` in configuration
// (ConnectionStrings__models) uses an existing server instead of starting a container.
var existingDatabase = builder.ExecutionContext.IsRunMode && !string.IsNullOrEmpty(builder.Configuration.GetConnectionString("models"));
IResourceBuilder<IResourceWithConnectionString> models = existingDatabase
    ? builder.AddConnectionString("models")
    : builder.AddPostgres("postgres").WithDataVolume().AddDatabase("models");
api.WithReference(models);
trainer.WithReference(models);
if (!existingDatabase)
{
    api.WaitFor(models);
    trainer.WaitFor(models);
}

//#else
// No database server: models go to a SQLite file. Locally the trainer and the API share it; in a
// cluster each pod has its own /tmp, so use `--database postgres` for anything beyond a demo.
var modelsFile = builder.ExecutionContext.IsRunMode
    ? Path.Combine(builder.AppHostDirectory, ".kubeai", "models.db")
    : "/tmp/models.db";
if (builder.ExecutionContext.IsRunMode)
{
    Directory.CreateDirectory(Path.GetDirectoryName(modelsFile)!);
}

api.WithEnvironment("ConnectionStrings__models", $"Data Source={modelsFile}");
trainer.WithEnvironment("ConnectionStrings__models", $"Data Source={modelsFile}");
//#endif

builder.Build().Run();
