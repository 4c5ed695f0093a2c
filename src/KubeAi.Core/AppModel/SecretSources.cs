using System.Text.Json;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>
/// Where the value of a secret parameter comes from at deploy time. Never the value itself: KubeAi
/// only writes where to find it (docs/environments.md).
/// </summary>
public sealed record SecretSource
{
    /// <summary>The git-ignored <c>base/secrets.env</c> (kustomize secretGenerator): the default.</summary>
    public const string EnvFileKind = "envFile";

    /// <summary>A Secret that already exists in the namespace (made by you, your platform, a sealed-secrets controller...).</summary>
    public const string ExistingSecretKind = "existingSecret";

    /// <summary>An ExternalSecret (external-secrets.io/v1) that syncs the value from a SecretStore or ClusterSecretStore.</summary>
    public const string ExternalSecretKind = "externalSecret";

    public static readonly string[] Kinds = [EnvFileKind, ExistingSecretKind, ExternalSecretKind];

    public static SecretSource EnvFile { get; } = new();

    /// <summary><see cref="EnvFileKind"/>, <see cref="ExistingSecretKind"/> or <see cref="ExternalSecretKind"/>.</summary>
    public string Source { get; init; } = EnvFileKind;

    /// <summary>existingSecret: the name of the Secret.</summary>
    public string? SecretName { get; init; }

    /// <summary>existingSecret: the key in that Secret; default: the parameter's name.</summary>
    public string? Key { get; init; }

    /// <summary>externalSecret: the SecretStore or ClusterSecretStore to read from.</summary>
    public string? Store { get; init; }

    /// <summary>externalSecret: <c>SecretStore</c> (default) or <c>ClusterSecretStore</c>.</summary>
    public string? StoreKind { get; init; }

    /// <summary>externalSecret: the key in the store; default: the parameter's name (after <see cref="RemoteKeyPrefix"/>).</summary>
    public string? RemoteKey { get; init; }

    /// <summary>externalSecret, app-wide: prefix of every remote key (for example <c>prod/model-serving/</c>).</summary>
    public string? RemoteKeyPrefix { get; init; }

    /// <summary>externalSecret: the property inside the remote secret (JSON field), if it holds several.</summary>
    public string? Property { get; init; }

    /// <summary>externalSecret: how often the operator refreshes the value (default <c>1h</c>).</summary>
    public string? RefreshInterval { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEnvFile => Source == EnvFileKind;
}

/// <summary>The <c>secrets</c> field of <c>kubeai.environment.v0</c>: a default for the whole app and per-parameter sources.</summary>
public sealed record SecretSources
{
    public static SecretSources EnvFile { get; } = new();

    /// <summary>The source of every secret parameter without its own; null means the env file.</summary>
    public SecretSource? Default { get; init; }

    /// <summary>Per secret parameter (by parameter name): its own source.</summary>
    public SortedDictionary<string, SecretSource>? Parameters { get; init; }

    /// <summary>The source of one secret key (a parameter name).</summary>
    public SecretSource For(string key) =>
        Parameters is not null && Parameters.TryGetValue(key, out var own) ? own : Default ?? SecretSource.EnvFile;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDefault => Default is null && (Parameters is null || Parameters.Count == 0);

    /// <summary>Reads the contract's JSON value and checks it.</summary>
    public static SecretSources Read(JsonElement element, string origin)
    {
        SecretSources? sources;
        try
        {
            sources = element.Deserialize<SecretSources>(DeliveryEnvironments.Json);
        }
        catch (JsonException ex)
        {
            throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"the secret sources do not have the documented shape: {ex.Message}", origin);
        }

        return Check(sources ?? EnvFile, origin);
    }

