using System.Text.RegularExpressions;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>Checks for values users give KubeAi: quantities, image references, namespaces.</summary>
public static partial class KubernetesValues
{
    public static bool IsQuantity(string value) => value.Length <= 64 && Quantity().IsMatch(value);

    /// <summary>Throws KUBEAI3003 naming the value and where it came from unless it is a Kubernetes quantity.</summary>
    public static string RequireQuantity(string value, string origin)
    {
        if (!IsQuantity(value))
        {
            throw new KubeAiException(
                ErrorCodes.InvalidQuantity,
                $"'{value}' is not a Kubernetes quantity (examples: 500m, 2, 1.5, 512Mi, 10Gi)",
                origin);
        }

        return value;
    }

    /// <summary>A label value: at most 63 characters, alphanumeric at both ends, '-', '_' and '.' inside.</summary>
    public static bool IsLabelValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    public static bool IsImageReference(string value) => value.Length <= 512 && ImageReference().IsMatch(value);

    public static string RequireImageReference(string value, string origin)
    {
        if (!IsImageReference(value))
        {
            throw new KubeAiException(
                ErrorCodes.InvalidImageReference,
                $"'{value}' is not an image reference ([registry/]repository[:tag][@sha256:digest], repository in lowercase)",
                origin);
        }

        return value;
    }

    public static string RequireNamespace(string value, string origin)
    {
        if (!KubernetesNames.IsDnsLabel(value))
        {
            throw new KubeAiException(ErrorCodes.InvalidNamespace, $"'{value}' is not a valid namespace (a lowercase RFC 1123 label, at most 63 characters)", origin);
        }

        return value;
    }

    // The grammar of k8s.io/apimachinery/pkg/api/resource: a signed decimal, then a binary SI,
    // decimal SI or exponent suffix.
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")]
    private static partial Regex Quantity();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex ImageReference();
}
