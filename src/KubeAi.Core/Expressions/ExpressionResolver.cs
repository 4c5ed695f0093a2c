using System.Globalization;
using System.Text;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Expressions;

/// <summary>
/// Resolves the expressions an Aspire manifest writes (<c>{api.bindings.http.url}</c>,
/// <c>{db.connectionString}</c>, <c>{pw.value}</c>, <c>{pw.inputs.value}</c>, ...) for the cluster:
/// hosts become Service names, ports the Service ports, secrets stay references. Resolution is
/// memoised per (resource, property); the references between values are walked with an explicit stack (a
/// long chain costs no call depth) and in linear time.
/// </summary>
public sealed class ExpressionResolver
{
    private readonly AppManifest _manifest;
    private readonly IReadOnlyDictionary<string, string> _parameterValues;
    private readonly IReadOnlyDictionary<string, string> _images;
    private readonly ISet<string> _skipped;
    private readonly IReadOnlySet<string> _external;
    private readonly Dictionary<string, ResolvedValue> _memo = new(StringComparer.Ordinal);
    private readonly List<string> _stack = [];
    private readonly Dictionary<string, IReadOnlyList<Endpoint>> _endpoints = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _missing = new(StringComparer.Ordinal);
    private readonly bool _strictParameters;
    private string _useOrigin = string.Empty;

    /// <param name="manifest">The app model.</param>
    /// <param name="parameterValues">Values for non-secret parameters (secret values are never taken).</param>
    /// <param name="images">The image of each resource, for <c>{r.containerImage}</c>.</param>
    /// <param name="skipped">Resources of unknown type the caller chose to skip.</param>
    /// <param name="external">Resources that run outside the cluster: what refers to them becomes a secret deploy-time input.</param>
    /// <param name="strictParameters">
    /// True: a plain parameter without a value is recorded in <see cref="MissingParameters"/> (the caller refuses it).
    /// False (the default): it becomes a deploy-time input, a <see cref="ParameterPart"/>.
    /// </param>
    public ExpressionResolver(
        AppManifest manifest,
        IReadOnlyDictionary<string, string>? parameterValues = null,
        IReadOnlyDictionary<string, string>? images = null,
        ISet<string>? skipped = null,
        bool strictParameters = false,
        IReadOnlySet<string>? external = null)
    {
        _strictParameters = strictParameters;
        _external = external ?? new HashSet<string>();
        _manifest = manifest;
        _parameterValues = parameterValues ?? new Dictionary<string, string>();
        _images = images ?? new Dictionary<string, string>();
        _skipped = skipped ?? new HashSet<string>();
    }

    /// <summary>Non-secret parameters that had no value, with where each was needed (only with strict parameters).</summary>
    public IReadOnlyDictionary<string, string> MissingParameters => _missing;

    /// <summary>
    /// The workloads a resource stands for: itself when it runs, else those its connection string points at (a
    /// database of a server); none for a parameter, an external or skipped resource, or a name the manifest lacks.
    /// </summary>
    public IEnumerable<string> WorkloadsBehind(string name, string origin)
    {
        if (!_manifest.ByName.TryGetValue(name, out var resource) || _external.Contains(name) || _skipped.Contains(name))
        {
            return [];
        }

        if (resource.IsWorkload)
        {
            return [name];
        }

        return resource.ConnectionString is null ? [] : Resolve($"{{{name}.connectionString}}", origin).References;
    }

    public IReadOnlyList<Endpoint> EndpointsOf(AppResource resource)
    {
        if (!_endpoints.TryGetValue(resource.Name, out var plan))
        {
            plan = Endpoints.Plan(resource);
            _endpoints[resource.Name] = plan;
        }

        return plan;
    }

    /// <summary>The longest expression (<c>{resource.property}</c>, braces not counted) KubeAi resolves.</summary>
    public const int MaxExpressionLength = 1024;

    /// <summary>The most text (in characters) one resolved value may hold.</summary>
    public const int MaxResolvedLength = 1024 * 1024;

