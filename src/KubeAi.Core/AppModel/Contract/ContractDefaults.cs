namespace KubeAi.Core.AppModel.Contract;

/// <summary>
/// The values a key of the contract (docs/app-model-contract.md) takes when it is left out. The
/// writer of <see cref="ContractCodec"/> leaves out a key whose value is its default, and the
/// Hosting API builds its records with them, so an app host and a hand-written manifest mean the
/// same. <see cref="DeploymentSettingsReader"/> reads a missing key as these same constants.
/// </summary>
public static class ContractDefaults
{
    public const int GpuCount = 1;
    public const string ShmSize = "1Gi";
    public const string ProbePath = "/";
    public const string IngressPath = "/";
    public const int CpuUtilization = 80;
    public const int MinReplicas = 1;
    public const string ModelCacheSize = "10Gi";
    public const string ModelCacheMountPath = "/models";
    public const string ModelMountPath = "/models";
    public const int EndpointPickerPort = 9002;
    public const string Flavor = "job";
    public const int Workers = 1;
    public const int ProcessesPerWorker = 1;
    public const int MasterPort = 29500;
    public const string CheckpointSize = "10Gi";
    public const string CheckpointMountPath = "/checkpoints";
    public const string DatasetMountPath = "/data";
    public const string DatasetSize = "10Gi";

    /// <summary>
    /// An autoscaler as the contract reads it: with no target at all it scales on
    /// <see cref="CpuUtilization"/> % CPU (KEDA needs none: its query is the target).
    /// </summary>
    public static AutoscalingSettings Autoscaling(int minReplicas, int maxReplicas, int? cpuUtilization, int? memoryUtilization, IReadOnlyList<MetricTarget> metrics, KedaSettings? keda = null) =>
        new(minReplicas, maxReplicas, cpuUtilization is null && memoryUtilization is null && metrics.Count == 0 && keda is null ? CpuUtilization : cpuUtilization, memoryUtilization, metrics, keda);

    /// <summary>True when <paramref name="scaling"/>'s CPU target is the one the contract implies, so it need not be written.</summary>
    internal static bool HasImpliedCpuTarget(AutoscalingSettings scaling) =>
        scaling.CpuUtilization == CpuUtilization && scaling.MemoryUtilization is null && scaling.Metrics.Count == 0 && scaling.Keda is null;
}
