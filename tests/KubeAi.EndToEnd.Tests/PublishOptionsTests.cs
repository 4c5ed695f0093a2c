using System.Formats.Tar;
using System.Text.Json;
using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

public sealed class PublishOptionsTests
{
    [Fact]
    public void A_parameter_without_a_value_is_a_deploy_time_input_and_strict_parameters_refuse_it_in_one_line()
    {
        var directory = SampleWorkspace.Copy("ModelServing");
        var settings = Path.Combine(directory, "ModelServing.AppHost", "appsettings.json");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("\"model-name\": \"sentiment-logreg-v1\"", "\"unrelated\": \"x\"", StringComparison.Ordinal));
        var output = Path.Combine(directory, "k8s");

        var open = SampleWorkspace.Publish(directory, "ModelServing.AppHost", "-p:KubeAiBuildImages=false", $"-p:KubeAiOutputPath={output}/");
        var strict = SampleWorkspace.Publish(directory, "ModelServing.AppHost", "-p:KubeAiBuildImages=false", "-p:KubeAiStrictParameters=true", $"-p:KubeAiOutputPath={output}-strict/");

        Assert.True(open.ExitCode == 0, open.Output);
        Assert.Contains("model-name=\n", File.ReadAllText(Path.Combine(output, "base", "parameters.env.template")));
        Assert.Contains("fill base/parameters.env from base/parameters.env.template (model-name", open.StdOut);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("error KUBEAI1014: parameter(s) 'model-name' have no value", strict.StdOut);
        Assert.DoesNotContain("   at ", strict.StdOut);
        Assert.False(Directory.Exists(output + "-strict"), "nothing may be written when the input is refused");
    }

    [Fact]
    public void Without_image_builds_manifests_use_the_given_registry_and_tag()
    {
        var directory = SampleWorkspace.Copy("ModelServing");
        var output = Path.Combine(directory, "k8s");

        var result = SampleWorkspace.Publish(directory, "ModelServing.AppHost", "-p:KubeAiBuildImages=false", "-p:KubeAiImageTag=2.0.0", $"-p:KubeAiOutputPath={output}/");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("Building image", result.StdOut);
        Assert.Equal(["localhost:5000/inference-api:2.0.0", "localhost:5000/trainer:2.0.0"], SampleWorkspace.PinnedImages(output));
    }

    [Fact]
    public void Archive_output_writes_oci_archives_whose_digests_the_manifests_pin()
    {
        var directory = SampleWorkspace.Copy("ModelServing");
        var output = Path.Combine(directory, "k8s");
        var archives = Path.Combine(directory, "images");

        var result = SampleWorkspace.Publish(directory, "ModelServing.AppHost", "-p:KubeAiImageOutput=archive", "-p:KubeAiRegistry=", $"-p:KubeAiArchiveOutputPath={archives}/", $"-p:KubeAiOutputPath={output}/");

        Assert.True(result.ExitCode == 0, result.Output);
        var pinned = SampleWorkspace.PinnedImages(output);
        Assert.Equal(2, pinned.Count);
        foreach (var (resource, repository) in new[] { ("inference-api", "model-serving/inference-api"), ("trainer", "model-serving/trainer") })
        {
            var digest = ArchiveDigest(Path.Combine(archives, resource + ".tar"));
            Assert.Contains($"{repository}:1.0.0@{digest}", pinned);
        }
    }

    [Fact]
    public void A_single_project_publishes_its_image_and_manifests_without_aspire()
    {
        var directory = SampleWorkspace.Copy("ModelServing");
        SampleWorkspace.ReferenceKubeAiBuild(Path.Combine(directory, "ModelServing.Api", "ModelServing.Api.csproj"));

        var result = SampleWorkspace.Publish(
            Path.Combine(directory, "ModelServing.Api"), "ModelServing.Api.csproj",
            "-p:KubeAiGenerate=true", "-p:KubeAiRegistry=localhost:5000", "-p:KubeAiBaseImage=localhost:5000/dotnet/aspnet:10.0",
            "-p:KubeAiImageTag=3.1.0", "-p:KubeAiReplicas=2", "-p:KubeAiPort=8080");

        Assert.True(result.ExitCode == 0, result.Output);
        // Beside the publish folder, which becomes the image: never inside it.
        var kubernetes = Path.Combine(directory, "ModelServing.Api", "bin", "Release", "net10.0", "kubernetes");
        Assert.False(Directory.Exists(Path.Combine(directory, "ModelServing.Api", "bin", "Release", "net10.0", "publish", "kubernetes")));
        var deployment = File.ReadAllText(Path.Combine(kubernetes, "base", "modelserving-api", "deployment.yaml"));
        Assert.Contains("replicas: 2", deployment);
        var image = Assert.Single(SampleWorkspace.PinnedImages(kubernetes));
        Assert.StartsWith("localhost:5000/model-serving/inference-api:3.1.0@sha256:", image);
        Assert.Equal(image[(image.IndexOf('@') + 1)..], LocalRegistry.Digest("model-serving/inference-api", "3.1.0"));
    }

    private static string ArchiveDigest(string archive)
    {
        using var stream = File.OpenRead(archive);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == "index.json")
            {
                using var index = JsonDocument.Parse(entry.DataStream!);
                return index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
            }
        }

        throw new InvalidOperationException($"{archive} has no index.json");
    }
}
