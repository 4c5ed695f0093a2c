using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>Marks a resource that runs outside the cluster (<c>PublishAsExternal</c>): KubeAi deploys nothing for it.</summary>
public sealed record ExternalResourceAnnotation : IResourceAnnotation;
