using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>How long a slow starter (one loading a large model) may take before Kubernetes restarts it: sizes the startup probe.</summary>
public sealed record StartupTimeoutAnnotation(TimeSpan Timeout) : IResourceAnnotation;
