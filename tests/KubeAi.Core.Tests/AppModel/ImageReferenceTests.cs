using KubeAi.Core.AppModel;

namespace KubeAi.Core.Tests.AppModel;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("redis", null, "redis", null, null)]
    [InlineData("redis:7.4", null, "redis", "7.4", null)]
    [InlineData("vllm/vllm-openai:v0.6.3", null, "vllm/vllm-openai", "v0.6.3", null)]
    [InlineData("localhost:5000/team/api:1.0@" + Digest, "localhost:5000", "team/api", "1.0", Digest)]
    [InlineData("localhost/api", "localhost", "api", null, null)]
    [InlineData("registry.example.com/models/phi@" + Digest, "registry.example.com", "models/phi", null, Digest)]
    [InlineData("host:5000/api", "host:5000", "api", null, null)]
    public void Parse_splits_registry_repository_tag_and_digest_and_ToString_puts_them_back(string text, string? registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
        Assert.Equal(text, reference.ToString());
        Assert.Equal(digest is not null, reference.IsPinned);
    }

    [Fact]
    public void Create_puts_a_repository_in_a_registry_with_a_path()
    {
        Assert.Equal("registry.example.com/team/api:1.2", ImageReference.Create("registry.example.com/team/", "api", "1.2").ToString());
        Assert.Equal("api@" + Digest, ImageReference.Create(null, "api", "", Digest).ToString());
        Assert.Equal("registry.example.com/team/api", ImageReference.Create("registry.example.com/team", "api").Name);
    }
}
