using System.Xml;

namespace KubeAi.Core.AppModel;

/// <summary>
/// The tag the SDK gives a project's image when nothing else names one: its <c>ContainerImageTag</c>, else its
/// <c>Version</c> (<c>VersionPrefix</c>[-<c>VersionSuffix</c>]), else the SDK's default version 1.0.0. Read from the
/// project file and the <c>Directory.Build.props</c> files above it, literal values only (a value built from
/// <c>$(...)</c> needs MSBuild, which Core does not run): never <c>latest</c>.
/// </summary>
public static class ProjectVersion
{
    /// <summary>The SDK's default <c>Version</c>, and so its default image tag.</summary>
    public const string SdkDefault = "1.0.0";

    private const long MaxFileBytes = 1024 * 1024;

    public static string ImageTag(string? projectFile)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (projectFile is not null && File.Exists(projectFile))
        {
            // The project file wins over the props files: read it first, then walk up; the first value of a property stays.
            Read(projectFile, properties);
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(projectFile)); dir is not null; dir = Path.GetDirectoryName(dir))
            {
                var props = Path.Combine(dir, "Directory.Build.props");
                if (File.Exists(props))
                {
                    Read(props, properties);
                }
            }
        }

        if (properties.TryGetValue("ContainerImageTag", out var tag))
        {
            return tag;
        }

        if (properties.TryGetValue("Version", out var version))
        {
            return version;
        }

        var prefix = properties.GetValueOrDefault("VersionPrefix", SdkDefault);
        return properties.TryGetValue("VersionSuffix", out var suffix) ? $"{prefix}-{suffix}" : prefix;
    }

    private static void Read(string file, Dictionary<string, string> properties)
    {
        try
        {
            if (new FileInfo(file).Length > MaxFileBytes)
            {
                return;
            }

            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            var conditionalGroup = false;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "PropertyGroup")
                {
                    conditionalGroup = reader.GetAttribute("Condition") is not null;
                    continue;
                }

                if (conditionalGroup || reader.Depth != 2 || reader.GetAttribute("Condition") is not null
                    || reader.LocalName is not ("ContainerImageTag" or "Version" or "VersionPrefix" or "VersionSuffix"))
                {
                    continue;
                }

                var name = reader.LocalName;
                var value = reader.ReadElementContentAsString().Trim();
                if (value.Length > 0 && !value.Contains("$(", StringComparison.Ordinal) && !value.Contains(';'))
                {
                    properties.TryAdd(name, value);
                }
            }
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            // An unreadable project file is MSBuild's to report; the tag falls back to the SDK default.
        }
    }
}
