using k8s;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>The Kubernetes objects made for one manifest resource, kept together in one folder.</summary>
public sealed record GeneratedResource(string Name, string Component, IReadOnlyList<IKubernetesObject> Objects)
{
    /// <summary>Who this workload talks to and who may reach it, for its NetworkPolicy.</summary>
    public NetworkFacts? Network { get; init; }
}

/// <summary>A port a workload's pods listen on.</summary>
public sealed record PodPort(int Port, string Protocol, bool Http);

/// <summary>What a workload's NetworkPolicy is made from.</summary>
/// <param name="Name">The Kubernetes name of the workload.</param>
/// <param name="Selector">The labels that select its pods.</param>
/// <param name="Ports">The ports its pods listen on.</param>
/// <param name="References">Kubernetes names of the workloads it calls (from its env and args).</param>
/// <param name="Exposure">How it is reached from outside: <see cref="AppModel.Exposure"/>, or null when it is not.</param>
/// <param name="AllowInternetEgress">Whether it may call addresses outside the cluster.</param>
/// <param name="PeerTraffic">Whether its pods talk to each other (distributed training).</param>
public sealed record NetworkFacts(
    string Name,
    IDictionary<string, string> Selector,
    IReadOnlyList<PodPort> Ports,
    IReadOnlySet<string> References,
    string? Exposure,
    bool AllowInternetEgress,
    bool PeerTraffic);

/// <summary>
/// A key of a deploy-time input (the generated Secret, or the parameters ConfigMap), who uses it, and what the
/// person filling it should know.
/// </summary>
public sealed record SecretKey(string Key, IReadOnlyList<string> UsedBy, string? Note)
{
    /// <summary>Where the value comes from at deploy time (docs/environments.md); the env file by default.</summary>
    public AppModel.SecretSource Source { get; init; } = AppModel.SecretSource.EnvFile;

    /// <summary>The Secret pods read this key from.</summary>
    public string? SecretName { get; init; }

    /// <summary>The key in <see cref="SecretName"/>.</summary>
    public string? SecretKeyName { get; init; }
}

/// <summary>Everything generated from a manifest, before it is laid out as files.</summary>
public sealed record GeneratedApplication(
    string ApplicationName,
    string? Namespace,
    string SecretName,
    IReadOnlyList<GeneratedResource> Resources,
    IReadOnlyList<SecretKey> SecretKeys,
    IReadOnlyList<KubeAiWarning> Warnings)
{
    /// <summary>The image of every workload, by resource name, as the manifests use it.</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>The ConfigMap made at deploy time from the plain parameters that had no value (<see cref="ParameterKeys"/>).</summary>
    public string ParametersName => ParametersNameOf(ApplicationName);

    /// <summary>The name of an application's parameters ConfigMap.</summary>
    public static string ParametersNameOf(string applicationName) => $"{applicationName}-parameters";

    /// <summary>Plain parameters without a value at generation: deploy-time inputs, by key, with their users.</summary>
    public IReadOnlyList<SecretKey> ParameterKeys { get; init; } = [];

    /// <summary>The keys that come from <c>base/secrets.env</c> (the secretGenerator's); the others come from existing Secrets or ExternalSecrets.</summary>
    public IReadOnlyList<SecretKey> EnvFileSecretKeys => SecretKeys.Where(k => k.Source.IsEnvFile).ToList();

    /// <summary>Objects that bring secret values into the namespace (ExternalSecrets), laid out beside the workloads.</summary>
    public IReadOnlyList<IKubernetesObject> SecretObjects { get; init; } = [];

    /// <summary>The overlay of each deployment environment, by name (docs/environments.md).</summary>
    public IReadOnlyList<EnvironmentOverlay> Overlays { get; init; } = [];
}
