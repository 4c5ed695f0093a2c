using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>A persistent volume for downloaded model weights, mounted at <paramref name="MountPath"/>.</summary>
public sealed record ModelCacheAnnotation(string Size, string? MountPath, string? StorageClass) : IResourceAnnotation;
