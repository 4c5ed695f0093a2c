using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>A checkpoint volume shared by a training job's workers.</summary>
public sealed record CheckpointSettings(string Size, string? StorageClass, string? AccessMode, string? MountPath);

/// <summary>Where a training job's data comes from, copied into a volume by an init container.</summary>
public sealed record DatasetSettings(string Source, string? Image, string? MountPath, string? Size);

/// <summary>The Kueue queue a training job is submitted to.</summary>
public sealed record QueueSettings(string Name, string? ClusterQueue, string? Priority);

/// <summary>
/// What makes a resource a training job, and its settings. Null members were not set and are not
/// written to the manifest (KubeAi.Core applies its defaults).
/// </summary>
public sealed record TrainingJobAnnotation : IResourceAnnotation
{
    public TrainingJobFlavor? Flavor { get; init; }
    public int? Workers { get; init; }
    public int? ProcessesPerWorker { get; init; }
    public CheckpointSettings? Checkpoint { get; init; }
    public DatasetSettings? Dataset { get; init; }
    public string? Schedule { get; init; }
    public string? TimeZone { get; init; }
    public QueueSettings? Queue { get; init; }
    public string? PriorityClassName { get; init; }
    public int? BackoffLimit { get; init; }
    public long? ActiveDeadlineSeconds { get; init; }
    public int? TtlSecondsAfterFinished { get; init; }
    public IReadOnlyList<int> FailOnExitCodes { get; init; } = [];
}