    /// <summary>Checks every source: the fields its kind needs, and only those; names as Kubernetes wants them.</summary>
    public static SecretSources Check(SecretSources sources, string origin)
    {
        if (sources.Default is { } all)
        {
            CheckOne(all, $"{origin}.default", appWide: true);
        }

        foreach (var (name, source) in sources.Parameters ?? [])
        {
            if (source is null)
            {
                throw new KubeAiException(ErrorCodes.InvalidSecretSource, "a secret source must be a JSON object", $"{origin}.parameters.{name}");
            }

            CheckOne(source, $"{origin}.parameters.{name}", appWide: false);
        }

        return sources;
    }

    private static void CheckOne(SecretSource source, string origin, bool appWide)
    {
        if (!SecretSource.Kinds.Contains(source.Source))
        {
            throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"source '{DeliveryEnvironments.Escape(source.Source)}' is not one of {string.Join(", ", SecretSource.Kinds)}", $"{origin}.source");
        }

        var given = new (string Field, object? Value)[]
        {
            ("secretName", source.SecretName), ("key", source.Key), ("store", source.Store), ("storeKind", source.StoreKind),
            ("remoteKey", source.RemoteKey), ("remoteKeyPrefix", source.RemoteKeyPrefix), ("property", source.Property), ("refreshInterval", source.RefreshInterval),
        }.Where(f => f.Value is not null).Select(f => f.Field).ToList();
        string[] allowed = source.Source switch
        {
            SecretSource.ExistingSecretKind => appWide ? ["secretName"] : ["secretName", "key"],
            SecretSource.ExternalSecretKind => appWide ? ["store", "storeKind", "remoteKeyPrefix", "refreshInterval"] : ["store", "storeKind", "remoteKey", "property", "refreshInterval"],
            _ => [],
        };
        if (given.FirstOrDefault(f => !allowed.Contains(f)) is { } extra)
        {
            throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"'{extra}' does not apply to a{(appWide ? "n app-wide" : string.Empty)} {source.Source} source; it takes {(allowed.Length == 0 ? "nothing else" : string.Join(", ", allowed))}", $"{origin}.{extra}");
        }

        switch (source.Source)
        {
            case SecretSource.ExistingSecretKind:
                RequireName(source.SecretName, "secretName", origin);
                if (source.Key is { } key && !KubernetesNames.IsConfigKey(key))
                {
                    throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"key '{DeliveryEnvironments.Escape(key)}' is not a valid Secret key (letters, digits, '-', '_', '.')", $"{origin}.key");
                }

                break;
            case SecretSource.ExternalSecretKind:
                RequireName(source.Store, "store", origin);
                if (source.StoreKind is { } kind && kind is not ("SecretStore" or "ClusterSecretStore"))
                {
                    throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"storeKind '{DeliveryEnvironments.Escape(kind)}' must be SecretStore or ClusterSecretStore", $"{origin}.storeKind");
                }

                foreach (var (field, value) in new[] { ("remoteKey", source.RemoteKey), ("remoteKeyPrefix", source.RemoteKeyPrefix), ("property", source.Property) })
                {
                    if (value is not null && (value.Length is 0 or > 1024 || value.Any(char.IsControl)))
                    {
                        throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"{field} '{DeliveryEnvironments.Escape(value)}' must be 1 to 1024 characters without control characters", $"{origin}.{field}");
                    }
                }

                if (source.RefreshInterval is { } interval && !System.Text.RegularExpressions.Regex.IsMatch(interval, @"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))
                {
                    throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"refreshInterval '{DeliveryEnvironments.Escape(interval)}' is not a duration such as 1h, 15m or 30s", $"{origin}.refreshInterval");
                }

                break;
        }
    }

    private static void RequireName(string? name, string field, string origin)
    {
        if (name is null)
        {
            throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"this source needs '{field}'", origin);
        }

        if (!KubernetesNames.IsDnsSubdomain(name))
        {
            throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"{field} '{DeliveryEnvironments.Escape(name)}' is not a Kubernetes name (lowercase letters, digits, '-', '.')", $"{origin}.{field}");
        }
    }
}
