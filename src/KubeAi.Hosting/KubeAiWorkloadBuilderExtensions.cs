using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.Core.AppModel;
using KubeAi.Core.AppModel.Contract;
using GpuAllocation = Aspire.Hosting.KubeAi.GpuAllocation;

namespace Aspire.Hosting;

/// <summary>
/// Kubernetes settings of projects, containers and training jobs. They only shape what the KubeAi
/// environment publishes; <c>dotnet run</c> ignores them.
/// </summary>
public static class KubeAiWorkloadBuilderExtensions
{
    /// <summary>Sets the CPU and memory requests and limits of the resource's container; a null value keeps the environment's (else KubeAi's) default.</summary>
    /// <example><code lang="csharp">api.WithKubernetesResources(cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "2", memoryLimit: "4Gi");</code></example>
    public static IResourceBuilder<T> WithKubernetesResources<T>(this IResourceBuilder<T> builder, string? cpuRequest = null, string? memoryRequest = null, string? cpuLimit = null, string? memoryLimit = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resources = CheckResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
        return builder.WithKubeAiSettings(s => s with { Resources = resources });
    }

    /// <summary>
    /// Gives the resource NVIDIA GPUs: <c>nvidia.com/gpu</c> limits (or <c>nvidia.com/mig-&lt;mig&gt;</c> slices),
    /// the GPU taint toleration, a <c>nvidia.com/gpu.product</c> node selector when <paramref name="product"/> is set,
    /// and a memory-backed <c>/dev/shm</c> of <paramref name="shmSize"/> (KubeAi's default: 1Gi).
    /// </summary>
    /// <example><code lang="csharp">llm.WithGpus(1, product: "NVIDIA-A100-SXM4-80GB", mig: "3g.40gb", shmSize: "8Gi");</code></example>
    /// <param name="builder">The resource.</param>
    /// <param name="count">GPUs (or MIG slices) per pod.</param>
    /// <param name="product">The GPU product, in the node label form (<c>NVIDIA-A100-SXM4-80GB</c>).</param>
    /// <param name="mig">A MIG profile such as <c>1g.10gb</c>.</param>
    /// <param name="shmSize">The size of <c>/dev/shm</c>.</param>
    /// <param name="allocation">Device plugin or DRA (a ResourceClaimTemplate with CEL selectors); the environment's when null.</param>
    /// <param name="minMemory">With DRA: the least device memory, for example <c>40Gi</c>.</param>
    public static IResourceBuilder<T> WithGpus<T>(this IResourceBuilder<T> builder, int count, string? product = null, string? mig = null, string? shmSize = null, GpuAllocation? allocation = null, string? minMemory = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.Range(count, 1, 64, nameof(count), "GPU count");
        KubeAiArguments.LabelValue(product, nameof(product), "GPU product");
        KubeAiArguments.MigProfile(mig, nameof(mig));
        KubeAiArguments.Quantity(shmSize, nameof(shmSize));
        KubeAiArguments.Quantity(minMemory, nameof(minMemory));
        var gpu = new GpuSettings(count, product, mig, shmSize ?? ContractDefaults.ShmSize, allocation?.ContractName(), minMemory);
        return builder.WithKubeAiSettings(s => s with { Gpu = gpu });
    }

    /// <summary>
    /// Scales the service between <paramref name="minReplicas"/> and <paramref name="maxReplicas"/> with a
    /// HorizontalPodAutoscaler on CPU and/or memory utilisation (percent of requests) and/or one custom
    /// per-pod metric (for example requests per second served through a metrics adapter). With no target
    /// at all KubeAi scales on 80 % CPU.
    /// </summary>
    /// <example><code lang="csharp">api.WithAutoscaling(2, 10, cpuUtilization: 70, metricName: "inference_requests_per_second", metricAverageValue: "50");</code></example>
    public static IResourceBuilder<T> WithAutoscaling<T>(this IResourceBuilder<T> builder, int minReplicas, int maxReplicas, int? cpuUtilization = null, int? memoryUtilization = null, string? metricName = null, string? metricAverageValue = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.Range(minReplicas, 1, 10_000, nameof(minReplicas), "minReplicas");
        KubeAiArguments.Range(maxReplicas, 1, 10_000, nameof(maxReplicas), "maxReplicas");
        if (minReplicas > maxReplicas)
        {
            throw new ArgumentException($"minReplicas ({minReplicas}) must not be greater than maxReplicas ({maxReplicas})", nameof(minReplicas));
        }

        if (cpuUtilization is { } cpu)
        {
            KubeAiArguments.Range(cpu, 1, 1000, nameof(cpuUtilization), "cpuUtilization (percent of the request)");
        }

        if (memoryUtilization is { } memory)
        {
            KubeAiArguments.Range(memory, 1, 1000, nameof(memoryUtilization), "memoryUtilization (percent of the request)");
        }

        if ((metricName is null) != (metricAverageValue is null))
        {
            throw new ArgumentException("a custom metric needs both metricName and metricAverageValue", metricName is null ? nameof(metricName) : nameof(metricAverageValue));
        }

        var metrics = new List<MetricTarget>();
        if (metricName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(metricName);
            metrics.Add(new MetricTarget(metricName, KubeAiArguments.RequiredQuantity(metricAverageValue!, nameof(metricAverageValue))));
        }

        var scaling = ContractDefaults.Autoscaling(minReplicas, maxReplicas, cpuUtilization, memoryUtilization, metrics);
        return builder.WithKubeAiSettings(s => s with { Autoscaling = scaling });
    }

