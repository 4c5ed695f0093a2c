using k8s.Models;
using KubeAi.Core.AppModel;

namespace KubeAi.Core.Generation;

/// <summary>
/// A model server as a KServe InferenceService (serving.kserve.io/v1beta1) instead of a
/// Deployment and Service: KServe then owns rollout, scaling and routing. With a model format
/// the predictor is a KServe runtime serving <c>storageUri</c>; without one, the resource's own
/// container is the predictor.
/// </summary>
internal static class KServeGenerator
{
    public static CustomObject InferenceService(WorkloadParts parts, KServeSettings kserve)
    {
        var settings = parts.Settings;
        var template = parts.PodTemplate();
        var pod = template.Spec;
        var container = parts.Container;
        object predictorWorkload = kserve.ModelFormat is { } format
            ? CustomObject.Map(
                ("modelFormat", CustomObject.Map(("name", format))),
                ("storageUri", kserve.StorageUri),
                ("runtimeVersion", kserve.RuntimeVersion),
                ("args", container.Args),
                ("env", container.Env),
                ("envFrom", container.EnvFrom),
                ("resources", container.Resources),
                ("securityContext", container.SecurityContext),
                ("volumeMounts", container.VolumeMounts))
            : new List<V1Container> { container };

        var predictor = CustomObject.Map(
            (kserve.ModelFormat is null ? "containers" : "model", predictorWorkload),
            ("serviceAccountName", pod.ServiceAccountName),
            ("automountServiceAccountToken", false),
            ("enableServiceLinks", false),
            ("securityContext", pod.SecurityContext),
            ("volumes", pod.Volumes),
            ("imagePullSecrets", pod.ImagePullSecrets),
            ("tolerations", pod.Tolerations),
            ("nodeSelector", pod.NodeSelector),
            ("minReplicas", settings.Autoscaling?.MinReplicas ?? settings.Replicas ?? 1),
            ("maxReplicas", settings.Autoscaling?.MaxReplicas ?? settings.Replicas ?? 1),
            ("scaleMetric", settings.Autoscaling?.CpuUtilization is null ? null : "cpu"),
            ("scaleTarget", settings.Autoscaling?.CpuUtilization));

        return new CustomObject
        {
            ApiVersion = "serving.kserve.io/v1beta1",
            Kind = "InferenceService",
            Metadata = parts.Metadata(parts.Name, template.Metadata.Annotations),
            Spec = CustomObject.Map(("predictor", predictor)),
        };
    }
}
