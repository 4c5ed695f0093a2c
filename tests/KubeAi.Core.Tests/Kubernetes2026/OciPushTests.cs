using KubeAi.Core.Diagnostics;
using KubeAi.Core.Oci;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Kubernetes2026;

/// <summary>Model folders packed and pushed to the real local registry (localhost:5000, started by build/setup.sh).</summary>
public sealed class OciPushTests
{
    private static string ModelFolder(string content)
    {
        var folder = RepoPaths.NewTempDirectory("kubeai-model");
        Directory.CreateDirectory(Path.Combine(folder, "tokenizer"));
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"architectures\":[\"Phi3ForCausalLM\"]}");
        File.WriteAllText(Path.Combine(folder, "tokenizer", "tokenizer.json"), content);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray());
        return folder;
    }

    [Fact]
    public void The_same_folder_packs_to_the_same_digest()
    {
        var content = Guid.NewGuid().ToString();
        using var first = ModelArtifact.Pack(ModelFolder(content), "test");
        using var second = ModelArtifact.Pack(ModelFolder(content), "test");

        Assert.Equal(first.LayerDigest, second.LayerDigest);
        Assert.Equal(3, first.Files);
    }

    [Fact]
    public async Task A_pushed_model_is_in_the_registry_under_the_pinned_digest_and_a_second_push_uploads_nothing()
    {
        LocalRegistry.EnsureRunning();
        var repository = $"kubeai-tests/model-{Guid.NewGuid():N}";
        var folder = ModelFolder(Guid.NewGuid().ToString());
        using var http = new HttpClient();
        var client = new OciRegistryClient(http);

        using var artifact = ModelArtifact.Pack(folder, "test");
        var pushed = await client.PushAsync(artifact, $"{LocalRegistry.Address}/{repository}:1", "test");
        var again = await client.PushAsync(artifact, $"{LocalRegistry.Address}/{repository}:1", "test");

        Assert.Equal($"{LocalRegistry.Address}/{repository}:1@{pushed.ManifestDigest}", pushed.PinnedReference);
        Assert.Equal(pushed.ManifestDigest, LocalRegistry.Digest(repository, "1"));
        Assert.Equal(pushed.ManifestDigest, await client.ResolveAsync($"{LocalRegistry.Address}/{repository}:1", "test"));
        Assert.True(pushed.LayerUploaded);
        Assert.False(again.LayerUploaded);
        Assert.Equal(pushed.ManifestDigest, again.ManifestDigest);

        // The layer the registry serves is the tar of the folder, byte for byte.
        var layer = await http.GetByteArrayAsync($"http://{LocalRegistry.Address}/v2/{repository}/blobs/{artifact.LayerDigest}");
        Assert.Equal(await File.ReadAllBytesAsync(artifact.LayerPath), layer);
        using var tar = new System.Formats.Tar.TarReader(new MemoryStream(layer));
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["config.json", "model.safetensors", "tokenizer/", "tokenizer/tokenizer.json"], names);
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_coded_error()
    {
        using var artifact = ModelArtifact.Pack(ModelFolder("x"), "test");
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<KubeAiException>(() => new OciRegistryClient(http).PushAsync(artifact, "localhost:1/models/phi:1", "test"));

        Assert.Equal(ErrorCodes.ModelPushFailed, error.Code);
    }

    [Fact]
    public void A_missing_folder_is_a_coded_error()
    {
        var error = Assert.Throws<KubeAiException>(() => ModelArtifact.Pack(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString()), "test"));

        Assert.Equal(ErrorCodes.InvalidModelImage, error.Code);
    }
}
