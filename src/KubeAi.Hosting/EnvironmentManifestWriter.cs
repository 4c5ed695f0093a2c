using System.Text.Json;
using KubeAi.Core.AppModel.Contract;

namespace Aspire.Hosting.KubeAi;

/// <summary>Writes the <c>kubeai.environment.v0</c> resource of the manifest with KubeAi.Core's <see cref="ContractCodec"/>.</summary>
internal static class EnvironmentManifestWriter
{
    public const string Type = ContractCodec.EnvironmentType;

    public static void Write(KubeAiEnvironmentResource environment, Utf8JsonWriter writer) =>
        ContractCodec.WriteEnvironment(writer, environment.ToSettings());
}
