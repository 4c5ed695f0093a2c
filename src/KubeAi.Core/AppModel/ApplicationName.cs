namespace KubeAi.Core.AppModel;

/// <summary>Derives a default application name from an app host's name (<c>Shop.AppHost</c> → <c>shop</c>).</summary>
public static class ApplicationName
{
    public static string FromAppHost(string appHostName)
    {
        var name = appHostName;
        foreach (var suffix in new[] { ".AppHost", "-AppHost", "AppHost", ".apphost" })
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^suffix.Length];
                break;
            }
        }

        var cleaned = KubernetesNames.Slug(name);

        if (cleaned.Length > 40)
        {
            cleaned = cleaned[..40].TrimEnd('-');
        }

        return cleaned.Length > 0 && char.IsAsciiLetter(cleaned[0]) ? cleaned : "app" + (cleaned.Length > 0 ? "-" + cleaned : string.Empty);
    }
}
