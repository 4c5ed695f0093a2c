using KubeAi.Build.Tests.Infrastructure;

namespace KubeAi.Build.Tests.Tasks;

public sealed class RecordPublishedImageTests : IDisposable
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Fingerprint = "5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee0";

    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new("/src/Api/Api.csproj");

    public void Dispose() => _temp.Dispose();

    private string StateFile => _temp.Combine("obj", "kubeai", "image-Release.state");

    private RecordPublishedImage Record(string? registry, string repository, string[] tags, string digest = Digest) => new()
    {
        BuildEngine = _engine,
        Registry = registry,
        Repository = repository,
        Tags = tags,
        Digest = digest,
        Fingerprint = Fingerprint,
        StateFile = StateFile,
    };

    [Theory]
    [InlineData("localhost:5000", "api", new[] { "1.0.0" }, "localhost:5000/api:1.0.0@" + Digest)]
    [InlineData("localhost:5000/", "team/api", new[] { "1.0.0", "latest" }, "localhost:5000/team/api:1.0.0@" + Digest)]
    [InlineData("registry.example.com", "model-api", new[] { "2.1" }, "registry.example.com/model-api:2.1@" + Digest)]
    [InlineData(null, "api", new[] { "1.0.0" }, "api:1.0.0@" + Digest)]
    [InlineData("", "api", new[] { "1.0.0" }, "api:1.0.0@" + Digest)]
    [InlineData("localhost:5000", "api", new string[0], "localhost:5000/api@" + Digest)]
    public void Pins_the_first_tag_by_digest(string? registry, string repository, string[] tags, string expected)
    {
        var task = Record(registry, repository, tags);

        Assert.True(task.Execute(), _engine.Log);

        Assert.Equal(expected, task.Image);
        Assert.Equal([Fingerprint, expected], File.ReadAllLines(StateFile));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha512:0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Rejects_a_digest_that_is_not_sha256(string digest)
    {
        var task = Record("localhost:5000", "api", ["1.0.0"], digest);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI2006", error.Code);
        Assert.Contains($"'{digest}'", error.Message);
        Assert.Contains("'api'", error.Message);
        Assert.Equal("/src/Api/Api.csproj", error.File);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public void Rejects_a_pinned_reference_that_is_not_an_image_reference()
    {
        var task = Record("localhost:5000", "Api", ["1.0.0"], "sha256:abc");

        Assert.False(task.Execute());

        Assert.Equal("KUBEAI2002", Assert.Single(_engine.Errors).Code);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public void The_state_it_writes_makes_CheckImageUpToDate_report_up_to_date()
    {
        _temp.Write("publish/api.dll", "binary");
        string[] settings = ["registry=localhost:5000", "repository=api", "tag=1.0.0"];
        var before = new CheckImageUpToDate { BuildEngine = _engine, PublishDirectory = _temp.Combine("publish"), StateFile = StateFile, Settings = settings };
        Assert.True(before.Execute());
        Assert.False(before.UpToDate);

        var record = Record("localhost:5000", "api", ["1.0.0"]);
        record.Fingerprint = before.Fingerprint;
        Assert.True(record.Execute(), _engine.Log);

        var after = new CheckImageUpToDate { BuildEngine = _engine, PublishDirectory = _temp.Combine("publish"), StateFile = StateFile, Settings = settings };
        Assert.True(after.Execute());
        Assert.True(after.UpToDate);
        Assert.Equal(record.Image, after.Image);
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void Overwrites_an_earlier_state()
    {
        _temp.Write("obj/kubeai/image-Release.state", "old\nlocalhost:5000/api:0.9@" + Digest + "\nextra\n");

        Assert.True(Record("localhost:5000", "api", ["1.0.0"]).Execute(), _engine.Log);

        Assert.Equal([Fingerprint, "localhost:5000/api:1.0.0@" + Digest], File.ReadAllLines(StateFile));
    }
}
