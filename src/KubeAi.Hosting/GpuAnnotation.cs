using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>NVIDIA GPUs for a workload: whole devices, or MIG slices when <see cref="Mig"/> is set.</summary>
/// <param name="Count">Devices (or slices) per pod, at least 1.</param>
/// <param name="Product">The <c>nvidia.com/gpu.product</c> node label to schedule on, for example <c>NVIDIA-A100-SXM4-80GB</c>.</param>
/// <param name="Mig">A MIG profile such as <c>1g.10gb</c>: requests <c>nvidia.com/mig-&lt;profile&gt;</c>.</param>
/// <param name="ShmSize">Size of <c>/dev/shm</c> (PyTorch data loaders need more than the default 64Mi).</param>
/// <param name="Allocation">Device plugin or DRA; the environment's when null.</param>
/// <param name="MinMemory">With DRA: the least memory a device must have, for example <c>40Gi</c>.</param>
public sealed record GpuAnnotation(int Count, string? Product, string? Mig, string? ShmSize, GpuAllocation? Allocation = null, string? MinMemory = null) : IResourceAnnotation;
