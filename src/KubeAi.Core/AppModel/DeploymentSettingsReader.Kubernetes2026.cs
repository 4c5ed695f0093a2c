using KubeAi.Core.Diagnostics;
using KubeAi.Core.AppModel.Contract;

namespace KubeAi.Core.AppModel;

/// <summary>The contract fields of docs/kubernetes-2026.md: Gateway, DRA GPUs, model images, serving workers, inference pools.</summary>
public static partial class DeploymentSettingsReader
{
    private static readonly string[] s_pullPolicies = ["Always", "IfNotPresent", "Never"];

    internal static readonly string[] DeploymentKeys2026 = ["model", "workers", "inferencePool"];
    internal static readonly string[] EnvironmentKeys2026 = ["gateway", "gpuAllocation", "kubernetesVersion"];

    private static DeploymentSettings ReadKubernetes2026(JsonFields d, DeploymentSettings settings)
    {
        var workers = (int?)d.Integer("workers", 1, 64, ErrorCodes.InvalidServingWorkers);
        if (workers is not null && settings.IsTrainingJob)
        {
            throw new KubeAiException(ErrorCodes.InvalidServingWorkers, "'workers' beside 'trainingJob' is for serving; a training job's workers go in trainingJob.workers", d.At("workers"));
        }

        if (workers > 1 && (settings.KServe is not null || settings.Autoscaling is not null))
        {
            throw new KubeAiException(ErrorCodes.InvalidServingWorkers, $"a multi-pod model server ({workers} pods per group) cannot also use {(settings.KServe is not null ? "kserve" : "autoscaling")}: a LeaderWorkerSet scales by groups through 'replicas'", d.At("workers"));
        }

        return settings with
        {
            Model = ReadModel(d.Object("model", "image", "mountPath", "pullPolicy", "source")),
            Workers = workers is { } size ? new ServingWorkersSettings(size) : null,
            InferencePool = ReadInferencePool(d.Object("inferencePool", "endpoint", "endpointPicker", "endpointPickerPort"), settings),
        };
    }

    private static EnvironmentSettings ReadEnvironment2026(JsonFields e, EnvironmentSettings environment)
    {
        GatewaySettings? gateway = null;
        if (e.Object("gateway", "name", "namespace", "sectionName") is { } g)
        {
            var name = g.String("name") ?? throw new KubeAiException(ErrorCodes.InvalidGateway, "a gateway needs the 'name' of the Gateway routes attach to", g.Origin);
            if (!KubernetesNames.IsDnsSubdomain(name))
            {
                throw new KubeAiException(ErrorCodes.InvalidGateway, $"gateway name '{Messages.OneLine(name, 200)}' is not a Kubernetes name", g.At("name"));
            }

            var ns = g.String("namespace") is { } gatewayNamespace ? KubernetesValues.RequireNamespace(gatewayNamespace, g.At("namespace")) : null;
            var section = g.String("sectionName");
            if (section is not null && !KubernetesNames.IsDnsLabel(section))
            {
                throw new KubeAiException(ErrorCodes.InvalidGateway, $"listener name '{Messages.OneLine(section, 200)}' is not a DNS label", g.At("sectionName"));
            }

            gateway = new GatewaySettings(name, ns, section);
        }

        var version = e.String("kubernetesVersion") is { } text ? KubernetesVersion.Require(text, e.At("kubernetesVersion")).ToString() : null;
        return environment with { Gateway = gateway, GpuAllocation = ReadGpuAllocation(e, "gpuAllocation"), KubernetesVersion = version };
    }

    private static string? ReadGpuAllocation(JsonFields fields, string key)
    {
        var allocation = fields.String(key);
        return allocation is null || GpuAllocation.All.Contains(allocation)
            ? allocation
            : throw new KubeAiException(ErrorCodes.InvalidGpuAllocation, $"GPU allocation '{Messages.OneLine(allocation, 200)}' is not one of {string.Join(", ", GpuAllocation.All)}", fields.At(key));
    }

    private static ModelImageSettings? ReadModel(JsonFields? m)
    {
        if (m is not { } model)
        {
            return null;
        }

        var image = model.String("image") ?? throw new KubeAiException(ErrorCodes.InvalidModelImage, "a model needs the 'image' (an OCI reference) it is pulled from", model.Origin);
        if (!KubernetesValues.IsImageReference(image) || !image.Contains('/'))
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, $"model image '{Messages.OneLine(image, 200)}' is not an OCI reference of the form registry/repository[:tag][@sha256:digest]", model.At("image"));
        }

        var pullPolicy = model.String("pullPolicy");
        if (pullPolicy is not null && !s_pullPolicies.Contains(pullPolicy))
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, $"pull policy '{Messages.OneLine(pullPolicy, 200)}' is not one of {string.Join(", ", s_pullPolicies)}", model.At("pullPolicy"));
        }

        var source = model.String("source");
        if (source is { Length: 0 })
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, "a model's 'source' must name the folder to pack", model.At("source"));
        }

        return new ModelImageSettings(image, AbsolutePath(model, "mountPath") ?? ContractDefaults.ModelMountPath, pullPolicy, source);
    }

    private static InferencePoolSettings? ReadInferencePool(JsonFields? p, DeploymentSettings settings)
    {
        if (p is not { } pool)
        {
            return null;
        }

        if (settings.IsTrainingJob || settings.KServe is not null)
        {
            throw new KubeAiException(ErrorCodes.InvalidInferencePool, "an inference pool selects the pods of a model server, not of a training job or a KServe service", pool.Origin);
        }

        var picker = pool.String("endpointPicker") ?? throw new KubeAiException(ErrorCodes.InvalidInferencePool, "an inference pool needs the 'endpointPicker' service (the Gateway API Inference Extension's endpoint picker) that chooses a model server per request", pool.Origin);
        if (!KubernetesNames.IsDnsLabel(picker))
        {
            throw new KubeAiException(ErrorCodes.InvalidInferencePool, $"endpoint picker '{Messages.OneLine(picker, 200)}' is not a Service name", pool.At("endpointPicker"));
        }

        return new InferencePoolSettings(pool.String("endpoint"), picker, (int)(pool.Integer("endpointPickerPort", 1, 65535, ErrorCodes.InvalidInferencePool) ?? ContractDefaults.EndpointPickerPort));
    }
}
