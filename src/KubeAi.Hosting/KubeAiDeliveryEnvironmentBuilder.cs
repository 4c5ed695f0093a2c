using Aspire.Hosting.ApplicationModel;
using KubeAi.Core.AppModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// Describes one deployment environment (dev, staging, prod) of a KubeAi environment: what its
/// overlay changes against the base. Each setting replaces an earlier one of its kind.
/// </summary>
public sealed class KubeAiDeliveryEnvironmentBuilder
{
    private readonly SortedDictionary<string, WorkloadOverride> _workloads = new(StringComparer.Ordinal);
    private string? _namespace;
    private string? _imageTag;

    internal KubeAiDeliveryEnvironmentBuilder(string name) => Name = name;

    /// <summary>The environment's name: the folder <c>overlays/&lt;name&gt;</c> and the file <c>values-&lt;name&gt;.yaml</c>.</summary>
    public string Name { get; }

    /// <summary>Deploys this environment into <paramref name="namespace"/>.</summary>
    public KubeAiDeliveryEnvironmentBuilder WithNamespace(string @namespace)
    {
        _namespace = KubeAiArguments.Namespace(@namespace, nameof(@namespace));
        return this;
    }

    /// <summary>
    /// Deploys every image KubeAi builds with this tag. The base pins images by digest; the overlay
    /// replaces that reference with <c>name:tag</c> (docs/environments.md).
    /// </summary>
    public KubeAiDeliveryEnvironmentBuilder WithImageTag(string tag)
    {
        _imageTag = Tag(tag, nameof(tag));
        return this;
    }

    /// <summary>Deploys one workload's image with this tag (wins over <see cref="WithImageTag(string)"/>).</summary>
    public KubeAiDeliveryEnvironmentBuilder WithImageTag(IResourceBuilder<IResource> workload, string tag) => WithImageTag(Workload(workload), tag);

    /// <inheritdoc cref="WithImageTag(IResourceBuilder{IResource}, string)"/>
    public KubeAiDeliveryEnvironmentBuilder WithImageTag(string workload, string tag)
    {
        Change(workload, w => w with { ImageTag = Tag(tag, nameof(tag)) });
        return this;
    }

    /// <summary>Runs <paramref name="replicas"/> pods of a Deployment or StatefulSet (not of an autoscaled one, whose autoscaler decides).</summary>
    public KubeAiDeliveryEnvironmentBuilder WithReplicas(IResourceBuilder<IResource> workload, int replicas) => WithReplicas(Workload(workload), replicas);

    /// <inheritdoc cref="WithReplicas(IResourceBuilder{IResource}, int)"/>
    public KubeAiDeliveryEnvironmentBuilder WithReplicas(string workload, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, 10_000);
        Change(workload, w => w with { Replicas = replicas });
        return this;
    }

    /// <summary>Changes requests and limits of a workload's container; null keeps the base's value.</summary>
    public KubeAiDeliveryEnvironmentBuilder WithResources(IResourceBuilder<IResource> workload, string? cpuRequest = null, string? memoryRequest = null, string? cpuLimit = null, string? memoryLimit = null) =>
        WithResources(Workload(workload), cpuRequest, memoryRequest, cpuLimit, memoryLimit);

    /// <inheritdoc cref="WithResources(IResourceBuilder{IResource}, string?, string?, string?, string?)"/>
    public KubeAiDeliveryEnvironmentBuilder WithResources(string workload, string? cpuRequest = null, string? memoryRequest = null, string? cpuLimit = null, string? memoryLimit = null)
    {
        KubeAiWorkloadBuilderExtensions.CheckResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
        Change(workload, w => w with
        {
            Resources = new ResourceOverride
            {
                Requests = cpuRequest is null && memoryRequest is null ? null : new QuantityPair { Cpu = cpuRequest, Memory = memoryRequest },
                Limits = cpuLimit is null && memoryLimit is null ? null : new QuantityPair { Cpu = cpuLimit, Memory = memoryLimit },
            },
        });
        return this;
    }

    internal DeliveryEnvironment Build() => new()
    {
        Namespace = _namespace,
        ImageTag = _imageTag,
        Workloads = _workloads.Count == 0 ? null : new SortedDictionary<string, WorkloadOverride>(_workloads, StringComparer.Ordinal),
    };

    private void Change(string workload, Func<WorkloadOverride, WorkloadOverride> change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workload);
        _workloads[workload] = change(_workloads.TryGetValue(workload, out var current) ? current : new WorkloadOverride());
    }

    private static string Workload(IResourceBuilder<IResource> workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Resource.Name;
    }

    private static string Tag(string tag, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag, parameterName);
        return DeliveryEnvironments.IsImageTag(tag)
            ? tag
            : throw new ArgumentException($"'{tag}' is not an image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')", parameterName);
    }
}
