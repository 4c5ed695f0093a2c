using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using Aspire.Hosting.Lifecycle;
using Aspire.Hosting.Pipelines;

namespace Aspire.Hosting;

/// <summary>Adds a Kubernetes compute environment (KubeAi) to an Aspire app model and configures it.</summary>
public static class KubeAiEnvironmentBuilderExtensions
{
    /// <summary>
    /// Adds a Kubernetes cluster as the compute environment of the app model. In publish mode every
    /// project, container and training job gets a <c>deployment</c> object in the manifest, and the
    /// <c>kubeai-kubernetes</c> pipeline step (required by <c>publish</c>) writes the kustomize tree.
    /// In run mode nothing changes: the environment is not even part of the model.
    /// </summary>
    /// <param name="builder">The app host builder.</param>
    /// <param name="name">The resource name, for example <c>k8s</c>.</param>
    /// <returns>The environment's builder, to configure with <c>WithNamespace</c>, <c>WithRegistry</c>, ...</returns>
    /// <example>
    /// <code lang="csharp">
    /// builder.AddKubeAiEnvironment("k8s").WithNamespace("ml").WithRegistry("registry.example.com/team").WithImageTag("1.4.0");
    /// </code>
    /// </example>
    public static IResourceBuilder<KubeAiEnvironmentResource> AddKubeAiEnvironment(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (builder.Resources.OfType<KubeAiEnvironmentResource>().Any())
        {
            throw new InvalidOperationException($"the app model already has a KubeAi environment ('{builder.Resources.OfType<KubeAiEnvironmentResource>().First().Name}'); a manifest holds at most one");
        }

        var environment = new KubeAiEnvironmentResource(name);
        if (builder.ExecutionContext.IsRunMode)
        {
            // Locally the cluster plays no part: keep it out of the dashboard and the model.
            return builder.CreateResourceBuilder(environment);
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            environment.ExternalResources = e.Model.Resources
                .Where(r => r.HasAnnotationOfType<ExternalResourceAnnotation>())
                .Select(r => r.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
            KubeAiDeploymentTargets.Attach(e.Model, environment);
            environment.SecretSources.Clear();
            foreach (var parameter in e.Model.Resources.OfType<ParameterResource>())
            {
                if (parameter.TryGetLastAnnotation<KubeAiSecretSourceAnnotation>(out var source))
                {
                    environment.SecretSources[parameter.Name] = source.Source;
                }
            }

            return Task.CompletedTask;
        });

        return builder.AddResource(environment)
            .WithManifestPublishingCallback(context =>
            {
                EnvironmentManifestWriter.Write(environment, context.Writer);
                return Task.CompletedTask;
            })
            .WithAnnotation(new PipelineStepAnnotation(_ => KubeAiPublishStep.Create(environment)));
    }

    /// <summary>Sets the namespace written into the kustomization (the CLI's <c>--namespace</c> and MSBuild's <c>KubeAiNamespace</c> win).</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithNamespace(this IResourceBuilder<KubeAiEnvironmentResource> builder, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Namespace = KubeAiArguments.Namespace(@namespace, nameof(@namespace));
        return builder;
    }

    /// <summary>Sets the registry of project images that have no pinned image, for example <c>registry.example.com/team</c>.</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithRegistry(this IResourceBuilder<KubeAiEnvironmentResource> builder, string registry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(registry);
        if (registry.Contains("://", StringComparison.Ordinal) || registry.EndsWith('/') || registry.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"registry '{registry}' must be a host[:port][/path] without scheme or trailing '/', for example registry.example.com/team", nameof(registry));
        }

        builder.Resource.Registry = registry;
        return builder;
    }

    /// <summary>Sets the tag of project images that have no pinned image.</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithImageTag(this IResourceBuilder<KubeAiEnvironmentResource> builder, string tag)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        if (tag.Length > 128 || !(char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_') || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new ArgumentException($"'{tag}' is not an image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')", nameof(tag));
        }

        builder.Resource.ImageTag = tag;
        return builder;
    }

    /// <summary>Names the Secret (type <c>kubernetes.io/dockerconfigjson</c>, created by you) every pod pulls images with.</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithImagePullSecret(this IResourceBuilder<KubeAiEnvironmentResource> builder, string secretName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secretName);
        builder.Resource.ImagePullSecret = KubeAiArguments.DnsName(secretName, nameof(secretName), "image pull secret");
        return builder;
    }

    /// <summary>Sets the requests and limits of every container that does not set its own (quantities such as <c>100m</c>, <c>512Mi</c>); null keeps KubeAi's default for that value.</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithDefaultResources(this IResourceBuilder<KubeAiEnvironmentResource> builder, string? cpuRequest = null, string? memoryRequest = null, string? cpuLimit = null, string? memoryLimit = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resources = KubeAiWorkloadBuilderExtensions.CheckResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
        builder.Resource.DefaultResources = resources;
        return builder;
    }

    /// <summary>Sets the ingress class of every ingress that does not name its own, for example <c>nginx</c>.</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithIngressClass(this IResourceBuilder<KubeAiEnvironmentResource> builder, string ingressClass)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ingressClass);
        builder.Resource.IngressClass = KubeAiArguments.DnsName(ingressClass, nameof(ingressClass), "ingress class");
        return builder;
    }

    /// <summary>Sets the storage class of every volume claim (model caches, checkpoints, data volumes) that does not name its own.</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithStorageClass(this IResourceBuilder<KubeAiEnvironmentResource> builder, string storageClass)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storageClass);
        builder.Resource.StorageClass = KubeAiArguments.DnsName(storageClass, nameof(storageClass), "storage class");
        return builder;
    }

    /// <summary>
    /// How the external endpoints of every workload that does not choose (<c>WithExposure</c> on the workload) are
    /// reached: Ingress (the default without a Gateway), Gateway routes (the default with <c>WithGateway</c>), a
    /// LoadBalancer Service, or not from outside at all.
    /// </summary>
    /// <example><code lang="csharp">builder.AddKubeAiEnvironment("k8s").WithExposure(WorkloadExposure.LoadBalancer);</code></example>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithExposure(this IResourceBuilder<KubeAiEnvironmentResource> builder, WorkloadExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Exposure = exposure.ContractName();
        return builder;
    }
}
