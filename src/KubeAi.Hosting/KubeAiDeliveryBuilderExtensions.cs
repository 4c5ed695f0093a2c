using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.Core.AppModel;

namespace Aspire.Hosting;

/// <summary>
/// Delivery settings of a KubeAi environment: deployment environments (overlays per dev, staging,
/// prod) and where secret values come from. See docs/environments.md.
/// </summary>
public static class KubeAiDeliveryBuilderExtensions
{
    /// <summary>
    /// Declares a deployment environment: <c>overlays/&lt;name&gt;/kustomization.yaml</c> (and the Helm
    /// chart's <c>values-&lt;name&gt;.yaml</c>) with what <paramref name="configure"/> changes against the base.
    /// Declaring a name again replaces its settings.
    /// </summary>
    /// <example><code lang="csharp">
    /// builder.AddKubeAiEnvironment("k8s")
    ///     .WithEnvironment("dev", e => e.WithNamespace("ml-dev").WithReplicas("api", 1))
    ///     .WithEnvironment("prod", e => e.WithNamespace("ml-prod").WithReplicas("api", 4).WithImageTag("1.4.0")
    ///                                    .WithResources("api", cpuLimit: "4", memoryLimit: "8Gi"));
    /// </code></example>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithEnvironment(this IResourceBuilder<KubeAiEnvironmentResource> builder, string name, Action<KubeAiDeliveryEnvironmentBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!KubernetesNames.IsDnsLabel(name))
        {
            throw new ArgumentException($"environment name '{name}' must be a DNS label (lowercase letters, digits, '-'); it becomes the folder overlays/<name>", nameof(name));
        }

        var environment = new KubeAiDeliveryEnvironmentBuilder(name);
        configure(environment);
        builder.Resource.Environments[name] = environment.Build();
        return builder;
    }

    /// <summary>Every secret parameter without a source of its own is read from the existing Secret <paramref name="secretName"/> (keys = parameter names).</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithExistingSecret(this IResourceBuilder<KubeAiEnvironmentResource> builder, string secretName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.DefaultSecretSource = new SecretSource { Source = SecretSource.ExistingSecretKind, SecretName = KubeAiArguments.DnsName(secretName ?? throw new ArgumentNullException(nameof(secretName)), nameof(secretName), "secret name") };
        return builder;
    }

    /// <summary>
    /// Every secret parameter without a source of its own is synced by an ExternalSecret
    /// (external-secrets.io/v1) from <paramref name="store"/>, remote key = <paramref name="remoteKeyPrefix"/> + parameter name.
    /// </summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithExternalSecrets(this IResourceBuilder<KubeAiEnvironmentResource> builder, string store, bool clusterStore = false, string? remoteKeyPrefix = null, string? refreshInterval = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.DefaultSecretSource = Check(new SecretSource
        {
            Source = SecretSource.ExternalSecretKind,
            Store = store,
            StoreKind = clusterStore ? "ClusterSecretStore" : null,
            RemoteKeyPrefix = remoteKeyPrefix,
            RefreshInterval = refreshInterval,
        }, appWide: true);
        return builder;
    }

    /// <summary>Reads this secret parameter from the existing Secret <paramref name="secretName"/>, key <paramref name="key"/> (default: the parameter's name).</summary>
    public static IResourceBuilder<ParameterResource> WithExistingSecret(this IResourceBuilder<ParameterResource> builder, string secretName, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new KubeAiSecretSourceAnnotation(Check(new SecretSource { Source = SecretSource.ExistingSecretKind, SecretName = secretName, Key = key }, appWide: false)), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Syncs this secret parameter with an ExternalSecret from <paramref name="store"/>, remote key <paramref name="remoteKey"/> (default: the parameter's name).</summary>
    public static IResourceBuilder<ParameterResource> WithExternalSecret(this IResourceBuilder<ParameterResource> builder, string store, string? remoteKey = null, string? property = null, bool clusterStore = false, string? refreshInterval = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new KubeAiSecretSourceAnnotation(Check(new SecretSource
        {
            Source = SecretSource.ExternalSecretKind,
            Store = store,
            StoreKind = clusterStore ? "ClusterSecretStore" : null,
            RemoteKey = remoteKey,
            Property = property,
            RefreshInterval = refreshInterval,
        }, appWide: false)), ResourceAnnotationMutationBehavior.Replace);
    }

    // Core's rules, surfaced at the call as ArgumentException.
    private static SecretSource Check(SecretSource source, bool appWide)
    {
        try
        {
            SecretSources.Check(appWide ? new SecretSources { Default = source } : new SecretSources { Parameters = new(StringComparer.Ordinal) { ["parameter"] = source } }, "secret source");
            return source;
        }
        catch (global::KubeAi.Core.Diagnostics.KubeAiException ex)
        {
            throw new ArgumentException(ex.Message);
        }
    }
}

/// <summary>Where a secret parameter's value comes from in the cluster (see <see cref="KubeAiDeliveryBuilderExtensions"/>).</summary>
public sealed record KubeAiSecretSourceAnnotation(SecretSource Source) : IResourceAnnotation;
