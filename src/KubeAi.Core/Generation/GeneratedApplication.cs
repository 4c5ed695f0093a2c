using k8s;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>The Kubernetes objects made for one manifest resource, kept together in one folder.</summary>
public sealed record GeneratedResource(string Name, string Component, IReadOnlyList<IKubernetesObject> Objects);

/// <summary>A key of the generated Secret, who uses it, and what the person filling it should know.</summary>
public sealed record SecretKey(string Key, IReadOnlyList<string> UsedBy, string? Note);

/// <summary>Everything generated from a manifest, before it is laid out as files.</summary>
public sealed record GeneratedApplication(
    string ApplicationName,
    string? Namespace,
    string SecretName,
    IReadOnlyList<GeneratedResource> Resources,
    IReadOnlyList<SecretKey> SecretKeys,
    IReadOnlyList<KubeAiWarning> Warnings);
