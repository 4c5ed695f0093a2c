using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>An Ingress in front of one of a service's HTTP endpoints.</summary>
public sealed record IngressAnnotation(string? Host, string? Path, string? TlsSecret, string? ClassName, string? EndpointName) : IResourceAnnotation;
