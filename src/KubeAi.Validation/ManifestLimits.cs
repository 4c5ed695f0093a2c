namespace KubeAi.Validation;

/// <summary>
/// Bounds on what <c>kubeai validate</c> reads from one file, so that any input costs bounded time and memory
/// (docs/errors.md, KUBEAI6002, KUBEAI6006, KUBEAI6008). A file over a bound is reported with one coded line and
/// skipped; the rest of the tree is still validated.
/// </summary>
public static class ManifestLimits
{
    /// <summary>Largest file read: 16 MiB (a generated file is a few KiB; a 1,000-resource tree is ~6 MB in all).</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences in one document (a Pod template is ~15 deep).</summary>
    public const int MaxDepth = 256;

    /// <summary>Most nodes in one file once aliases are expanded (the validator and linter visit each).</summary>
    public const int MaxNodes = 1_000_000;
}
