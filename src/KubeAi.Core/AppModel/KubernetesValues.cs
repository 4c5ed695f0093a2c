using System.Text.RegularExpressions;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>Checks for values users give KubeAi: image references, namespaces (quantities: <see cref="Quantities"/>; names: <see cref="KubernetesNames"/>).</summary>
public static partial class KubernetesValues
{
    public static bool IsImageReference(string value) => value.Length <= 512 && ImageReference().IsMatch(value);

    public static string RequireImageReference(string value, string origin)
    {
        if (!IsImageReference(value))
        {
            throw new KubeAiException(
                ErrorCodes.InvalidImageReference,
                $"'{Messages.OneLine(value, 200)}' is not an image reference ([registry/]repository[:tag][@sha256:digest], repository in lowercase)",
                origin);
        }

        return value;
    }

    public static string RequireNamespace(string value, string origin)
    {
        if (!KubernetesNames.IsDnsLabel(value))
        {
            throw new KubeAiException(ErrorCodes.InvalidNamespace, $"'{Messages.OneLine(value, 100)}' is not a valid namespace (a lowercase RFC 1123 label, at most 63 characters)", origin);
        }

        return value;
    }

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?\z")]
    private static partial Regex ImageReference();
}
