using KubeAi.Core.AppModel;

namespace KubeAi.Core.Validation;

/// <summary>
/// The Kubernetes value rules the validator of generated files applies beyond the OpenAPI schemas. The rules
/// themselves live in Core's <see cref="KubernetesNames"/> and <see cref="Quantities"/>, which generation uses
/// too: what KubeAi refuses before writing and what the validator reports afterwards are one rule set.
/// </summary>
internal static class KubernetesRules
{
    public const int LabelValueMaxLength = KubernetesNames.LabelValueMaxLength;
    public const int QualifiedNameMaxLength = KubernetesNames.QualifiedNameMaxLength;
    public const int Dns1123SubdomainMaxLength = KubernetesNames.Dns1123SubdomainMaxLength;
    public const int Dns1123LabelMaxLength = KubernetesNames.Dns1123LabelMaxLength;
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>Parses a resource quantity (<c>500m</c>, <c>1.5</c>, <c>2Gi</c>, <c>1e3</c>); <paramref name="value"/> is its numeric value.</summary>
    public static bool TryParseQuantity(string text, out double value)
    {
        value = 0;
        if (!Quantities.TryParse(text, out var quantity))
        {
            return false;
        }

        value = quantity.ToDouble();
        return true;
    }

    public const string QuantityHint = "must be " + Quantities.Hint;

    public static bool IsDns1123Subdomain(string value) => KubernetesNames.IsDnsSubdomain(value);

    public static bool IsDns1123Label(string value) => KubernetesNames.IsDns1123Label(value);

    public static bool IsDns1035Label(string value) => KubernetesNames.IsDns1035Label(value);

    public static bool IsPathSegmentName(string value) => KubernetesNames.IsPathSegmentName(value);

    public static string? CheckLabelValue(string value) => KubernetesNames.CheckLabelValue(value);

    public static string? CheckQualifiedName(string key) => KubernetesNames.CheckQualifiedName(key);

    public static string? CheckConfigMapKey(string key) => KubernetesNames.CheckConfigKey(key);

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
