using Aspire.Hosting.KubeAi;

var builder = DistributedApplication.CreateBuilder(args);

// Where it runs in the cluster. Locally (`dotnet run`) everything runs as processes.
builder.AddKubeAiEnvironment("k8s")
    .WithNamespace("model-serving")
    // One overlay per environment (overlays/dev, overlays/prod; chart/values-dev.yaml, values-prod.yaml):
    // `kubeai apply DIR --environment prod`, or `kubectl apply -k overlays/prod`.
    .WithEnvironment("dev", dev => dev
        .WithNamespace("model-serving-dev")
        .WithReplicas("inference-api", 1)
        .WithResources("inference-api", cpuLimit: "500m", memoryLimit: "256Mi"))
    .WithEnvironment("prod", prod => prod
        .WithNamespace("model-serving-prod")
        .WithReplicas("inference-api", 4)
        .WithResources("inference-api", cpuRequest: "500m", memoryRequest: "512Mi", cpuLimit: "2", memoryLimit: "1Gi")
        .WithResources("trainer", memoryRequest: "1Gi", memoryLimit: "2Gi"));

// A secret: never written by KubeAi; its value comes from base/secrets.env at deploy time.
var hfToken = builder.AddParameter("hf-token", secret: true);

// A plain setting: its value comes from appsettings.json (Parameters:model-name).
var modelName = builder.AddParameter("model-name");

// A connection string to where trained models are kept.
var modelStore = builder.AddConnectionString("model-store");

var api = builder.AddProject<Projects.ModelServing_Api>("inference-api")
    .WithEnvironment("MODEL_NAME", modelName)
    .WithEnvironment("HF_TOKEN", hfToken)
    .WithReference(modelStore)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http")
    .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
    .WithReplicas(2);

// Training runs to completion: a Job in the cluster, a process that exits locally. Its
// checkpoints survive a retried pod, so training resumes where it stopped.
builder.AddTrainingJob<Projects.ModelServing_Trainer>("trainer")
    .WithEnvironment("MODEL_NAME", modelName)
    .WithEnvironment("HF_TOKEN", hfToken)
    .WithReference(modelStore)
    .WithReference(api)
    .WithCheckpoints("10Gi")
    .WithBackoffLimit(2)
    .WithDeadline(TimeSpan.FromHours(2))
    .WithTtlAfterFinished(TimeSpan.FromHours(1));

builder.Build().Run();
