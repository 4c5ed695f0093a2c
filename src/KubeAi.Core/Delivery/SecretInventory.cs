using KubeAi.Core.Diagnostics;
using KubeAi.Core.Output;

namespace KubeAi.Core.Delivery;

/// <summary>Where a secret a deployment needs comes from.</summary>
public enum SecretOrigin
{
    /// <summary>The kustomize secretGenerator, from the git-ignored <c>base/secrets.env</c>.</summary>
    EnvFile,

    /// <summary>An ExternalSecret of the tree syncs it from a store.</summary>
    ExternalSecret,

    /// <summary>It must already exist in the namespace.</summary>
    ExistingSecret,
}

/// <summary>Whether the value is there, as far as KubeAi can tell.</summary>
public enum SecretStatus
{
    /// <summary>Present (filled in secrets.env, or found in the cluster).</summary>
    Present,

    /// <summary>Not there: the deployment would fail.</summary>
    Missing,

    /// <summary>Not checked (no cluster asked; an ExternalSecret's store is the operator's business).</summary>
    Unknown,
}

/// <summary>One key of one Secret that the workloads read.</summary>
/// <param name="SecretName">The Secret's name.</param>
/// <param name="Key">The key in it; null for a whole Secret (image pull, TLS, envFrom).</param>
/// <param name="Origin">Where it comes from.</param>
/// <param name="Detail">What to know: the store and remote key, the Secret's type.</param>
/// <param name="UsedBy">The objects that read it (<c>Deployment/api</c>).</param>
/// <param name="Status">Whether it is there.</param>
public sealed record SecretNeed(string SecretName, string? Key, SecretOrigin Origin, string Detail, IReadOnlyList<string> UsedBy, SecretStatus Status)
{
    /// <summary>The command that creates what is missing, with a shell variable where the value goes (never a value).</summary>
    public string? CreateCommand(string? ns) => Origin switch
    {
        SecretOrigin.EnvFile => null,
        SecretOrigin.ExternalSecret => null,
        _ when Detail.StartsWith("image pull", StringComparison.Ordinal) =>
            $"kubectl create secret docker-registry {SecretName}{Namespace(ns)} --docker-server=REGISTRY --docker-username=\"$REGISTRY_USER\" --docker-password=\"$REGISTRY_PASSWORD\"",
        _ when Detail.StartsWith("TLS", StringComparison.Ordinal) =>
            $"kubectl create secret tls {SecretName}{Namespace(ns)} --cert=tls.crt --key=tls.key",
        _ => $"kubectl create secret generic {SecretName}{Namespace(ns)} --from-literal={Key ?? "KEY"}=\"${Variable($"{SecretName}-{Key ?? "KEY"}")}\"",
    };

    private static string Namespace(string? ns) => ns is null ? string.Empty : $" --namespace {ns}";

