using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Generation.CustomResources;

namespace KubeAi.Core.Generation;

/// <summary>
/// A model server as a KServe InferenceService (serving.kserve.io/v1beta1) instead of a
/// Deployment and Service: KServe then owns rollout, scaling and routing. With a model format
/// the predictor is a KServe runtime serving <c>storageUri</c>; without one, the resource's own
/// container is the predictor.
/// </summary>
internal static class KServeGenerator
{
    public static InferenceService InferenceService(WorkloadParts parts, KServeSettings kserve)
    {
        var settings = parts.Settings;
        var template = parts.PodTemplate();
        var pod = template.Spec;
        var container = parts.Container;
        var predictor = new InferenceServicePredictor
        {
            ServiceAccountName = pod.ServiceAccountName,
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = pod.SecurityContext,
            Volumes = pod.Volumes,
            ImagePullSecrets = pod.ImagePullSecrets,
            Tolerations = pod.Tolerations,
            NodeSelector = pod.NodeSelector,
            MinReplicas = settings.Autoscaling?.MinReplicas ?? settings.Replicas ?? 1,
            MaxReplicas = settings.Autoscaling?.MaxReplicas ?? settings.Replicas ?? 1,
            ScaleMetric = settings.Autoscaling?.CpuUtilization is null ? null : "cpu",
            ScaleTarget = settings.Autoscaling?.CpuUtilization,
        };
        if (kserve.ModelFormat is { } format)
        {
            predictor.Model = new InferenceServiceModel
            {
                ModelFormat = new InferenceServiceModelFormat { Name = format },
                StorageUri = kserve.StorageUri,
                RuntimeVersion = kserve.RuntimeVersion,
                Args = container.Args,
                Env = container.Env,
                EnvFrom = container.EnvFrom,
                Resources = container.Resources,
                SecurityContext = container.SecurityContext,
                VolumeMounts = container.VolumeMounts,
            };
        }
        else
        {
            predictor.Containers = [container];
        }

        return new InferenceService
        {
            Metadata = parts.Metadata(parts.Name, template.Metadata.Annotations),
            Spec = new InferenceServiceSpec { Predictor = predictor },
        };
    }
}