    /// <summary>Resolves a manifest string; <paramref name="origin"/> names where it came from.</summary>
    public ResolvedValue Resolve(string text, string origin)
    {
        if (_stack.Count == 0)
        {
            _useOrigin = origin;
        }

        if (text.IndexOf('{') < 0)
        {
            return ResolvedValue.Literal(text);
        }

        // One pass over the text: each character is looked at a bounded number of times, so a megabyte of
        // braces or fifty thousand expressions in one value cost linear time (docs/limits.md).
        var pieces = new ResolvedValueBuilder();
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                break;
            }

            // Aspire does not escape braces: text that is not an expression stays as it is.
            var end = ScanExpression(text, open + 1, out var isExpression);
            if (!isExpression)
            {
                // JSON or other text that merely contains braces: Aspire writes it as is.
                i = open + 1;
                continue;
            }

            if (end - open - 1 > MaxExpressionLength)
            {
                throw new KubeAiException(ErrorCodes.ExpressionLimit, $"expression '{{{Messages.OneLine(text.Substring(open + 1, 40), 40)}' is longer than {MaxExpressionLength} characters, the limit KubeAi resolves (docs/limits.md)", origin);
            }

            var inner = text[(open + 1)..end];
            if (end == text.Length)
            {
                throw new KubeAiException(ErrorCodes.ExpressionSyntax, $"expression '{{{Messages.OneLine(inner, 80)}' in \"{Messages.OneLine(text, 120)}\" has no closing '}}'", origin);
            }

