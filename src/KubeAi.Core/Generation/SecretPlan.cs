using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation.CustomResources;

namespace KubeAi.Core.Generation;

/// <summary>
/// Decides, per secret key, which Secret and key a pod reads it from: the app's Secret made from
/// <c>base/secrets.env</c> (the default), a Secret that already exists, or the Secret an
/// ExternalSecret keeps in sync with a store. Makes the ExternalSecret objects. No value is ever
/// involved: only names and remote keys.
/// </summary>
internal sealed class SecretPlan
{
    /// <summary>
    /// Names, on a workload, the existing Secrets it reads (comma-separated, sorted): the cluster must
    /// have them; <c>kubeai secrets</c> and the production rules read it.
    /// </summary>
    public const string ExistingSecretsAnnotation = "kubeai.io/existing-secrets";

    private readonly string _application;
    private readonly string _envFileSecret;
    private readonly SecretSources _sources;

    private SecretPlan(string application, string envFileSecret, SecretSources sources)
    {
        _application = application;
        _envFileSecret = envFileSecret;
        _sources = sources;
    }

    public static SecretPlan Create(string application, string envFileSecret, SecretSources sources, AppManifest manifest)
    {
        foreach (var name in (sources.Parameters ?? []).Keys)
        {
            if (!manifest.ByName.TryGetValue(name, out var resource) || resource.Kind is not (ResourceKind.Parameter or ResourceKind.Value))
            {
                throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"a secret source is given for '{DeliveryEnvironments.Escape(name)}', which is not a parameter of the manifest", $"secrets.parameters.{name}");
            }
        }

        return new SecretPlan(application, envFileSecret, sources);
    }

    /// <summary>The Secret and key a pod reads <paramref name="key"/> from.</summary>
    public (string Name, string Key) Reference(string key)
    {
        var source = _sources.For(key);
        return source.Source switch
        {
            SecretSource.ExistingSecretKind => (source.SecretName!, source.Key ?? key),
            SecretSource.ExternalSecretKind => (ExternalSecretName(source), key),
            _ => (_envFileSecret, key),
        };
    }

    /// <summary>Each key with where it comes from.</summary>
    public IReadOnlyList<SecretKey> Describe(IEnumerable<SecretKey> keys) =>
        keys.Select(k =>
        {
            var (name, key) = Reference(k.Key);
            return k with { Source = _sources.For(k.Key), SecretName = name, SecretKeyName = key };
        }).ToList();

    /// <summary>Puts <see cref="ExistingSecretsAnnotation"/> on the pod-running object of every workload that reads an existing Secret.</summary>
    public static void Annotate(IReadOnlyList<GeneratedResource> resources, IReadOnlyList<SecretKey> keys)
    {
        foreach (var resource in resources)
        {
            var existing = keys.Where(k => k.Source.Source == SecretSource.ExistingSecretKind && k.UsedBy.Contains(resource.Name))
                .Select(k => k.SecretName!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (existing.Count > 0 && EnvironmentOverlays.MainObject(resource) is IKubernetesObject<V1ObjectMeta> main)
            {
                main.Metadata.Annotations ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
                main.Metadata.Annotations[ExistingSecretsAnnotation] = string.Join(',', existing);
            }
        }
    }

    /// <summary>One ExternalSecret per store, holding every key that store provides, sorted.</summary>
    public IReadOnlyList<IKubernetesObject> ExternalSecrets(IReadOnlyList<SecretKey> keys) =>
        keys.Where(k => k.Source.Source == SecretSource.ExternalSecretKind)
            .GroupBy(k => ExternalSecretName(k.Source), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var first = group.First().Source;
                var data = group.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new ExternalSecretData
                {
                    SecretKey = k.Key,
                    RemoteRef = new ExternalSecretRemoteRef
                    {
                        Key = k.Source.RemoteKey ?? (_sources.Default?.RemoteKeyPrefix ?? string.Empty) + k.Key,
                        Property = k.Source.Property,
                    },
                }).ToList();
                return (IKubernetesObject)new ExternalSecret
                {
                    Metadata = new V1ObjectMeta { Name = group.Key, Labels = Labels.For(group.Key, _application, "secrets") },
                    Spec = new ExternalSecretSpec
                    {
                        RefreshInterval = group.Select(k => k.Source.RefreshInterval).FirstOrDefault(i => i is not null) ?? "1h",
                        SecretStoreRef = new ExternalSecretStoreRef { Kind = first.StoreKind ?? "SecretStore", Name = first.Store },
                        Target = new ExternalSecretTarget { Name = group.Key, CreationPolicy = "Owner" },
                        Data = data,
                    },
                };
            }).ToList();

    // One Secret per store (and store kind): <app>-<store>, or <app>-<store>-cluster for a ClusterSecretStore.
    private string ExternalSecretName(SecretSource source)
    {
        var name = $"{_application}-{source.Store}" + (source.StoreKind == "ClusterSecretStore" ? "-cluster" : string.Empty);
        return name.Length <= 253 ? name : throw new KubeAiException(ErrorCodes.InvalidSecretSource, $"the ExternalSecret name '{name[..60]}…' would be longer than 253 characters; use a shorter store name", "secrets");
    }
}