    /// <summary>
    /// Puts an Ingress in front of one of the resource's HTTP endpoints (default: its first http endpoint),
    /// with TLS from an existing Secret when <paramref name="tlsSecret"/> is set.
    /// </summary>
    /// <example><code lang="csharp">api.WithIngress("api.example.com", tlsSecret: "api-tls", className: "nginx");</code></example>
    public static IResourceBuilder<T> WithIngress<T>(this IResourceBuilder<T> builder, string? host = null, string path = "/", string? tlsSecret = null, string? className = null, string? endpointName = null)
        where T : IComputeResource, IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(path);
        KubeAiArguments.Host(host, nameof(host));
        KubeAiArguments.Path(path, nameof(path), "ingress path");
        KubeAiArguments.DnsName(tlsSecret, nameof(tlsSecret), "TLS secret");
        KubeAiArguments.DnsName(className, nameof(className), "ingress class");
        if (endpointName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        }

        var ingress = new IngressSettings(host, path, tlsSecret, className, endpointName);
        return builder.WithKubeAiSettings(s => s with { Ingress = ingress });
    }

    /// <summary>Mounts a persistent volume of <paramref name="size"/> at <paramref name="mountPath"/> for downloaded model weights, so restarts do not download them again.</summary>
    /// <example><code lang="csharp">llm.WithModelCache("50Gi", "/root/.cache/huggingface", storageClass: "fast-ssd");</code></example>
    public static IResourceBuilder<T> WithModelCache<T>(this IResourceBuilder<T> builder, string size, string mountPath = "/models", string? storageClass = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.RequiredQuantity(size, nameof(size));
        ArgumentNullException.ThrowIfNull(mountPath);
        KubeAiArguments.Path(mountPath, nameof(mountPath), "model cache mount path");
        KubeAiArguments.DnsName(storageClass, nameof(storageClass), "storage class");
        var cache = new ModelCacheSettings(size, mountPath, storageClass);
        return builder.WithKubeAiSettings(s => s with { ModelCache = cache });
    }

    /// <summary>
    /// Keeps the container's volumes in emptyDirs instead of volume claims, so its data is lost when its
    /// pod goes: the opt-out from the data volume KubeAi gives every known backing service
    /// (docs/backing-services.md), for caches and test databases whose data does not matter.
    /// </summary>
    /// <example><code lang="csharp">builder.AddRedis("cache").WithEphemeralStorage();</code></example>
    public static IResourceBuilder<T> WithEphemeralStorage<T>(this IResourceBuilder<T> builder)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithKubeAiSettings(s => s with { EphemeralStorage = true });
    }

    /// <summary>Allows a slow starter (a large model loading) up to <paramref name="timeout"/> before Kubernetes restarts it: sizes the startup probe.</summary>
    /// <example><code lang="csharp">llm.WithStartupTimeout(TimeSpan.FromMinutes(10));</code></example>
    public static IResourceBuilder<T> WithStartupTimeout<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.WholeSeconds(timeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(timeout), "startup timeout");
        return builder.WithKubeAiSettings(s => s with { StartupTimeoutSeconds = (int)timeout.TotalSeconds });
    }

    /// <summary>
    /// The escape hatch: in publish mode, <paramref name="configure"/> receives the Kubernetes objects KubeAi
    /// generated for this resource (KubernetesClient models) and may change, add or remove them before they are
    /// written. Several calls run in order. Ignored by <c>dotnet run</c>.
    /// </summary>
    /// <example>
    /// <code lang="csharp">
    /// api.PublishAsKubernetes(workload =>
    /// {
    ///     var deployment = workload.Single&lt;V1Deployment&gt;();
    ///     deployment.Spec.Template.Spec.NodeSelector = new Dictionary&lt;string, string&gt; { ["pool"] = "inference" };
    /// });
    /// </code>
    /// </example>
    public static IResourceBuilder<T> PublishAsKubernetes<T>(this IResourceBuilder<T> builder, Action<KubernetesWorkload> configure)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? builder.WithAnnotation(new KubernetesCustomizationAnnotation(configure), ResourceAnnotationMutationBehavior.Append)
            : builder;
    }

    internal static ResourceSettings CheckResources(string? cpuRequest, string? memoryRequest, string? cpuLimit, string? memoryLimit)
    {
        KubeAiArguments.Quantity(cpuRequest, nameof(cpuRequest));
        KubeAiArguments.Quantity(memoryRequest, nameof(memoryRequest));
        KubeAiArguments.Quantity(cpuLimit, nameof(cpuLimit));
        KubeAiArguments.Quantity(memoryLimit, nameof(memoryLimit));
        if (cpuRequest is null && memoryRequest is null && cpuLimit is null && memoryLimit is null)
        {
            throw new ArgumentException("give at least one of cpuRequest, memoryRequest, cpuLimit, memoryLimit");
        }

        return new ResourceSettings(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
    }

    /// <summary>
    /// Probes the container by running <paramref name="command"/> in it (exit code 0 = healthy): the way to give a
    /// worker without endpoints (a queue consumer, a background service) a liveness probe. A worker needs no readiness
    /// probe: nothing routes traffic to it. For a heartbeat, let the worker touch a file under <c>/tmp</c> and check its
    /// age, for example <c>["/bin/sh", "-c", "test $(( $(date +%s) - $(stat -c %Y /tmp/heartbeat) )) -lt 60"]</c>
    /// (the image must contain those tools). Only the Kubernetes publish uses it; <c>dotnet run</c> ignores it.
    /// </summary>
    /// <example><code lang="csharp">builder.AddProject&lt;Projects.Worker&gt;("worker").WithExecProbe(ProbeType.Liveness, ["dotnet", "Worker.dll", "--check"]);</code></example>
    public static IResourceBuilder<T> WithExecProbe<T>(this IResourceBuilder<T> builder, ProbeType type, string[] command, int? periodSeconds = null, int? timeoutSeconds = null, int? failureThreshold = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length == 0 || command.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"an exec probe needs a command of non-empty parts; got [{string.Join(", ", command.Select(c => $"'{c}'"))}]", nameof(command));
        }

        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "probe type must be Startup, Readiness or Liveness");
        }

        if (periodSeconds is { } period)
        {
            KubeAiArguments.Range(period, 1, 3600, nameof(periodSeconds), "probe period (seconds)");
        }

        if (timeoutSeconds is { } timeout)
        {
            KubeAiArguments.Range(timeout, 1, 3600, nameof(timeoutSeconds), "probe timeout (seconds)");
        }

        if (failureThreshold is { } failures)
        {
            KubeAiArguments.Range(failures, 1, 10_000, nameof(failureThreshold), "probe failure threshold");
        }

        // The last probe of a type wins, as for WithHttpProbe; ProbeReader merges these with Aspire's HTTP probes.
        var probe = new ProbeSettings(type.ContractName(), ContractDefaults.ProbePath, null, null, periodSeconds, timeoutSeconds, failureThreshold) { Command = [.. command] };
        return builder.WithKubeAiSettings(s => s with { Probes = [.. s.Probes.Where(p => p.Type != probe.Type), probe] });
    }

    /// <summary>
    /// How the resource's external endpoints are reached from outside the cluster, instead of the environment's
    /// choice (<c>ingress</c> without a Gateway, <c>gateway</c> with one): <see cref="WorkloadExposure.LoadBalancer"/>
    /// for a TCP service, <see cref="WorkloadExposure.ClusterOnly"/> to keep it inside.
    /// </summary>
    /// <example><code lang="csharp">api.WithExposure(WorkloadExposure.LoadBalancer);</code></example>
    public static IResourceBuilder<T> WithExposure<T>(this IResourceBuilder<T> builder, WorkloadExposure exposure)
        where T : IComputeResource, IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = exposure.ContractName();
        return builder.WithKubeAiSettings(s => s with { Exposure = name });
    }

    /// <summary>
    /// Opts the container out of KubeAi's read-only root filesystem (it keeps a writable <c>/tmp</c> either way):
    /// for images that write beside their binaries.
    /// </summary>
    /// <example><code lang="csharp">legacy.WithWritableRootFilesystem();</code></example>
    public static IResourceBuilder<T> WithWritableRootFilesystem<T>(this IResourceBuilder<T> builder)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithKubeAiSettings(s => s with { ReadOnlyRootFilesystem = false });
    }

    /// <summary>
    /// Lets the resource's NetworkPolicy allow traffic to addresses outside the cluster (a model hub, an external API);
    /// without it a pod reaches only what the app model connects it to, and DNS.
    /// </summary>
    /// <example><code lang="csharp">llm.WithInternetEgress();</code></example>
    public static IResourceBuilder<T> WithInternetEgress<T>(this IResourceBuilder<T> builder)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithKubeAiSettings(s => s with { AllowInternetEgress = true });
    }

    /// <summary>
    /// Publishes the model server as a KServe InferenceService instead of a Deployment, Service and autoscaler.
    /// With <paramref name="modelFormat"/> (for example <c>huggingface</c>) a KServe runtime of
    /// <paramref name="runtimeVersion"/> serves <paramref name="storageUri"/>; without, the resource's own container is
    /// the predictor.
    /// </summary>
    /// <example><code lang="csharp">llm.PublishAsKServe("huggingface", "hf://Qwen/Qwen2.5-0.5B-Instruct", "0.14.0");</code></example>
    public static IResourceBuilder<T> PublishAsKServe<T>(this IResourceBuilder<T> builder, string? modelFormat = null, string? storageUri = null, string? runtimeVersion = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Resource is ITrainingJobResource)
        {
            throw new ArgumentException("a training job runs to completion; PublishAsKServe is for model servers", nameof(builder));
        }

        if (modelFormat is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(modelFormat);
        }

        if (storageUri is not null && !storageUri.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"storage URI '{storageUri}' needs a scheme, for example hf://org/model, s3://bucket/model or pvc://claim/path", nameof(storageUri));
        }

        if (runtimeVersion is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(runtimeVersion);
        }

        var kserve = new KServeSettings(modelFormat, storageUri, runtimeVersion);
        return builder.WithKubeAiSettings(s => s with { KServe = kserve });
    }

    /// <summary>
    /// Scales the service with a KEDA ScaledObject on the Prometheus <paramref name="query"/> (instead of an HPA):
    /// one pod per <paramref name="threshold"/> of the query's value, between <paramref name="minReplicas"/> (0 scales
    /// to zero; <paramref name="activationThreshold"/> is the value that wakes it) and <paramref name="maxReplicas"/>.
    /// </summary>
    /// <example><code lang="csharp">llm.WithKedaAutoscaling("http://prometheus.monitoring:9090", "sum(rate(vllm_requests_total[1m]))", "20", maxReplicas: 8);</code></example>
    public static IResourceBuilder<T> WithKedaAutoscaling<T>(this IResourceBuilder<T> builder, string serverAddress, string query, string threshold, int minReplicas = 0, int maxReplicas = 10, string? activationThreshold = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serverAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        if (!Uri.TryCreate(serverAddress, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{serverAddress}' is not the http(s) address of a Prometheus server", nameof(serverAddress));
        }

        KubeAiArguments.RequiredQuantity(threshold, nameof(threshold));
        KubeAiArguments.Quantity(activationThreshold, nameof(activationThreshold));
        KubeAiArguments.Range(minReplicas, 0, 10_000, nameof(minReplicas), "minReplicas");
        KubeAiArguments.Range(maxReplicas, 1, 10_000, nameof(maxReplicas), "maxReplicas");
        if (minReplicas > maxReplicas)
        {
            throw new ArgumentException($"minReplicas ({minReplicas}) must not be greater than maxReplicas ({maxReplicas})", nameof(minReplicas));
        }

        var scaling = ContractDefaults.Autoscaling(minReplicas, maxReplicas, null, null, [], new KedaSettings(serverAddress, query, threshold, activationThreshold));
        return builder.WithKubeAiSettings(s => s with { Autoscaling = scaling });
    }
}
