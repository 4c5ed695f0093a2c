using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>What the packed KubeAi.Templates holds: a template package, three templates, the pack's version as their default.</summary>
public sealed class PackageContentTests
{
    private static ZipArchive Open() => ZipFile.OpenRead(LocalFeed.Package("KubeAi.Templates"));

    [Fact]
    public void It_is_a_template_package_without_dependencies_or_assemblies()
    {
        using var zip = Open();
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("KubeAi.Templates", metadata.Element(ns + "id")?.Value);
        Assert.Equal(LocalFeed.PackageVersion, metadata.Element(ns + "version")?.Value);
        Assert.Equal("Template", metadata.Element(ns + "packageTypes")?.Element(ns + "packageType")?.Attribute("name")?.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) || e.FullName.EndsWith(".dll", StringComparison.Ordinal));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("/bin/", StringComparison.Ordinal) || e.FullName.Contains("/obj/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kubeai-app", "KubeAi.Templates.App", "KubeAiApp.1")]
    [InlineData("kubeai-inference", "KubeAi.Templates.Inference", "KubeAiInference.1")]
    [InlineData("kubeai-trainer", "KubeAi.Templates.Trainer", "KubeAiTrainer.1")]
    public void Each_template_has_its_identity_a_restore_post_action_and_the_cli_names(string shortName, string identity, string sourceName)
    {
        using var zip = Open();
        using var template = JsonDocument.Parse(zip.GetEntry($"content/{shortName}/.template.config/template.json")!.Open());
        var root = template.RootElement;

        Assert.Equal(identity, root.GetProperty("identity").GetString());
        Assert.Equal(shortName, root.GetProperty("shortName").GetString());
        Assert.Equal(sourceName, root.GetProperty("sourceName").GetString());
        Assert.Contains("Kubernetes", root.GetProperty("classifications").EnumerateArray().Select(c => c.GetString()));
        var restore = root.GetProperty("postActions").EnumerateArray().Single(a => a.GetProperty("actionId").GetString() == "210D431B-A78B-4D2F-B762-4ED3E3EA9025");
        Assert.NotEmpty(restore.GetProperty("manualInstructions").EnumerateArray());
        foreach (var symbol in root.GetProperty("symbols").EnumerateObject().Where(s => s.Value.GetProperty("type").GetString() == "parameter"))
        {
            Assert.False(string.IsNullOrWhiteSpace(symbol.Value.GetProperty("description").GetString()), $"{shortName}: {symbol.Name} has no description");
            Assert.True(symbol.Value.TryGetProperty("datatype", out _), $"{shortName}: {symbol.Name} has no datatype");
        }

        Assert.NotNull(zip.GetEntry($"content/{shortName}/.template.config/dotnetcli.host.json"));
    }

    [Fact]
    public void The_app_template_defaults_to_the_version_of_the_pack()
    {
        using var zip = Open();
        var text = new StreamReader(zip.GetEntry("content/kubeai-app/.template.config/template.json")!.Open()).ReadToEnd();
        using var template = JsonDocument.Parse(text);

        Assert.Equal(LocalFeed.PackageVersion, template.RootElement.GetProperty("symbols").GetProperty("kubeaiVersion").GetProperty("defaultValue").GetString());
        Assert.DoesNotContain("KUBEAI_PACK_VERSION", text);
    }

    [Fact]
    public void The_one_project_templates_carry_the_apps_model_code()
    {
        using var zip = Open();
        string Read(string path) => new StreamReader(zip.GetEntry(path)!.Open()).ReadToEnd();

        foreach (var file in new[] { "ModelStore.cs", "SentimentModel.cs", "TextFeatures.cs" })
        {
            var source = Read($"content/kubeai-app/KubeAiApp.1.Model/{file}");
            Assert.Equal(source, Read($"content/kubeai-inference/Model/{file}"));
            Assert.Equal(source, Read($"content/kubeai-trainer/Model/{file}"));
        }

        Assert.Equal(Read("content/kubeai-app/KubeAiApp.1.Trainer/GradientAverager.cs"), Read("content/kubeai-trainer/GradientAverager.cs"));
        Assert.Equal(Read("content/kubeai-app/KubeAiApp.1.Api/NewestModel.cs"), Read("content/kubeai-inference/NewestModel.cs"));
    }
}
