using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>A callback that changes the generated Kubernetes objects of one resource (the escape hatch).</summary>
public sealed record KubernetesCustomizationAnnotation(Action<KubernetesWorkload> Configure) : IResourceAnnotation;
