namespace KubeAi.Core.AppModel;

/// <summary>
/// An OCI image reference, <c>[registry/]repository[:tag][@sha256:digest]</c>: the one place KubeAi takes
/// references apart and puts them together (the generator, the model-image packer, the MSBuild tasks).
/// <see cref="Parse"/> only splits; whether a reference is valid is <see cref="IsValid"/>
/// (<see cref="KubernetesValues.IsImageReference"/>).
/// </summary>
/// <param name="Registry">The host[:port] (and nothing else) when the first component looks like one (a '.', a ':' or <c>localhost</c>); else null.</param>
/// <param name="Repository">The path after the registry, without tag and digest.</param>
/// <param name="Tag">The tag, or null.</param>
/// <param name="Digest">The digest (<c>sha256:…</c>), or null.</param>
public sealed record ImageReference(string? Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary><see cref="Registry"/> and <see cref="Repository"/>: the reference without tag and digest.</summary>
    public string Name => Registry is null ? Repository : $"{Registry}/{Repository}";

    /// <summary>Pinned by digest: the registry cannot change what it names.</summary>
    public bool IsPinned => Digest is not null;

    /// <summary>Whether <paramref name="reference"/> is a reference Kubernetes and registries accept.</summary>
    public static bool IsValid(string reference) => KubernetesValues.IsImageReference(reference);

    /// <summary>Splits <paramref name="reference"/> into its parts (no validation: see <see cref="IsValid"/>).</summary>
    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var digest = at < 0 ? null : reference[(at + 1)..];
        var name = at < 0 ? reference : reference[..at];
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
        }

        string? registry = null;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                name = name[(slash + 1)..];
            }
        }

        return new ImageReference(registry, name, tag, digest);
    }

    /// <summary>The reference <paramref name="repository"/> in <paramref name="registry"/> (a host and optionally a path, such as <c>registry.example.com/team</c>).</summary>
    public static ImageReference Create(string? registry, string repository, string? tag = null, string? digest = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        registry = string.IsNullOrEmpty(registry) ? null : registry.TrimEnd('/');
        return Parse(registry is null ? repository : $"{registry}/{repository}") with { Tag = string.IsNullOrEmpty(tag) ? null : tag, Digest = digest };
    }

    public override string ToString() => $"{Name}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";
}
