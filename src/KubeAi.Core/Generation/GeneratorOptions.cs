namespace KubeAi.Core.Generation;

/// <summary>Requests and limits given to every container that does not set its own.</summary>
public sealed record ResourceDefaults(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit)
{
    public static ResourceDefaults Standard { get; } = new("100m", "128Mi", "1", "512Mi");
}

/// <summary>What the caller decides beyond the manifest.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The application name: <c>app.kubernetes.io/part-of</c>, <c>instance</c> and the Secret's name.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>Namespace written into the kustomization; none leaves it to kubectl's context.</summary>
    public string? Namespace { get; init; }

    /// <summary>Image per resource name; wins over everything else (built images pinned by digest come here).</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>Registry for project images that have no explicit image.</summary>
    public string? Registry { get; init; }

    /// <summary>Tag for project images that have no explicit image.</summary>
    public string? Tag { get; init; }

    /// <summary>Values for non-secret parameters. Secret values are never accepted here.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Skip resources of unknown type (with a warning) instead of failing.</summary>
    public bool SkipUnknownResources { get; init; }

    public ResourceDefaults Resources { get; init; } = ResourceDefaults.Standard;

    /// <summary>Size of each volume claim made for a container's named volume.</summary>
    public string VolumeSize { get; init; } = "1Gi";

    /// <summary>The uid that .NET project images run as (the SDK images' <c>APP_UID</c>).</summary>
    public long ProjectUserId { get; init; } = 1654;

    /// <summary>The non-root uid other images are run as under the restricted profile.</summary>
    public long ContainerUserId { get; init; } = 1000;

    /// <summary>File name shown in the header of generated files.</summary>
    public string SourceName { get; init; } = "aspire-manifest.json";
}
