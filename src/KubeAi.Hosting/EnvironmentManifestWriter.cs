using System.Text.Json;

namespace Aspire.Hosting.KubeAi;

/// <summary>Writes the <c>kubeai.environment.v0</c> resource of the manifest (docs/app-model-contract.md); unset keys are left out.</summary>
internal static class EnvironmentManifestWriter
{
    public const string Type = "kubeai.environment.v0";

    public static void Write(KubeAiEnvironmentResource environment, Utf8JsonWriter writer)
    {
        writer.WriteString("type", Type);
        WriteIfSet(writer, "namespace", environment.Namespace);
        WriteIfSet(writer, "registry", environment.Registry);
        WriteIfSet(writer, "imageTag", environment.ImageTag);
        WriteIfSet(writer, "imagePullSecret", environment.ImagePullSecret);
        WriteIfSet(writer, "ingressClass", environment.IngressClass);
        WriteIfSet(writer, "storageClass", environment.StorageClass);
        DeploymentManifestWriter.WriteResources(writer, environment.DefaultResources);
        WriteIfSet(writer, "ingressControllerNamespace", environment.IngressControllerNamespace);
        if (environment.Gateway is { } gateway)
        {
            writer.WriteStartObject("gateway");
            writer.WriteString("name", gateway.Name);
            WriteIfSet(writer, "namespace", gateway.Namespace);
            WriteIfSet(writer, "sectionName", gateway.SectionName);
            writer.WriteEndObject();
        }

        WriteIfSet(writer, "gpuAllocation", environment.GpuAllocation is { } allocation ? DeploymentManifestWriter.AllocationName(allocation) : null);
        WriteIfSet(writer, "kubernetesVersion", environment.KubernetesVersion);
        if (environment.ExternalResources.Count > 0)
        {
            writer.WriteStartArray("external");
            foreach (var name in environment.ExternalResources)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (environment.Environments.Count > 0)
        {
            writer.WritePropertyName("environments");
            global::KubeAi.Core.AppModel.DeliveryEnvironments.Write(writer, environment.Environments);
        }

        if (environment.DefaultSecretSource is not null || environment.SecretSources.Count > 0)
        {
            writer.WritePropertyName("secrets");
            JsonSerializer.Serialize(writer, new global::KubeAi.Core.AppModel.SecretSources
            {
                Default = environment.DefaultSecretSource,
                Parameters = environment.SecretSources.Count == 0 ? null : new(environment.SecretSources, StringComparer.Ordinal),
            }, global::KubeAi.Core.AppModel.DeliveryEnvironments.Json);
        }
    }

    internal static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
