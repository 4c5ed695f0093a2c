using System.Globalization;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// GPUs through Dynamic Resource Allocation (<c>resource.k8s.io/v1</c>): a ResourceClaimTemplate
/// per workload asks NVIDIA's DRA driver for <c>count</c> devices of the DeviceClass
/// <c>gpu.nvidia.com</c> (or <c>mig.nvidia.com</c> for a MIG slice), with CEL selectors for the
/// product and the device memory instead of node labels; the pod claims from the template and
/// the container consumes the claim. Every pod gets claims of its own (a template, not a shared
/// claim), so replicas and training workers never share a GPU by accident.
/// </summary>
internal static class GpuClaims
{
    /// <summary>The claim's name inside the pod (pod <c>resourceClaims</c> and container <c>resources.claims</c>).</summary>
    public const string ClaimName = "gpu";

    /// <summary>NVIDIA's DRA driver: whole GPUs.</summary>
    public const string GpuDeviceClass = "gpu.nvidia.com";

    /// <summary>NVIDIA's DRA driver: MIG slices.</summary>
    public const string MigDeviceClass = "mig.nvidia.com";

    /// <summary>The attribute and capacity domain of NVIDIA's DRA driver.</summary>
    private const string Domain = "gpu.nvidia.com";

    /// <summary>Whether this workload's GPUs come through DRA: its own setting, else the environment's, else the device plugin.</summary>
    public static bool UsesDra(WorkloadParts parts) =>
        parts.Settings.Gpu is { } gpu && (gpu.Allocation ?? parts.Context.Environment?.GpuAllocation ?? GpuAllocation.DevicePlugin) == GpuAllocation.Dra;

    /// <summary>The template's name: one per workload, <c>&lt;name&gt;-gpu</c>.</summary>
    public static string TemplateName(WorkloadParts parts) => $"{parts.Name}-gpu";

    /// <summary>KUBEAI3023 when a DRA-only setting is asked of the device plugin.</summary>
    public static void Check(WorkloadParts parts)
    {
        if (UsesDra(parts) && parts.Settings.TrainingJob?.Flavor == TrainingJobs.TrainingJobRules.TrainJobFlavor)
        {
            // Trainer v2's runtime patches cannot add pod resourceClaims (its CRD has no such field).
            throw new KubeAiException(
                ErrorCodes.InvalidGpuAllocation,
                $"'{parts.Resource.Name}' is a Kubeflow TrainJob, whose runtime patches cannot add the pod's DRA resource claims; use the job, jobset or pytorchjob flavor, or device-plugin GPUs (gpu.allocation 'devicePlugin')",
                $"{parts.Origin}.deployment.gpu");
        }

        if (parts.Settings.Gpu is { MinMemory: { } memory } && !UsesDra(parts))
        {
            throw new KubeAiException(
                ErrorCodes.InvalidGpuAllocation,
                $"GPU minMemory '{memory}' needs DRA allocation (the device plugin cannot select by memory); set gpu.allocation to 'dra' or the environment's gpuAllocation",
                $"{parts.Origin}.deployment.gpu.minMemory");
        }
    }

    /// <summary>The ResourceClaimTemplate a DRA workload's pods claim from, or null with the device plugin.</summary>
    public static V1ResourceClaimTemplate? Template(WorkloadParts parts)
    {
        if (!UsesDra(parts))
        {
            return null;
        }

        var gpu = parts.Settings.Gpu!;
        var selectors = new List<V1DeviceSelector>();
        if (gpu.Mig is { } mig)
        {
            selectors.Add(Cel($"device.attributes[{Quote(Domain)}].profile == {Quote(mig)}"));
        }

        if (gpu.Product is { } product)
        {
            // The driver reports "NVIDIA A100-SXM4-80GB"; the product is given as the node label
            // (NVIDIA's feature discovery writes spaces as '-'), so both forms select the same devices.
            selectors.Add(Cel($"device.attributes[{Quote(Domain)}].productName.replace(\" \", \"-\") == {Quote(product.Replace(' ', '-'))}"));
        }

        if (gpu.MinMemory is { } memory)
        {
            selectors.Add(Cel($"device.capacity[{Quote(Domain)}].memory.compareTo(quantity({Quote(memory)})) >= 0"));
        }

        return new V1ResourceClaimTemplate
        {
            ApiVersion = "resource.k8s.io/v1",
            Kind = "ResourceClaimTemplate",
            Metadata = parts.Metadata(TemplateName(parts)),
            Spec = new V1ResourceClaimTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = parts.Labels },
                Spec = new V1ResourceClaimSpec
                {
                    Devices = new V1DeviceClaim
                    {
                        Requests =
                        [
                            new V1DeviceRequest
                            {
                                Name = ClaimName,
                                Exactly = new V1ExactDeviceRequest
                                {
                                    DeviceClassName = gpu.Mig is null ? GpuDeviceClass : MigDeviceClass,
                                    AllocationMode = "ExactCount",
                                    Count = gpu.Count,
                                    Selectors = selectors.Count > 0 ? selectors : null,
                                },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>The pod's claim from the template.</summary>
    public static V1PodResourceClaim PodClaim(WorkloadParts parts) => new() { Name = ClaimName, ResourceClaimTemplateName = TemplateName(parts) };

    /// <summary>The container's use of the pod's claim.</summary>
    public static Corev1ResourceClaim ContainerClaim() => new() { Name = ClaimName };

    private static V1DeviceSelector Cel(string expression) => new() { Cel = new V1CELDeviceSelector { Expression = expression } };

    // A CEL string literal: double quotes, with backslashes and quotes escaped.
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static string Count(GpuSettings gpu) => gpu.Count.ToString(CultureInfo.InvariantCulture);
}
