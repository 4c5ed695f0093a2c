using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>
/// The one file of Kubernetes naming rules (ports of k8s.io/apimachinery's validation helpers) that
/// generation, the validator of generated files, the CLI, the MSBuild tasks and KubeAi.Hosting all
/// use: DNS-1123/1035 labels and subdomains, label values, label and annotation keys, ConfigMap and
/// Secret data keys, port names, env var names, MIG profiles, Kueue queue and priority class names.
/// Each <c>Check…</c> returns null when the value is valid, otherwise why not (a short phrase); each
/// <c>Is…</c> is its boolean form. Hand-written loops (no regex): no backtracking, no <c>$</c> that
/// lets a trailing newline through.
/// </summary>
public static class KubernetesNames
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int LabelValueMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;
    public const int ConfigKeyMaxLength = 253;
    public const int PortNameMaxLength = 15;

    /// <summary>The most a MIG profile's memory can say (<c>7g.9999gb</c>); real profiles are 5gb to 192gb.</summary>
    public const int MigMemoryMaxDigits = 4;

    public const string Dns1123LabelRule = "at most 63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit";
    public const string Dns1035LabelRule = "at most 63 characters of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
    public const string Dns1123SubdomainRule = "at most 253 characters of lowercase letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit";
    public const string LabelValueRule = "empty, or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
    public const string ConfigKeyRule = "1 to 253 characters of letters, digits, '-', '_' and '.', not '.' or '..'";
    public const string PortNameRule = "at most 15 characters of lowercase letters, digits and '-', with at least one letter, no '-' at either end and no '--'";
    public const string MigProfileRule = "the form is <slices>g.<memory>gb with 1 to 7 slices, for example 1g.10gb or 3g.40gb";

    /// <summary>
    /// The object name for an Aspire resource: lowercased (Aspire names are case-insensitive,
    /// Kubernetes names are not), then checked as an RFC 1035 label so it can name a Service.
    /// </summary>
    public static string ForResource(string resourceName, string origin)
    {
        var name = resourceName.ToLowerInvariant();
        if (!IsDnsLabel(name))
        {
            throw new KubeAiException(
                ErrorCodes.InvalidResourceName,
                $"resource name '{Messages.OneLine(resourceName, 100)}' cannot name Kubernetes objects: it must be {Dns1035LabelRule}",
                origin);
        }

        return name;
    }

    /// <summary>
    /// Lowercase letters and digits, every other run of characters one '-', no '-' at either end:
    /// the raw material of a name made from free text (volume names, app host names).
    /// </summary>
    public static string Slug(string text)
    {
        var slug = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-';
            if (next != '-' || (slug.Length > 0 && slug[^1] != '-'))
            {
                slug.Append(next);
            }
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>An RFC 1035 label (starts with a letter): what KubeAi requires of names that become Services and namespaces.</summary>
    public static bool IsDnsLabel(string value) => IsDns1035Label(value);

    public static bool IsDns1035Label(string value) => IsDns1123Label(value) && char.IsAsciiLetterLower(value[0]);

    public static bool IsDns1123Label(string value) => value.Length <= Dns1123LabelMaxLength && IsLabelBody(value);

    public static bool IsDnsSubdomain(string value)
    {
        if (value.Length is 0 or > Dns1123SubdomainMaxLength)
        {
            return false;
        }

        foreach (var part in value.Split('.'))
        {
            if (!IsLabelBody(part))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when <paramref name="value"/> is a label value (which may be empty), otherwise why not.</summary>
    public static string? CheckLabelValue(string value)
    {
        if (value.Length > LabelValueMaxLength)
        {
            return $"must be no more than {LabelValueMaxLength} characters";
        }

        return value.Length == 0 || IsQualifiedNamePart(value) ? null : $"must be {LabelValueRule}";
    }

    public static bool IsLabelValue(string value) => CheckLabelValue(value) is null;

    /// <summary>Null when <paramref name="key"/> is a label or annotation key (<c>[prefix/]name</c>), otherwise why not.</summary>
    public static string? CheckQualifiedName(string key)
    {
        var name = key;
        var slash = key.IndexOf('/');
        if (slash >= 0)
        {
            var prefix = key[..slash];
            name = key[(slash + 1)..];
            if (prefix.Length == 0)
            {
                return "prefix part must be non-empty";
            }

            if (!IsDnsSubdomain(prefix))
            {
                return $"prefix part \"{Messages.OneLine(prefix, 80)}\" must be a lowercase RFC 1123 subdomain (no more than {Dns1123SubdomainMaxLength} characters)";
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > QualifiedNameMaxLength)
        {
            return $"name part must be no more than {QualifiedNameMaxLength} characters";
        }

        return IsQualifiedNamePart(name)
            ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
                "alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc'); an optional DNS subdomain prefix and '/' " +
                "may precede it (e.g. 'example.com/MyName')";
    }

    /// <summary>Null when <paramref name="key"/> is a ConfigMap or Secret data key, otherwise why not.</summary>
    public static string? CheckConfigKey(string key)
    {
        if (key.Length is 0 or > ConfigKeyMaxLength)
        {
            return $"must be 1 to {ConfigKeyMaxLength} characters long";
        }

        if (key is "." or "..")
        {
            return "must not be '.' or '..'";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return "must consist of letters, digits, '-', '_' or '.'";
            }
        }

        return null;
    }

    /// <summary>A ConfigMap/Secret key that kustomize and Kubernetes accept.</summary>
    public static bool IsConfigKey(string key) => CheckConfigKey(key) is null;

    /// <summary>A name usable in <c>$(NAME)</c> expansion and in the env of a container.</summary>
    public static bool IsEnvName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Null when <paramref name="name"/> can name a container's env var (Kubernetes 1.34+: printable ASCII but '=',
    /// not empty), otherwise why not. <see cref="IsEnvName"/> is the stricter rule of names KubeAi refers to in <c>$(NAME)</c>.
    /// </summary>
    public static string? CheckEnvVarName(string name)
    {
        if (name.Length == 0)
        {
            return "must not be empty";
        }

        foreach (var c in name)
        {
            if (c is < ' ' or > '~' or '=')
            {
                return "must consist of printable ASCII characters other than '='";
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="name"/> is a port name (IANA_SVC_NAME), otherwise why not.</summary>
    public static string? CheckPortName(string name)
    {
        if (name.Length is 0 or > PortNameMaxLength)
        {
            return $"must be 1 to {PortNameMaxLength} characters long";
        }

        var letter = false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return "must consist of lowercase letters, digits and '-'";
            }

            letter |= char.IsAsciiLetterLower(c);
        }

        if (!letter)
        {
            return "must contain at least one letter";
        }

        return name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal) ? "must not begin or end with '-' or contain '--'" : null;
    }

    public static bool IsPortName(string name) => CheckPortName(name) is null;

    /// <summary>
    /// A port name (IANA service name) made from a binding name: lowercase letters, digits and single '-',
    /// at least one letter, at most 15 characters. Longer binding names are shortened deterministically.
    /// </summary>
    public static string PortName(string bindingName)
    {
        var cleaned = Slug(bindingName);
        if (!cleaned.Any(char.IsAsciiLetter))
        {
            cleaned = cleaned.Length == 0 ? "port" : "port-" + cleaned;
        }

        return cleaned.Length <= PortNameMaxLength ? cleaned : cleaned[..PortNameMaxLength].TrimEnd('-');
    }

    /// <summary>Null when <paramref name="profile"/> is a MIG profile KubeAi can request (<c>nvidia.com/mig-&lt;profile&gt;</c>), otherwise why not.</summary>
    public static string? CheckMigProfile(string profile)
    {
        // <1-7>g.<memory>gb: the resource name nvidia.com/mig-<profile> must stay a valid qualified name.
        var valid = profile.Length >= 6 && profile[0] is >= '1' and <= '7' && profile[1] == 'g' && profile[2] == '.' &&
            profile.EndsWith("gb", StringComparison.Ordinal) && profile.Length - 5 is > 0 and <= MigMemoryMaxDigits &&
            profile[3] != '0' && profile.AsSpan(3, profile.Length - 5).IndexOfAnyExceptInRange('0', '9') < 0;
        return valid ? null : $"is not a MIG profile ({MigProfileRule})";
    }

    public static bool IsMigProfile(string profile) => CheckMigProfile(profile) is null;

    /// <summary>
    /// Null when <paramref name="name"/> can name a Kueue LocalQueue or ClusterQueue, a WorkloadPriorityClass or a
    /// PriorityClass (objects named by DNS-1123 subdomains, referenced from a label value: at most 63 characters).
    /// </summary>
    public static string? CheckQueueName(string name) =>
        IsDnsSubdomain(name) && name.Length <= LabelValueMaxLength
            ? null
            : "must be at most 63 characters of lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";

    /// <summary>Null when <paramref name="name"/> can name a PriorityClass (a DNS-1123 subdomain), otherwise why not.</summary>
    public static string? CheckPriorityClassName(string name) => IsDnsSubdomain(name) ? null : $"must be {Dns1123SubdomainRule}";

    /// <summary>Names of RBAC objects only need to be valid path segments (e.g. <c>system:controller</c>).</summary>
    public static bool IsPathSegmentName(string value) =>
        value.Length > 0 && value is not ("." or "..") && !value.Contains('/') && !value.Contains('%');

    /// <summary>
    /// Throws <paramref name="code"/> naming the field and the escaped value when <paramref name="reason"/> is set:
    /// the one way every reader turns a failed name check into a coded error.
    /// </summary>
    public static string Require(string value, string? reason, string field, string origin, string code)
    {
        if (reason is not null)
        {
            throw new KubeAiException(code, $"{field} '{Messages.OneLine(value, 100)}' {reason}", origin);
        }

        return value;
    }

    // [a-z0-9]([-a-z0-9]*[a-z0-9])?
    private static bool IsLabelBody(string value)
    {
        if (value.Length == 0 || !IsLowerAlnum(value[0]) || !IsLowerAlnum(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(IsLowerAlnum(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    // ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
    private static bool IsQualifiedNamePart(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The most bytes all annotations of one object may hold together (apimachinery's TotalAnnotationSizeLimitB).</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>
    /// True for resource names that Kubernetes treats as extended (not overcommittable) resources such as
    /// <c>nvidia.com/gpu</c>: fully qualified and outside the <c>kubernetes.io</c> namespace.
    /// </summary>
    public static bool IsExtendedResourceName(string name)
    {
        var slash = name.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var domain = name[..slash];
        if (domain == "kubernetes.io" || domain.EndsWith(".kubernetes.io", StringComparison.Ordinal))
        {
            return false;
        }

        return !name.StartsWith("requests.", StringComparison.Ordinal);
    }
}
