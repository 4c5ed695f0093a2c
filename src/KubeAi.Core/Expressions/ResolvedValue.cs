namespace KubeAi.Core.Expressions;

/// <summary>A piece of a resolved value: literal text, or a secret known only by reference.</summary>
public abstract record ValuePart;

/// <summary>Plain text, safe to write into a generated file.</summary>
public sealed record LiteralPart(string Text) : ValuePart;

/// <summary>
/// A secret value: written nowhere, referenced by <paramref name="Key"/> in the generated Secret.
/// <paramref name="Note"/> tells the person filling the key what it holds when that is not plain.
/// </summary>
public sealed record SecretPart(string Key, string? Note = null) : ValuePart;

/// <summary>
/// A plain (non-secret) parameter that had no value at generation: a deploy-time input, written nowhere,
/// referenced by <paramref name="Key"/> in the generated parameters ConfigMap (kustomize: <c>base/parameters.env</c>;
/// Helm: <c>values.yaml</c>). <paramref name="Note"/> tells the person filling it what it holds when that is not plain.
/// </summary>
public sealed record ParameterPart(string Key, string? Note = null) : ValuePart;

/// <summary>
/// The result of resolving a manifest string for the cluster: literal text interleaved with
/// secret references, and the workload resources it points at (for network policies).
/// </summary>
public sealed class ResolvedValue
{
    public static readonly ResolvedValue Empty = new([], new SortedSet<string>(StringComparer.Ordinal));

    public ResolvedValue(IReadOnlyList<ValuePart> parts, IReadOnlySet<string> references)
    {
        Parts = parts;
        References = references;
    }

    public IReadOnlyList<ValuePart> Parts { get; }

    /// <summary>Names of workload resources whose endpoints this value points at.</summary>
    public IReadOnlySet<string> References { get; }

    public bool IsSecret => Parts.Any(p => p is SecretPart);

    /// <summary>Whether the value is known now: only literal text, no secret and no deploy-time parameter.</summary>
    public bool IsLiteral => Parts.All(p => p is LiteralPart);

    /// <summary>The text, when the value is all literal; otherwise null.</summary>
    public string? Text => IsLiteral ? string.Concat(Parts.Cast<LiteralPart>().Select(p => p.Text)) : null;

    /// <summary>The key of the single secret this value is made of, when it is exactly one.</summary>
    public string? SoleSecret => Parts is [SecretPart only] ? only.Key : null;

    public static ResolvedValue Concat(IEnumerable<ResolvedValue> values)
    {
        var builder = new ResolvedValueBuilder();
        foreach (var value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    public static ResolvedValue Literal(string text) =>
        new(text.Length == 0 ? [] : [new LiteralPart(text)], new SortedSet<string>(StringComparer.Ordinal));
}

/// <summary>
/// Builds a <see cref="ResolvedValue"/> piece by piece in linear time: adjacent literal text is gathered in one
/// buffer (not concatenated pairwise), references are merged into one set.
/// </summary>
internal sealed class ResolvedValueBuilder
{
    private readonly List<ValuePart> _parts = [];
    private readonly System.Text.StringBuilder _literal = new();
    private readonly SortedSet<string> _references = new(StringComparer.Ordinal);

    /// <summary>The literal text gathered so far, in characters.</summary>
    public long LiteralLength { get; private set; }

    public void AppendLiteral(string text, int start, int length)
    {
        if (length > 0)
        {
            _literal.Append(text, start, length);
            LiteralLength += length;
        }
    }

    public void Append(ResolvedValue value)
    {
        foreach (var part in value.Parts)
        {
            if (part is LiteralPart literal)
            {
                _literal.Append(literal.Text);
                LiteralLength += literal.Text.Length;
                continue;
            }

            Flush();
            _parts.Add(part);
        }

        if (value.References.Count > 0)
        {
            _references.UnionWith(value.References);
        }
    }

    public ResolvedValue Build()
    {
        Flush();
        return new ResolvedValue(_parts, _references);
    }

    private void Flush()
    {
        if (_literal.Length > 0)
        {
            _parts.Add(new LiteralPart(_literal.ToString()));
            _literal.Clear();
        }
    }
}
