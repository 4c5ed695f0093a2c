using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>
/// External Secrets Operator <c>ExternalSecret</c> (<c>external-secrets.io/v1</c>): a Secret filled from a secret
/// store. Only the fields KubeAi writes; follows the CRD under src/KubeAi.Validation/Schemas/crds. Properties are
/// declared in the order they are written (alphabetical, as the untyped spec this replaced wrote them).
/// </summary>
public sealed class ExternalSecret() : CustomResource<ExternalSecretSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "external-secrets.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "ExternalSecret";
}

public sealed class ExternalSecretSpec
{
    [JsonPropertyName("data")]
    public List<ExternalSecretData> Data { get; set; } = [];

    [JsonPropertyName("refreshInterval")]
    public string RefreshInterval { get; set; } = "1h";

    [JsonPropertyName("secretStoreRef")]
    public ExternalSecretStoreRef SecretStoreRef { get; set; } = new();

    [JsonPropertyName("target")]
    public ExternalSecretTarget Target { get; set; } = new();
}

/// <summary>One key of the Secret and where the store holds it.</summary>
public sealed class ExternalSecretData
{
    [JsonPropertyName("remoteRef")]
    public ExternalSecretRemoteRef RemoteRef { get; set; } = new();

    [JsonPropertyName("secretKey")]
    public string SecretKey { get; set; } = string.Empty;
}

public sealed class ExternalSecretRemoteRef
{
    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("property")]
    public string? Property { get; set; }
}

public sealed class ExternalSecretStoreRef
{
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "SecretStore";

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

public sealed class ExternalSecretTarget
{
    [JsonPropertyName("creationPolicy")]
    public string CreationPolicy { get; set; } = "Owner";

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}
