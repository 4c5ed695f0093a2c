using System.Text.RegularExpressions;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>The Kubernetes naming rules KubeAi relies on, and the mapping from Aspire names.</summary>
public static partial class KubernetesNames
{
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
                $"resource name '{resourceName}' cannot name Kubernetes objects: it must be at most 63 characters of lowercase letters, digits and '-', start with a letter and end with a letter or digit",
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
        var slug = new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return MultiDash().Replace(slug, "-").Trim('-');
    }

    public static bool IsDnsLabel(string value) => value.Length is > 0 and <= 63 && DnsLabel().IsMatch(value);

    public static bool IsDnsSubdomain(string value) => value.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(value);

    /// <summary>
    /// A port name (IANA service name: at most 15 characters, lowercase letters, digits and
    /// single '-', at least one letter). Longer binding names are shortened deterministically.
    /// </summary>
    public static string PortName(string bindingName)
    {
        var cleaned = NonPortChars().Replace(bindingName.ToLowerInvariant(), "-").Trim('-');
        cleaned = MultiDash().Replace(cleaned, "-");
        if (cleaned.Length == 0 || !cleaned.Any(char.IsAsciiLetter))
        {
            cleaned = "port-" + cleaned;
        }

        return cleaned.Length <= 15 ? cleaned : cleaned[..15].TrimEnd('-');
    }

    /// <summary>A ConfigMap/Secret key or env var name that kustomize and Kubernetes accept.</summary>
    public static bool IsConfigKey(string key) => key.Length is > 0 and <= 253 && ConfigKey().IsMatch(key);

    /// <summary>A name usable in <c>$(NAME)</c> expansion and in the env of a container.</summary>
    public static bool IsEnvName(string name) => name.Length > 0 && EnvName().IsMatch(name);

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NonPortChars();

    [GeneratedRegex("-{2,}")]
    private static partial Regex MultiDash();

    [GeneratedRegex(@"^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();
}
