using Aspire.Hosting.KubeAi;

var builder = DistributedApplication.CreateBuilder(args);

// The cluster: only publishing looks at it; `dotnet run` runs everything locally.
builder.AddKubeAiEnvironment("k8s")
    .WithNamespace("training-studio")
    .WithRegistry("localhost:5000/training-studio")
    .WithImageTag("1.0.0")
    .WithImagePullSecret("regcred")
    .WithDefaultResources(cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "1", memoryLimit: "512Mi")
    .WithIngressClass("nginx")
    .WithStorageClass("standard")
    // HTTP comes in through the platform team's Gateway (HTTPRoutes; TLS on its listener).
    .WithGateway("studio-gateway", "gateway-system")
    .WithKubernetesVersion("1.35");

// A secret: never written by KubeAi; its value comes from base/secrets.env at deploy time.
var hfToken = builder.AddParameter("hf-token", secret: true);

// A plain setting: its value comes from appsettings.json (Parameters:model-name).
var modelName = builder.AddParameter("model-name");

// An LLM server from an existing image, on a GPU slice claimed through DRA, its weights mounted
// read-only from an OCI artifact (an image volume). It needs a GPU and a container runtime, so
// locally it only starts when asked to (from the dashboard).
var llm = builder.AddContainer("llm", "vllm/vllm-openai", "v0.6.3")
    .WithHttpEndpoint(targetPort: 8000, name: "http")
    .WithArgs("--model", "/models/qwen2.5-0.5b-instruct", "--port", "8000")
    .WithEnvironment("HUGGING_FACE_HUB_TOKEN", hfToken)
    .WithGpus(1, product: "NVIDIA-A100-SXM4-80GB", mig: "3g.40gb", shmSize: "8Gi", allocation: GpuAllocation.Dra)
    .WithModel("localhost:5000/training-studio/models/qwen2.5-0.5b-instruct:1", "/models/qwen2.5-0.5b-instruct")
    .WithKubernetesResources(cpuRequest: "2", memoryRequest: "16Gi", cpuLimit: "8", memoryLimit: "32Gi")
    .WithModelCache("50Gi", "/root/.cache/huggingface", storageClass: "fast-ssd")
    .WithStartupTimeout(TimeSpan.FromMinutes(15))
    .WithExplicitStart();

var api = builder.AddProject<Projects.TrainingStudio_Api>("inference-api")
    .WithEnvironment("MODEL_NAME", modelName)
    .WithEnvironment("HF_TOKEN", hfToken)
    .WithEnvironment("LLM_URL", llm.GetEndpoint("http"))
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http")
    .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
    .WithReplicas(2)
    .WithKubernetesResources(cpuRequest: "250m", memoryRequest: "256Mi", cpuLimit: "1", memoryLimit: "1Gi")
    .WithAutoscaling(2, 6, cpuUtilization: 70, metricName: "inference_requests_per_second", metricAverageValue: "50")
    .WithIngress("studio.example.com")
    .WithModelCache("5Gi", "/models")
    .WithStartupTimeout(TimeSpan.FromMinutes(2));

builder.AddTrainingJob<Projects.TrainingStudio_Trainer>("trainer")
    .WithEnvironment("MODEL_NAME", modelName)
    .WithEnvironment("HF_TOKEN", hfToken)
    .WithEnvironment("TRAIN_EPOCHS", "5")
    .WithReference(api)
    .WaitFor(api)
    .WithWorkers(4, processesPerWorker: 1)
    // Its trainer does not rendezvous (a demo of the manifest options): one local process is enough.
    .WithLocalWorkers(1)
    .WithGpus(1, product: "NVIDIA-A100-SXM4-80GB")
    .WithKubernetesResources(cpuRequest: "2", memoryRequest: "8Gi", cpuLimit: "4", memoryLimit: "16Gi")
    .WithCheckpoints("100Gi", storageClass: "fast-ssd", accessMode: "ReadWriteMany")
    .WithDataset("s3://training-studio/sentiment/train", image: "amazon/aws-cli:2.17.0")
    .WithSchedule("0 3 * * 0", "Etc/UTC")
    .WithQueue("team-a", clusterQueue: "cluster-gpu", priority: "high")
    .WithBackoffLimit(3)
    .WithDeadline(TimeSpan.FromHours(24))
    .WithTtlAfterFinished(TimeSpan.FromHours(1))
    .WithPriorityClass("ml-high")
    .WithFlavor(TrainingJobFlavor.Job)
    .WithFailOnExitCodes(42);

builder.Build().Run();
