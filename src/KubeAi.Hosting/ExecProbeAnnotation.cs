using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>A probe that runs a command in the container (<c>WithExecProbe</c>): for workers that have no endpoint to probe.</summary>
public sealed record ExecProbeAnnotation(ProbeType Type, IReadOnlyList<string> Command, int? PeriodSeconds, int? TimeoutSeconds, int? FailureThreshold) : IResourceAnnotation;
