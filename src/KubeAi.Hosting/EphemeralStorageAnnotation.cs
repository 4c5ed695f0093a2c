using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>Keeps the resource's volumes in emptyDirs instead of volume claims: its data is lost with the pod.</summary>
public sealed record EphemeralStorageAnnotation : IResourceAnnotation;
