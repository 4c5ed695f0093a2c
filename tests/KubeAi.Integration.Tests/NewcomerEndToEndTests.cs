using System.Globalization;
using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>
/// The must-show app of issue 9, end to end: `dotnet publish` of the newcomer app host builds and
/// pushes real images, pins them by digest, and the API image runs under the security context
/// the generated Deployment asks for and answers its health endpoint.
/// </summary>
[Collection(TestAppCollection.Name)]
public sealed class NewcomerEndToEndTests(TestAppMatrix matrix)
{
    private PublishedApp Newcomer
    {
        get
        {
            var app = matrix["Newcomer"];
            Assert.True(app.Result(PublishPaths.Msbuild).ExitCode == 0, app.Describe());
            return app;
        }
    }

    [Fact]
    public void Every_project_image_is_pushed_and_pinned_by_the_registry_digest()
    {
        var app = Newcomer;
        var projectImages = PinnedImages.In(app.Tree(PublishPaths.Msbuild)).Where(i => i.StartsWith(LocalRegistry.Address + "/", StringComparison.Ordinal)).ToList();

        Assert.Equal(["api", "trainer", "worker"], projectImages.Select(i => i.Split('/')[^1].Split(':')[0].Replace("newcomer-", string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var image in projectImages)
        {
            var at = image.IndexOf('@', StringComparison.Ordinal);
            Assert.True(at > 0, $"not pinned by digest: {image}");
            var name = image[..at];
            var digest = image[(at + 1)..];
            var repository = name[(LocalRegistry.Address.Length + 1)..name.LastIndexOf(':')];
            Assert.Equal(digest, LocalRegistry.Digest(repository, digest));
        }

        Assert.Contains("KubeAi: image api:", app.Result(PublishPaths.Msbuild).StdOut);
    }

    [Fact]
    public void A_rerun_rebuilds_no_image()
    {
        var app = Newcomer;
        var rerun = app.Rerun(PublishPaths.Msbuild);

        Assert.True(rerun.ExitCode == 0, app.Describe());
        Assert.Contains("(unchanged)", rerun.StdOut);
        Assert.DoesNotContain("(pushed)", rerun.StdOut);
    }

    [Fact]
    public void The_api_image_answers_200_under_the_generated_security_context()
    {
        var app = Newcomer;
        var objects = new RenderedObjects(Kustomize.RenderCopy(app.Tree(PublishPaths.Msbuild)));
        var deployment = objects.Find("Deployment", "api");
        Assert.NotNull(deployment);
        var pod = RenderedObjects.Map(RenderedObjects.Map(RenderedObjects.Map(deployment, "spec"), "template"), "spec");
        var container = RenderedObjects.Maps(pod, "containers").Single(c => RenderedObjects.Str(c, "name") == "api");
        var podSecurity = RenderedObjects.Map(pod, "securityContext");
        var security = RenderedObjects.Map(container, "securityContext");
        var uid = RenderedObjects.Str(security, "runAsUser") ?? RenderedObjects.Str(podSecurity, "runAsUser");
        var gid = RenderedObjects.Str(security, "runAsGroup") ?? RenderedObjects.Str(podSecurity, "runAsGroup") ?? uid;
        Assert.NotNull(uid);
        Assert.NotEqual("0", uid);
        Assert.Equal("true", RenderedObjects.Str(security, "readOnlyRootFilesystem")?.ToLowerInvariant());
        Assert.Equal("false", RenderedObjects.Str(security, "allowPrivilegeEscalation")?.ToLowerInvariant());
        Assert.Contains("ALL", RenderedObjects.List(RenderedObjects.Map(security, "capabilities"), "drop").Select(c => c?.ToString()));
        Assert.Contains(RenderedObjects.Maps(container, "volumeMounts"), m => RenderedObjects.Str(m, "mountPath") == "/tmp");
        var image = RenderedObjects.Str(container, "image")!;
        Assert.Contains("@sha256:", image);

        // What the pod spec asks of the runtime: that uid, a read-only root with a writable /tmp,
        // no capabilities, no privilege escalation; the port moved off 8080 so runs cannot clash.
        var port = Podman.FreePort();
        var name = $"kubeai-it-newcomer-api-{port}";
        var run = Podman.Run(
            "run", "-d", "--rm", "--name", name, "--network", "host",
            "--user", $"{uid}:{gid}", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "-e", $"HTTP_PORTS={port.ToString(CultureInfo.InvariantCulture)}", "-e", $"ASPNETCORE_HTTP_PORTS={port.ToString(CultureInfo.InvariantCulture)}",
            image);
        Assert.True(run.ExitCode == 0, run.Output);
        try
        {
            Assert.Equal(200, Podman.WaitForHttp($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(90)));
        }
        finally
        {
            var logs = Podman.Run("logs", name);
            Podman.Run("rm", "-f", name);
            Assert.Empty(StackTraces.Find(logs.Output));
        }
    }
}
