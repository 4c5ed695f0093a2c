using Aspire.Hosting.ApplicationModel;
using KubeAi.Core.AppModel;
using KubeAi.Core.AppModel.Contract;
using CoreAllocation = KubeAi.Core.AppModel.GpuAllocation;
using CoreExposure = KubeAi.Core.AppModel.Exposure;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// What KubeAi deploys a resource as: the intent model of KubeAi.Core (<see cref="DeploymentSettings"/>),
/// built up by the <c>With…</c> extension methods and written to the manifest's <c>deployment</c> object by
/// <see cref="ContractCodec"/>. Replicas, probes and <c>dependsOn</c> come from Aspire's own annotations
/// (<c>WithReplicas</c>, <c>WithHttpProbe</c>/<c>WithHttpHealthCheck</c>, <c>WaitFor</c>) when it is written.
/// </summary>
public sealed record KubeAiDeploymentAnnotation(DeploymentSettings Settings) : IResourceAnnotation;

/// <summary>Reads and changes the <see cref="KubeAiDeploymentAnnotation"/> of a resource.</summary>
public static class KubeAiDeploymentSettingsExtensions
{
    /// <summary>The KubeAi settings of <paramref name="resource"/> (the defaults when no <c>With…</c> method set any).</summary>
    public static DeploymentSettings GetKubeAiSettings(this IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Annotations.OfType<KubeAiDeploymentAnnotation>().LastOrDefault()?.Settings
            ?? (resource is ITrainingJobResource
                ? DeploymentSettings.Default with { Kind = DeploymentSettings.TrainingJobKind, TrainingJob = new TrainingJobSettings() }
                : DeploymentSettings.Default);
    }

    /// <summary>Changes the KubeAi settings of the resource: the way every <c>With…</c> method of KubeAi records what it was told.</summary>
    public static IResourceBuilder<T> WithKubeAiSettings<T>(this IResourceBuilder<T> builder, Func<DeploymentSettings, DeploymentSettings> change)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(change);
        var settings = change(builder.Resource.GetKubeAiSettings());
        return builder.WithAnnotation(new KubeAiDeploymentAnnotation(settings), ResourceAnnotationMutationBehavior.Replace);
    }

    internal static string ContractName(this GpuAllocation allocation) => allocation switch
    {
        GpuAllocation.DevicePlugin => CoreAllocation.DevicePlugin,
        GpuAllocation.Dra => CoreAllocation.Dra,
        _ => throw new ArgumentOutOfRangeException(nameof(allocation), allocation, "GPU allocation must be DevicePlugin or Dra"),
    };

    internal static GpuAllocation? FromContractName(string? allocation) => allocation switch
    {
        null => null,
        CoreAllocation.Dra => GpuAllocation.Dra,
        _ => GpuAllocation.DevicePlugin,
    };

    internal static string ContractName(this WorkloadExposure exposure) => exposure switch
    {
        WorkloadExposure.Ingress => CoreExposure.Ingress,
        WorkloadExposure.LoadBalancer => CoreExposure.LoadBalancer,
        WorkloadExposure.ClusterOnly => CoreExposure.ClusterOnly,
        WorkloadExposure.Gateway => CoreExposure.Gateway,
        _ => throw new ArgumentOutOfRangeException(nameof(exposure), exposure, "exposure must be Ingress, LoadBalancer, ClusterOnly or Gateway"),
    };

    internal static string ContractName(this TrainingJobFlavor flavor) => flavor.ToString().ToLowerInvariant();

    internal static string ContractName(this ProbeType type) => type switch
    {
        ProbeType.Startup => "startup",
        ProbeType.Readiness => "readiness",
        ProbeType.Liveness => "liveness",
        _ => throw new global::KubeAi.Core.Diagnostics.KubeAiException(global::KubeAi.Core.Diagnostics.ErrorCodes.InvalidProbe, $"probe type '{type}' has no Kubernetes equivalent"),
    };

    internal static TrainingJobSettings Job(this DeploymentSettings settings) => settings.TrainingJob ?? new TrainingJobSettings();

    internal static DeploymentSettings WithJob(this DeploymentSettings settings, Func<TrainingJobSettings, TrainingJobSettings> change) =>
        settings with { Kind = DeploymentSettings.TrainingJobKind, TrainingJob = change(settings.Job()) };
}
