using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using KubeAi.Core.AppModel;
using KubeAi.Core.AppModel.Contract;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// Writes the <c>deployment</c> object of one workload (docs/app-model-contract.md): the resource's
/// <see cref="KubeAiDeploymentAnnotation"/> completed from Aspire's own annotations, through KubeAi.Core's
/// <see cref="ContractCodec"/> (only keys that differ from the contract's defaults, in a fixed order).
/// </summary>
internal static class DeploymentManifestWriter
{
    public static void Write(IResource resource, Utf8JsonWriter writer) => ContractCodec.WriteDeployment(writer, Settings(resource));

    /// <summary>What the manifest says about <paramref name="resource"/>: KubeAi's settings plus replicas, probes and waits from Aspire.</summary>
    internal static DeploymentSettings Settings(IResource resource)
    {
        var settings = resource.GetKubeAiSettings();
        var dependsOn = resource.Annotations.OfType<WaitAnnotation>()
            .Select(w => w.Resource.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (resource is ITrainingJobResource)
        {
            // A training job runs to completion: no replicas, no probes.
            return settings with
            {
                Kind = DeploymentSettings.TrainingJobKind,
                TrainingJob = settings.TrainingJob ?? new TrainingJobSettings(),
                Replicas = null,
                Probes = [],
                DependsOn = dependsOn,
            };
        }

        return settings with
        {
            Kind = DeploymentSettings.DeploymentKind,
            TrainingJob = null,
            Replicas = resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : null,
            Probes = ProbeReader.Read(resource, settings.Probes),
            DependsOn = dependsOn,
        };
    }
}
