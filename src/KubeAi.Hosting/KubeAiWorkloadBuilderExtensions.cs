using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;

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
        return builder.WithAnnotation(CheckResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit), ResourceAnnotationMutationBehavior.Replace);
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
        return builder.WithAnnotation(new GpuAnnotation(count, product, mig, shmSize, allocation, minMemory), ResourceAnnotationMutationBehavior.Replace);
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

        var metrics = new List<AutoscalingMetric>();
        if (metricName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(metricName);
            metrics.Add(new AutoscalingMetric(metricName, KubeAiArguments.RequiredQuantity(metricAverageValue!, nameof(metricAverageValue))));
        }

        return builder.WithAnnotation(new AutoscalingAnnotation(minReplicas, maxReplicas, cpuUtilization, memoryUtilization, metrics), ResourceAnnotationMutationBehavior.Replace);
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

        return builder.WithAnnotation(new IngressAnnotation(host, path, tlsSecret, className, endpointName), ResourceAnnotationMutationBehavior.Replace);
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
        return builder.WithAnnotation(new ModelCacheAnnotation(size, mountPath, storageClass), ResourceAnnotationMutationBehavior.Replace);
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
        return builder.WithAnnotation(new EphemeralStorageAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Allows a slow starter (a large model loading) up to <paramref name="timeout"/> before Kubernetes restarts it: sizes the startup probe.</summary>
    /// <example><code lang="csharp">llm.WithStartupTimeout(TimeSpan.FromMinutes(10));</code></example>
    public static IResourceBuilder<T> WithStartupTimeout<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.WholeSeconds(timeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(timeout), "startup timeout");
        return builder.WithAnnotation(new StartupTimeoutAnnotation(timeout), ResourceAnnotationMutationBehavior.Replace);
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

    internal static KubernetesResourcesAnnotation CheckResources(string? cpuRequest, string? memoryRequest, string? cpuLimit, string? memoryLimit)
    {
        KubeAiArguments.Quantity(cpuRequest, nameof(cpuRequest));
        KubeAiArguments.Quantity(memoryRequest, nameof(memoryRequest));
        KubeAiArguments.Quantity(cpuLimit, nameof(cpuLimit));
        KubeAiArguments.Quantity(memoryLimit, nameof(memoryLimit));
        if (cpuRequest is null && memoryRequest is null && cpuLimit is null && memoryLimit is null)
        {
            throw new ArgumentException("give at least one of cpuRequest, memoryRequest, cpuLimit, memoryLimit");
        }

        return new KubernetesResourcesAnnotation(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
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

        return builder.WithAnnotation(new ExecProbeAnnotation(type, [.. command], periodSeconds, timeoutSeconds, failureThreshold), ResourceAnnotationMutationBehavior.Append);
    }
}