    /// <summary>The shell variable a value is read from: <c>db-password</c> → <c>DB_PASSWORD</c>.</summary>
    public static string Variable(string key) => new(key.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}

/// <summary>What a generated tree needs in secrets, where each comes from and whether it is there.</summary>
public sealed record SecretReport(string? Namespace, IReadOnlyList<SecretNeed> Needs)
{
    public IEnumerable<SecretNeed> Missing => Needs.Where(n => n.Status == SecretStatus.Missing);
}

/// <summary>
/// Lists the secrets a generated tree needs (<c>kubeai secrets DIR</c>): every Secret key its workloads read
/// (<c>secretKeyRef</c>, <c>envFrom</c>, secret volumes, image pull and TLS secrets), classified by source. Values
/// are never read into a message: <c>secrets.env</c> is only checked for which keys have a value, and the
/// cluster (optional) is asked only for key names.
/// </summary>
public static class SecretInventory
{
    public static SecretReport Read(string directory, string? environment, Func<string, string?, IReadOnlySet<string>?>? clusterKeys = null)
    {
        var root = Path.GetFullPath(directory);
        var baseDirectory = Path.Combine(root, "base");
        if (!File.Exists(Path.Combine(baseDirectory, "kustomization.yaml")))
        {
            throw new KubeAiException(ErrorCodes.TreeNotFound, $"'{ManifestTree.Escape(directory)}' has no base/kustomization.yaml; it is not a tree KubeAi generated", directory);
        }

        var (documents, _) = ManifestTree.Read(baseDirectory);
        var kustomization = documents.FirstOrDefault(d => d.File == "kustomization.yaml")?.Content as IReadOnlyDictionary<string, object?>;
        var ns = Text(kustomization, "namespace");
        if (environment is not null)
        {
            var overlay = Path.Combine(root, OverlayLayout.Folder, environment);
            if (!File.Exists(Path.Combine(overlay, "kustomization.yaml")))
            {
                throw new KubeAiException(ErrorCodes.UnknownEnvironment, $"the tree has no overlay for environment '{ManifestTree.Escape(environment)}'", directory);
            }

            var (overlayDocuments, _) = ManifestTree.Read(overlay);
            ns = Text(overlayDocuments.FirstOrDefault(d => d.File == "kustomization.yaml")?.Content as IReadOnlyDictionary<string, object?>, "namespace") ?? ns;
        }

        var generated = List(kustomization, "secretGenerator").OfType<IReadOnlyDictionary<string, object?>>().Select(g => Text(g, "name")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var filled = FilledKeys(Path.Combine(baseDirectory, KustomizeLayout.SecretsFile));
        var external = new Dictionary<(string Secret, string Key), string>();
        foreach (var document in documents.Where(d => Kind(d) == "ExternalSecret"))
        {
            var spec = Map(document.Content as IReadOnlyDictionary<string, object?>, "spec");
            var target = Text(Map(spec, "target"), "name") ?? Text(Map(document.Content as IReadOnlyDictionary<string, object?>, "metadata"), "name") ?? "?";
            var store = Map(spec, "secretStoreRef");
            foreach (var data in List(spec, "data").OfType<IReadOnlyDictionary<string, object?>>())
            {
                var remote = Map(data, "remoteRef");
                var property = Text(remote, "property");
                external[(target, Text(data, "secretKey") ?? "?")] =
                    $"{Text(store, "kind") ?? "SecretStore"} {Text(store, "name")}, remote key {Text(remote, "key")}{(property is null ? string.Empty : $", property {property}")}";
            }
        }

        var uses = new SortedDictionary<(string Secret, string Key), (string Detail, SortedSet<string> Users)>(Comparer<(string, string)>.Create((a, b) =>
        {
            var c = string.CompareOrdinal(a.Item1, b.Item1);
            return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
        }));
        foreach (var document in documents.Where(d => d.Content is IReadOnlyDictionary<string, object?> && Kind(d) is not ("ExternalSecret" or "Kustomization" or null)))
        {
            var user = $"{Kind(document)}/{Text(Map(document.Content as IReadOnlyDictionary<string, object?>, "metadata"), "name")}";
            foreach (var (secret, key, detail) in References(document.Content, parentKey: null))
            {
                if (!uses.TryGetValue((secret, key ?? string.Empty), out var use))
                {
                    uses[(secret, key ?? string.Empty)] = use = (detail, new SortedSet<string>(StringComparer.Ordinal));
                }

                use.Users.Add(user);
            }
        }

        var needs = new List<SecretNeed>();
        foreach (var ((secret, key), (detail, users)) in uses)
        {
            var keyOrNull = key.Length == 0 ? null : key;
            if (generated.Contains(secret))
            {
                var status = keyOrNull is null || filled is null ? (filled is null ? SecretStatus.Missing : SecretStatus.Present) : filled.Contains(keyOrNull) ? SecretStatus.Present : SecretStatus.Missing;
                needs.Add(new SecretNeed(secret, keyOrNull, SecretOrigin.EnvFile, $"base/{KustomizeLayout.SecretsFile}", users.ToList(), status));
            }
            else if (external.TryGetValue((secret, key), out var from))
            {
                needs.Add(new SecretNeed(secret, keyOrNull, SecretOrigin.ExternalSecret, from, users.ToList(), SecretStatus.Unknown));
            }
            else
            {
                var present = clusterKeys?.Invoke(secret, ns);
                var status = clusterKeys is null ? SecretStatus.Unknown
                    : present is null ? SecretStatus.Missing
                    : keyOrNull is null || present.Contains(keyOrNull) ? SecretStatus.Present : SecretStatus.Missing;
                needs.Add(new SecretNeed(secret, keyOrNull, SecretOrigin.ExistingSecret, detail, users.ToList(), status));
            }
        }

        return new SecretReport(ns, needs);
    }

    // Which keys of secrets.env have a non-empty value; null when the file does not exist. Values are not kept.
    private static HashSet<string>? FilledKeys(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length > ManifestTree.MaxFileBytes)
        {
            throw new KubeAiException(ErrorCodes.DiffInputTooLarge, $"{KustomizeLayout.SecretsFile} is larger than 8 MiB", path);
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var trimmed = line.TrimStart();
            var equals = trimmed.IndexOf('=');
            if (trimmed.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            if (trimmed.Length > equals + 1)
            {
                keys.Add(trimmed[..equals].Trim());
            }
        }

        return keys;
    }

    private static IEnumerable<(string Secret, string? Key, string Detail)> References(object? node, string? parentKey)
    {
        switch (node)
        {
            case IReadOnlyDictionary<string, object?> map:
                if (parentKey == "secretKeyRef" && Text(map, "name") is { } refName)
                {
                    yield return (refName, Text(map, "key"), "key read by env");
                    yield break;
                }

                if (parentKey == "secretRef" && Text(map, "name") is { } fromName)
                {
                    yield return (fromName, null, "every key (envFrom)");
                    yield break;
                }

                if (parentKey == "secret" && Text(map, "secretName") is { } volumeSecret)
                {
                    yield return (volumeSecret, null, "mounted as a volume");
                    yield break;
                }

                foreach (var (key, value) in map)
                {
                    if (key == "imagePullSecrets")
                    {
                        foreach (var pull in (value as List<object?> ?? []).OfType<IReadOnlyDictionary<string, object?>>())
                        {
                            if (Text(pull, "name") is { } name)
                            {
                                yield return (name, null, "image pull Secret (type kubernetes.io/dockerconfigjson)");
                            }
                        }

                        continue;
                    }

                    if (key == "tls" && value is List<object?> tls)
                    {
                        foreach (var entry in tls.OfType<IReadOnlyDictionary<string, object?>>())
                        {
                            if (Text(entry, "secretName") is { } name)
                            {
                                yield return (name, null, "TLS Secret (type kubernetes.io/tls)");
                            }
                        }

                        continue;
                    }

                    foreach (var found in References(value, key))
                    {
                        yield return found;
                    }
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    foreach (var found in References(item, parentKey))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    private static string? Kind(TreeDocument document) => Text(document.Content as IReadOnlyDictionary<string, object?>, "kind");

    private static IReadOnlyDictionary<string, object?>? Map(IReadOnlyDictionary<string, object?>? map, string key) =>
        map?.GetValueOrDefault(key) as IReadOnlyDictionary<string, object?>;

    private static IEnumerable<object?> List(IReadOnlyDictionary<string, object?>? map, string key) =>
        map?.GetValueOrDefault(key) as List<object?> ?? [];

    private static string? Text(IReadOnlyDictionary<string, object?>? map, string key) => map?.GetValueOrDefault(key) is Scalar s ? s.Value : null;
}
