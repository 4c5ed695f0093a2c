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
        if (environment.ExternalResources.Count > 0)
        {
            writer.WriteStartArray("external");
            foreach (var name in environment.ExternalResources)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
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
