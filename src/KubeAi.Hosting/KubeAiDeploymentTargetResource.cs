using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// The deployment target of one resource in the KubeAi environment: Aspire writes its manifest
/// callback as the resource's <c>deployment</c> object (and the resource as <c>project.v1</c>/<c>container.v1</c>).
/// </summary>
internal sealed class KubeAiDeploymentTargetResource : Resource
{
    public KubeAiDeploymentTargetResource(IResource workload, KubeAiEnvironmentResource environment)
        : base($"{workload.Name}-kubeai")
    {
        Workload = workload;
        Environment = environment;
        Annotations.Add(new ManifestPublishingCallbackAnnotation(context =>
        {
            try
            {
                DeploymentManifestWriter.Write(workload, context.Writer);
            }
            catch (Exception ex) when (ex is not global::KubeAi.Core.Diagnostics.KubeAiException)
            {
                // Aspire prints what escapes here with its stack trace; KubeAi.Build picks the coded line out of it.
                throw global::KubeAi.Core.Diagnostics.InternalErrors.Wrap(ex, $"writing the deployment object of resource '{workload.Name}'");
            }

            return Task.CompletedTask;
        }));
    }

    public IResource Workload { get; }

    public KubeAiEnvironmentResource Environment { get; }
}

/// <summary>Attaches a KubeAi deployment target to every workload the environment deploys.</summary>
internal static class KubeAiDeploymentTargets
{
    public static void Attach(DistributedApplicationModel model, KubeAiEnvironmentResource environment)
    {
        foreach (var resource in model.Resources)
        {
            if (!IsWorkload(resource) || resource.HasAnnotationOfType<ExternalResourceAnnotation>() || resource.HasAnnotationOfType<ManifestPublishingCallbackAnnotation>() && resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Last().Callback is null)
            {
                continue;
            }

            // A resource pinned to another compute environment (WithComputeEnvironment) is not ours.
            if (resource.GetComputeEnvironment() is { } pinned && !ReferenceEquals(pinned, environment))
            {
                continue;
            }

            if (resource.Annotations.OfType<DeploymentTargetAnnotation>().Any(a => ReferenceEquals(a.ComputeEnvironment, environment)))
            {
                continue;
            }

            resource.Annotations.Add(new DeploymentTargetAnnotation(new KubeAiDeploymentTargetResource(resource, environment))
            {
                ComputeEnvironment = environment,
            });
        }
    }

    public static bool IsWorkload(IResource resource) => resource is ProjectResource or ContainerResource;
}
