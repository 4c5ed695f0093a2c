using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Generation;

public sealed class PublishOptionsFileTests
{
    [Fact]
    public void Ephemeral_storage_and_the_volume_size_travel_from_msbuild_to_the_app_host_step()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory(), "publish-options.json");
        new PublishOptionsFile { EphemeralStorage = ["cache"], WritableRootFilesystem = ["search"] }.Write(path);

        var options = PublishOptionsFile.Read(path).ToGeneratorOptions(Inline.Read("""{ "resources": {} }"""), "Shop.AppHost", new Dictionary<string, string>(), _ => null);

        Assert.Equal(["cache"], options.EphemeralStorage);
        Assert.Equal(["search"], options.WritableRootFilesystem);
        // No size given: each claim takes its own default (a backing service's catalogue size, else 1Gi).
        Assert.Null(options.VolumeSize);
        Assert.Contains("\"ephemeralStorage\": [", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_an_error()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory(), "publish-options.json");
        File.WriteAllText(path, """{ "ephemeral": [ "cache" ] }""");

        Inline.Fails(ErrorCodes.InvalidBuildSetting, () => PublishOptionsFile.Read(path));
    }
}
