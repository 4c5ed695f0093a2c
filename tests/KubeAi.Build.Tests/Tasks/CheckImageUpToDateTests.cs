using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Tasks;

public sealed class CheckImageUpToDateTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new();
    private static readonly string[] s_settings = ["registry=localhost:5000", "repository=api", "tag=1.0.0", "user=app"];

    public CheckImageUpToDateTests()
    {
        _temp.Write("publish/api.dll", "binary");
        _temp.Write("publish/appsettings.json", "{}");
        _temp.Write("publish/wwwroot/css/site.css", "body {}");
    }

    public void Dispose() => _temp.Dispose();

    private CheckImageUpToDate Check(string[]? settings = null, string? archive = null, string[]? exclude = null)
    {
        var task = new CheckImageUpToDate
        {
            BuildEngine = _engine,
            PublishDirectory = _temp.Combine("publish"),
            StateFile = _temp.Combine("obj", "kubeai", "image-Release.state"),
            Settings = settings ?? s_settings,
            ArchivePath = archive,
            ExcludeDirectories = exclude ?? [],
        };
        Assert.True(task.Execute(), _engine.Log);
        Assert.Empty(_engine.Errors);
        return task;
    }

    private const string Pinned = "localhost:5000/api:1.0.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private void WriteState(string fingerprint, string image = Pinned) =>
        _temp.Write("obj/kubeai/image-Release.state", fingerprint + "\n" + image + "\n");

    [Fact]
    public void Fingerprint_is_a_sha256_and_stable_across_runs()
    {
        var first = Check();
        var second = Check();

        Assert.Matches("^[0-9a-f]{64}$", first.Fingerprint);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void Fingerprint_does_not_depend_on_timestamps()
    {
        var before = Check().Fingerprint;
        File.SetLastWriteTimeUtc(_temp.Combine("publish", "api.dll"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(before, Check().Fingerprint);
    }

    [Fact]
    public void Fingerprint_changes_when_a_publish_file_changes_content()
    {
        var before = Check().Fingerprint;
        File.WriteAllText(_temp.Combine("publish", "wwwroot", "css", "site.css"), "body { color: red }");

        Assert.NotEqual(before, Check().Fingerprint);
    }

    [Fact]
    public void Fingerprint_changes_when_a_publish_file_is_added_removed_or_renamed()
    {
        var original = Check().Fingerprint;
        _temp.Write("publish/extra.dll", "more");
        var added = Check().Fingerprint;
        File.Move(_temp.Combine("publish", "extra.dll"), _temp.Combine("publish", "renamed.dll"));
        var renamed = Check().Fingerprint;
        File.Delete(_temp.Combine("publish", "renamed.dll"));

        Assert.NotEqual(original, added);
        Assert.NotEqual(added, renamed);
        Assert.NotEqual(original, renamed);
        Assert.Equal(original, Check().Fingerprint);
    }

    [Theory]
    [InlineData("tag=1.0.1")]
    [InlineData("user=root")]
    [InlineData("port=8080/tcp")]
    public void Fingerprint_changes_when_a_setting_changes_or_is_added(string setting)
    {
        var before = Check().Fingerprint;
        var changed = s_settings.Where(s => !s.StartsWith(setting.Split('=')[0] + "=", StringComparison.Ordinal)).Append(setting).ToArray();

        Assert.NotEqual(before, Check(changed).Fingerprint);
    }

    [Fact]
    public void Missing_publish_folder_still_gives_a_fingerprint()
    {
        Directory.Delete(_temp.Combine("publish"), recursive: true);

        Assert.Matches("^[0-9a-f]{64}$", Check().Fingerprint);
    }

    [Fact]
    public void Without_a_state_file_the_image_is_not_up_to_date()
    {
        var check = Check();

        Assert.False(check.UpToDate);
        Assert.Equal(string.Empty, check.Image);
    }

    [Fact]
    public void Up_to_date_when_the_state_file_holds_the_same_fingerprint()
    {
        WriteState(Check().Fingerprint);

        var check = Check();

        Assert.True(check.UpToDate);
        Assert.Equal(Pinned, check.Image);
    }

    [Fact]
    public void Not_up_to_date_when_the_state_file_holds_another_fingerprint()
    {
        WriteState(Check().Fingerprint);
        File.WriteAllText(_temp.Combine("publish", "api.dll"), "rebuilt");

        var check = Check();

        Assert.False(check.UpToDate);
        Assert.Equal(string.Empty, check.Image);
    }

    [Theory]
    [InlineData("")]
    [InlineData("only-a-fingerprint-line")]
    public void Not_up_to_date_when_the_state_file_is_incomplete(string content)
    {
        var fingerprint = Check().Fingerprint;
        _temp.Write("obj/kubeai/image-Release.state", content == "" ? "" : fingerprint + "\n");

        Assert.False(Check().UpToDate);
    }

    [Fact]
    public void Not_up_to_date_when_the_state_names_no_image()
    {
        WriteState(Check().Fingerprint, image: "");

        Assert.False(Check().UpToDate);
    }

    [Fact]
    public void Archive_mode_is_up_to_date_only_while_the_archive_exists()
    {
        var archive = _temp.Combine("images", "api.tar.gz");
        WriteState(Check(archive: archive).Fingerprint);

        Assert.False(Check(archive: archive).UpToDate);
        _temp.Write("images/api.tar.gz", "oci archive");
        Assert.True(Check(archive: archive).UpToDate);
    }

    [Fact]
    public void Outputs_written_into_the_publish_folder_after_the_check_do_not_change_the_fingerprint()
    {
        // KubeAi's own output folders, should a user point them into the publish folder.
        var archive = _temp.Combine("publish", "images", "api.tar.gz");
        string[] exclude = [_temp.Combine("publish", "images"), _temp.Combine("publish", "kubernetes") + "/"];
        var fingerprint = Check(archive: archive, exclude: exclude).Fingerprint;
        _temp.Write("publish/images/api.tar.gz", "oci archive, with timestamps that differ per build");
        _temp.Write("publish/kubernetes/base/kustomization.yaml", "resources: []");
        WriteState(fingerprint);

        var second = Check(archive: archive, exclude: exclude);

        Assert.True(second.UpToDate, "nothing that shapes the image changed");
    }

    [Fact]
    public void A_recorded_image_the_registry_no_longer_has_is_built_again()
    {
        LocalRegistry.EnsureRunning();
        var fingerprint = Check().Fingerprint;
        WriteState(fingerprint, image: "localhost:5000/kubeai-tests/gone:1.0.0@sha256:" + new string('0', 64));

        var task = new CheckImageUpToDate
        {
            BuildEngine = _engine,
            PublishDirectory = _temp.Combine("publish"),
            StateFile = _temp.Combine("obj", "kubeai", "image-Release.state"),
            Settings = s_settings,
            VerifyInRegistry = true,
        };

        Assert.True(task.Execute(), _engine.Log);
        Assert.False(task.UpToDate);
        Assert.Contains(_engine.Messages, m => m.Message.Contains("is no longer in its registry", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recorded_image_the_registry_still_has_stays_up_to_date()
    {
        LocalRegistry.EnsureRunning();
        // The base image build/setup.sh pushes: certainly in the registry.
        var digest = LocalRegistry.Digest("dotnet/aspnet", "10.0") ?? throw new InvalidOperationException("no base image; run build/setup.sh");
        var fingerprint = Check().Fingerprint;
        var image = $"localhost:5000/dotnet/aspnet:10.0@{digest}";
        WriteState(fingerprint, image);

        var task = new CheckImageUpToDate
        {
            BuildEngine = _engine,
            PublishDirectory = _temp.Combine("publish"),
            StateFile = _temp.Combine("obj", "kubeai", "image-Release.state"),
            Settings = s_settings,
            VerifyInRegistry = true,
        };

        Assert.True(task.Execute(), _engine.Log);
        Assert.True(task.UpToDate);
        Assert.Equal(image, task.Image);
    }
}