            pieces.AppendLiteral(text, literalStart, open - literalStart);
            pieces.Append(ResolveExpression(inner, origin));
            if (pieces.LiteralLength > MaxResolvedLength)
            {
                // Values that repeat values that repeat values: a few kilobytes of manifest could ask for gigabytes.
                throw new KubeAiException(ErrorCodes.ExpressionLimit, $"the value resolves to more than {MaxResolvedLength / 1024 / 1024} MiB of text, the limit KubeAi resolves in one value (docs/limits.md)", origin);
            }
            i = literalStart = end + 1;
        }

        pieces.AppendLiteral(text, literalStart, text.Length - literalStart);
        return pieces.Build();
    }

    // An expression is resource.property[.more]: identifiers separated by dots, no spaces or quotes. Scans from
    // just after '{' over expression characters only, so the scans of two braces never overlap. Returns where the
    // candidate ends: at its '}', or at the end of the text when it runs to the end unclosed.
    private static int ScanExpression(string text, int start, out bool isExpression)
    {
        var j = start;
        var dot = -1;
        while (j < text.Length)
        {
            var ch = text[j];
            if (ch == '}')
            {
                break;
            }

            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_'))
            {
                isExpression = false;
                return j;
            }

            if (ch == '.' && dot < 0)
            {
                dot = j;
            }

            j++;
        }

        // resource.property: a dot, neither first nor last.
        isExpression = dot > start && dot < j - 1;
        return j;
    }

    /// <summary>
    /// The expressions a manifest string refers to, in order, as <see cref="Resolve"/> finds them (without
    /// checking them). Linear in the text.
    /// </summary>
    internal static IEnumerable<string> ExpressionsIn(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                yield break;
            }

            var end = ScanExpression(text, open + 1, out var isExpression);
            if (!isExpression || end == text.Length)
            {
                i = open + 1;
                continue;
            }

            yield return text[(open + 1)..end];
            i = end + 1;
        }
    }

    private ResolvedValue ResolveExpression(string expression, string origin)
    {
        if (_memo.TryGetValue(expression, out var known))
        {
            return known;
        }

        if (_stack.Count == 0)
        {
            ResolveDependenciesFirst(expression, origin);
        }

        return ResolveOne(expression, origin);
    }

    /// <summary>
    /// Resolves, deepest first, every expression <paramref name="root"/> depends on (not the root itself), walking the
    /// references with an explicit stack: a chain of twenty thousand values costs no stack depth, because by the time
    /// a value is resolved, everything it refers to is already in the memo. A cycle is found here.
    /// </summary>
    private void ResolveDependenciesFirst(string root, string origin)
    {
        var order = new List<(string Key, string Origin)>();
        var done = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: finished
        var path = new List<(string Key, string Origin, IEnumerator<string> Dependencies)>();
        done[root] = false;
        path.Add((root, origin, DependenciesOf(root).GetEnumerator()));
        while (path.Count > 0)
        {
            var (key, keyOrigin, dependencies) = path[^1];
            if (!dependencies.MoveNext())
            {
                done[key] = true;
                order.Add((key, keyOrigin));
                path.RemoveAt(path.Count - 1);
                continue;
            }

            var dependency = dependencies.Current;
            if (_memo.ContainsKey(dependency) || !IsResolvable(dependency))
            {
                // Known already, or an error that resolving it reports, where it is.
                continue;
            }

            var dependencyOrigin = FieldOrigin(key);
            if (done.TryGetValue(dependency, out var finished))
            {
                if (!finished)
                {
                    var cycle = path.Select(p => p.Key).SkipWhile(k => k != dependency).Append(dependency).ToList();
                    throw new KubeAiException(ErrorCodes.CyclicExpression, $"expressions refer to each other in a cycle: {CycleText(cycle)}", dependencyOrigin);
                }

                continue;
            }

            done[dependency] = false;
            path.Add((dependency, dependencyOrigin, DependenciesOf(dependency).GetEnumerator()));
        }

        for (var i = 0; i < order.Count - 1; i++)
        {
            ResolveOne(order[i].Key, order[i].Origin);
        }
    }

    // A cycle of a few keys in full; a long one by its ends (the message stays bounded).
    private static string CycleText(IReadOnlyList<string> cycle)
    {
        var keys = cycle.Count <= 8 ? cycle : [.. cycle.Take(4), "…", .. cycle.TakeLast(3)];
        return string.Join(" -> ", keys.Select(k => k == "…" ? k : "{" + k + "}"));
    }

    // The expressions the value of one expression is made of: those in the field it reads.
    private IEnumerable<string> DependenciesOf(string expression)
    {
        var segments = expression.Split('.');
        if (!_manifest.ByName.TryGetValue(segments[0], out var resource) || _external.Contains(segments[0]) || segments.Length != 2)
        {
            return [];
        }

        var field = segments[1] switch
        {
            "connectionString" => resource.ConnectionString,
            "value" => resource.Value,
            _ => null,
        };
        return field is null ? [] : ExpressionsIn(field);
    }

    // Whether resolving the expression gets as far as its value (else it fails at once, and says why).
    private bool IsResolvable(string expression)
    {
        var segments = expression.Split('.');
        return !segments.Any(s => s.Length == 0) && _manifest.ByName.ContainsKey(segments[0]) && !_skipped.Contains(segments[0]);
    }

    private string FieldOrigin(string expression)
    {
        var segments = expression.Split('.');
        return _manifest.ByName.TryGetValue(segments[0], out var resource) && segments.Length > 1
            ? $"{resource.Origin}.{segments[1]}"
            : expression;
    }

    private ResolvedValue ResolveOne(string expression, string origin)
    {
        var segments = expression.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            throw new KubeAiException(ErrorCodes.ExpressionSyntax, $"expression '{{{expression}}}' has an empty segment", origin);
        }

        var resourceName = segments[0];
        if (!_manifest.ByName.TryGetValue(resourceName, out var resource))
        {
            throw new KubeAiException(ErrorCodes.DanglingReference, $"expression '{{{expression}}}' refers to resource '{resourceName}', which the manifest does not define", origin);
        }

        if (_skipped.Contains(resourceName))
        {
            throw new KubeAiException(ErrorCodes.DanglingReference, $"expression '{{{expression}}}' refers to resource '{resourceName}' of type '{resource.Type}', which was skipped", origin);
        }

        var key = expression;
        if (_memo.TryGetValue(key, out var cached))
        {
            return cached;
        }

        // A resource declared external (a cloud database, an API hosted elsewhere) has no address in the cluster:
        // whatever is asked of it (connection string, URL, output) is a secret input given at deploy time.
        if (_external.Contains(resourceName))
        {
            var external = new ResolvedValue(
                [new SecretPart(expression, $"'{segments[1..].Aggregate((a, b) => a + "." + b)}' of external resource '{resourceName}' ({resource.Type}), which runs outside the cluster")],
                new SortedSet<string>(StringComparer.Ordinal));
            _memo[key] = external;
            return external;
        }

        if (_stack.Contains(key))
        {
            throw new KubeAiException(ErrorCodes.CyclicExpression, $"expressions refer to each other in a cycle: {CycleText([.. _stack.SkipWhile(s => s != key), key])}", origin);
        }

        _stack.Add(key);
        try
        {
            var value = segments[1] switch
            {
                "bindings" when segments.Length == 4 => ResolveBinding(resource, segments[2], segments[3], expression, origin),
                "connectionString" when segments.Length == 2 => ResolveField(resource, resource.ConnectionString, "connectionString", expression, origin),
                "value" when segments.Length == 2 && resource.Filter is not null => ResolveFiltered(resource, expression, origin),
                "value" when segments.Length == 2 => ResolveField(resource, resource.Value, "value", expression, origin),
                "inputs" when segments.Length == 3 => ResolveInput(resource, segments[2], expression, origin),
                "containerImage" when segments.Length == 2 => ResolvedValue.Literal(ImageOf(resource, expression, origin)),
                _ => throw new KubeAiException(ErrorCodes.UnknownExpressionProperty, $"expression '{{{expression}}}' uses '{string.Join('.', segments[1..])}', which KubeAi does not know for a {resource.Type} resource", origin),
            };
            _memo[key] = value;
            return value;
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }

    private ResolvedValue ResolveField(AppResource resource, string? field, string property, string expression, string origin)
    {
        if (field is null)
        {
            throw new KubeAiException(ErrorCodes.UnknownExpressionProperty, $"expression '{{{expression}}}' needs the {property} of '{resource.Name}', which has none", origin);
        }

        if (resource.IsSecretParameter)
        {
            return ResolveSecretField(resource, field, property);
        }

        return Resolve(field, $"{resource.Origin}.{property}");
    }

    // A field of a secret parameter is secret whatever it holds: a literal value or connection string
    // (hand-written manifests have them) is never written or echoed, it becomes a Secret key of its own.
    // Only references to the parameter's own secret input resolve as usual (the key is the parameter's name).
    private ResolvedValue ResolveSecretField(AppResource resource, string field, string property)
    {
        var key = property == "value" ? resource.Name : $"{resource.Name}.{property}";
        var asKey = new ResolvedValue([new SecretPart(key, $"the {property} of secret parameter '{resource.Name}'")], new SortedSet<string>(StringComparer.Ordinal));
        if (field.IndexOf('{') < 0)
        {
            return asKey;
        }

        ResolvedValue resolved;
        try
        {
            resolved = Resolve(field, $"{resource.Origin}.{property}");
        }
        catch (KubeAiException ex) when (ex.Code is ErrorCodes.ExpressionSyntax or ErrorCodes.DanglingReference or ErrorCodes.UnknownExpressionProperty)
        {
            // The message would quote the text, which may be the secret itself.
            throw new KubeAiException(ex.Code, $"the {property} of secret parameter '{resource.Name}' is not a valid expression (its text is not shown: it may be the secret)", $"{resource.Origin}.{property}");
        }

        return resolved.Parts.All(p => p is SecretPart) ? resolved : asKey;
    }

    // annotated.string: a value with an encoding applied. A literal is encoded here; a secret
    // cannot be, so its encoded form becomes a Secret key of its own, named after the resource.
    private ResolvedValue ResolveFiltered(AppResource resource, string expression, string origin)
    {
        var inner = ResolveField(resource, resource.Value, "value", expression, origin);
        if (resource.Filter != "uri")
        {
            throw new KubeAiException(ErrorCodes.UnknownExpressionProperty, $"'{resource.Name}' applies filter '{resource.Filter}', which KubeAi does not know (it knows 'uri')", $"{resource.Origin}.filter");
        }

        if (inner.Text is { } text)
        {
            return new ResolvedValue([new LiteralPart(Uri.EscapeDataString(text))], inner.References);
        }

        // Literal text is quoted in the note; a secret or a deploy-time parameter only by name.
        var source = string.Join(" + ", inner.Parts.Select(p => p switch
        {
            SecretPart s => $"secret '{s.Key}'",
            ParameterPart q => $"parameter '{q.Key}'",
            LiteralPart l => $"'{l.Text}'",
            _ => "?",
        }));
        var note = $"the URI-encoded form of {source}";
        return new ResolvedValue([inner.IsSecret ? new SecretPart(resource.Name, note) : new ParameterPart(resource.Name, note)], inner.References);
    }

    private ResolvedValue ResolveInput(AppResource resource, string inputName, string expression, string origin)
    {
        if (!resource.Inputs.TryGetValue(inputName, out var input))
        {
            throw new KubeAiException(ErrorCodes.UnknownExpressionProperty, $"expression '{{{expression}}}' names input '{inputName}', which '{resource.Name}' does not declare", origin);
        }

        // Secret and generated values are never read or written: they become a key of the
        // generated Secret, filled from the git-ignored env file at deploy time.
        if (input.Secret || input.DefaultGenerated)
        {
            return new ResolvedValue([new SecretPart(resource.Name)], new SortedSet<string>(StringComparer.Ordinal));
        }

        if (_parameterValues.TryGetValue(resource.Name, out var supplied))
        {
            return ResolvedValue.Literal(supplied);
        }

        if (input.DefaultValue is not null)
        {
            return ResolvedValue.Literal(input.DefaultValue);
        }

        if (_strictParameters)
        {
            _missing.TryAdd(resource.Name, _useOrigin);
            return ResolvedValue.Literal(string.Empty);
        }

        return new ResolvedValue([new ParameterPart(resource.Name)], new SortedSet<string>(StringComparer.Ordinal));
    }

    private ResolvedValue ResolveBinding(AppResource resource, string bindingName, string property, string expression, string origin)
    {
        if (!resource.IsWorkload)
        {
            throw new KubeAiException(ErrorCodes.DanglingReference, $"expression '{{{expression}}}' asks for a binding of '{resource.Name}', a {resource.Type} resource without bindings", origin);
        }

        var endpoint = EndpointsOf(resource).FirstOrDefault(e => e.Binding.Name == bindingName)
            ?? throw new KubeAiException(ErrorCodes.DanglingReference, $"expression '{{{expression}}}' refers to binding '{bindingName}', which '{resource.Name}' does not define", origin);

        var host = KubernetesNames.ForResource(resource.Name, resource.Origin);
        var port = endpoint.ServicePort.ToString(CultureInfo.InvariantCulture);
        var text = property switch
        {
            "url" => $"{endpoint.Binding.Scheme}://{host}:{port}",
            "host" => host,
            "port" => port,
            "targetPort" => endpoint.TargetPort.ToString(CultureInfo.InvariantCulture),
            "scheme" => endpoint.Binding.Scheme,
            "hostAndPort" => $"{host}:{port}",
            // Aspire writes bool.ToString() here.
            "tlsEnabled" => endpoint.Binding.Scheme == "https" ? bool.TrueString : bool.FalseString,
            _ => throw new KubeAiException(ErrorCodes.UnknownExpressionProperty, $"expression '{{{expression}}}' asks for '{property}'; a binding has url, host, port, targetPort, scheme, hostAndPort and tlsEnabled", origin),
        };

        return new ResolvedValue([new LiteralPart(text)], new SortedSet<string>(StringComparer.Ordinal) { resource.Name });
    }

    private string ImageOf(AppResource resource, string expression, string origin) =>
        _images.TryGetValue(resource.Name, out var image) ? image
        : resource.Image ?? throw new KubeAiException(ErrorCodes.MissingImage, $"expression '{{{expression}}}' needs the image of '{resource.Name}', and none was given", origin);
}
