using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>How many worker processes <c>dotnet run</c> starts for a training job (run mode only; never in the manifest).</summary>
/// <param name="Workers">The local world size.</param>
public sealed record LocalWorkersAnnotation(int Workers) : IResourceAnnotation;
