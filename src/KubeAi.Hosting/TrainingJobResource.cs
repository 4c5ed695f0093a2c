using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>A resource that runs to completion as a (distributed) training job rather than as a service.</summary>
public interface ITrainingJobResource : IResourceWithEnvironment
{
}

/// <summary>
/// A .NET project that trains a model: a <see cref="ProjectResource"/> (built into an image like any
/// project, run as a process by <c>dotnet run</c>) that KubeAi deploys as a training job.
/// </summary>
/// <param name="name">The resource name.</param>
public sealed class TrainingJobResource(string name) : ProjectResource(name), ITrainingJobResource;

/// <summary>A training job that runs an existing container image.</summary>
/// <param name="name">The resource name.</param>
public sealed class ContainerTrainingJobResource(string name) : ContainerResource(name), ITrainingJobResource;
