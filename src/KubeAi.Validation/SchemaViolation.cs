namespace KubeAi.Validation;

/// <summary>One schema violation found in a Kubernetes YAML document.</summary>
/// <param name="Source">Where the YAML came from (a file path relative to the validated folder, or the caller's label).</param>
/// <param name="DocumentIndex">Zero-based index of the YAML document (<c>---</c> separated) in the source.</param>
/// <param name="Kind">The object's <c>kind</c>, when known.</param>
/// <param name="Name">The object's <c>metadata.name</c>, when known.</param>
/// <param name="Path">
/// Field path in Kubernetes style: <c>spec.template.spec.containers[0].image</c>, map entries as
/// <c>metadata.labels[app.kubernetes.io/name]</c>; empty for an object-level problem.
/// </param>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">1-based line of the offending node in the source, 0 when unknown.</param>
/// <param name="Column">1-based column of the offending node in the source, 0 when unknown.</param>
public sealed record SchemaViolation(
    string Source,
    int DocumentIndex,
    string? Kind,
    string? Name,
    string Path,
    string Message,
    int Line = 0,
    int Column = 0)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var location = Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
        var subject = Kind is null ? $"document {DocumentIndex}" : $"{Kind}/{Name ?? "?"}";
        var field = Path.Length == 0 ? string.Empty : Path + ": ";
        return $"{location} ({subject}): {field}{Message}";
    }
}

/// <summary>The outcome of validating a folder of YAML files.</summary>
/// <param name="Violations">Every violation found, ordered by file, then document, then position.</param>
/// <param name="ObjectsChecked">How many Kubernetes objects were validated.</param>
/// <param name="FilesChecked">How many YAML files were read (kustomize files and the files they only reference are not counted).</param>
public sealed record SchemaValidationResult(
    IReadOnlyList<SchemaViolation> Violations,
    int ObjectsChecked,
    int FilesChecked)
{
    /// <summary>The files that could not be read as YAML (each skipped, with a KUBEAI600x code).</summary>
    public IReadOnlyList<ManifestFileProblem> Problems { get; init; } = [];

    /// <summary>True when no violation was found and every file could be read.</summary>
    public bool IsValid => Violations.Count == 0 && Problems.Count == 0;
}
