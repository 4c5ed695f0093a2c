using System.Globalization;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>
/// The Kubernetes minor version manifests are generated for (<c>1.35</c>). Features the target
/// lacks are coded errors (KUBEAI3021) instead of objects the API server would reject or ignore.
/// </summary>
public readonly record struct KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    /// <summary>What KubeAi targets when nobody says: the newest version whose schemas ship offline.</summary>
    public static KubernetesVersion Default { get; } = new(1, 35);

    /// <summary>The oldest version KubeAi generates for (the first with sidecar containers on by default).</summary>
    public static KubernetesVersion Oldest { get; } = new(1, 29);

    public int CompareTo(KubernetesVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major.ToString(CultureInfo.InvariantCulture)}.{Minor.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>1.35</c>, <c>v1.35</c> or <c>1.35.2</c> (the patch is irrelevant to which fields exist).</summary>
    public static bool TryParse(string? text, out KubernetesVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = (text.StartsWith('v') ? text[1..] : text).Split('.');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || p.Length > 4 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        version = new KubernetesVersion(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The version, or KUBEAI3020 naming the value; versions older than <see cref="Oldest"/> are refused too.</summary>
    public static KubernetesVersion Require(string text, string origin)
    {
        if (!TryParse(text, out var version) || version.Major != 1)
        {
            throw new KubeAiException(ErrorCodes.InvalidKubernetesVersion, $"'{MessageText.Printable(text)}' is not a Kubernetes version (the form is 1.<minor>, for example 1.35)", origin);
        }

        if (version < Oldest)
        {
            throw new KubeAiException(ErrorCodes.InvalidKubernetesVersion, $"Kubernetes {version} is out of support; KubeAi generates for {Oldest} and later", origin);
        }

        return version;
    }
}
