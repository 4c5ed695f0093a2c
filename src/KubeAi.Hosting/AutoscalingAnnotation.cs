using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>A custom (Pods) metric the autoscaler keeps at <paramref name="AverageValue"/> per pod.</summary>
public sealed record AutoscalingMetric(string Name, string AverageValue);

/// <summary>A HorizontalPodAutoscaler for a service.</summary>
public sealed record AutoscalingAnnotation(
    int MinReplicas,
    int MaxReplicas,
    int? CpuUtilization,
    int? MemoryUtilization,
    IReadOnlyList<AutoscalingMetric> Metrics) : IResourceAnnotation;
