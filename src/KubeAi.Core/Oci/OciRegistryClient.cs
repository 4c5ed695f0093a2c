using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Oci;

/// <summary>
/// Pushes a model artifact to an OCI registry with the plain distribution API: a HEAD per blob
/// (skip what is there), a monolithic upload (POST then PUT with the digest) for what is not, and a
/// manifest PUT by tag. The artifact is an OCI image manifest (a minimal config and one tar layer),
/// the shape every container runtime mounts as an image volume. The result is the reference
/// pinned by the manifest's digest. Anonymous access only; <c>localhost</c> and <c>127.0.0.1</c>
/// are spoken to over plain HTTP, everything else over HTTPS.
/// </summary>
public sealed class OciRegistryClient(HttpClient http)
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>What a push did.</summary>
    public sealed record PushResult(string PinnedReference, string ManifestDigest, bool LayerUploaded);

    /// <summary>Pushes <paramref name="artifact"/> as <paramref name="reference"/> (<c>host[:port]/repo[:tag]</c>, a digest is dropped).</summary>
    public async Task<PushResult> PushAsync(ModelArtifact artifact, string reference, string origin, CancellationToken cancellationToken = default)
    {
        var (registry, repository, tag) = Split(reference, origin);
        var baseUri = new Uri($"{(IsLocal(registry) ? "http" : "https")}://{registry}/v2/{repository}/");

        // The config names the layer's content (uncompressed: its digest is its diff id).
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + artifact.LayerDigest + "\"]}}");
        var configDigest = Digest(config);
        await UploadIfMissingAsync(baseUri, configDigest, () => new ByteArrayContent(config), origin, cancellationToken);
        var uploaded = await UploadIfMissingAsync(baseUri, artifact.LayerDigest, () => new StreamContent(File.OpenRead(artifact.LayerPath)), origin, cancellationToken);

        var manifest = JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor(ConfigMediaType, configDigest, config.Length),
            ["layers"] = new[] { Descriptor(LayerMediaType, artifact.LayerDigest, artifact.LayerSize) },
            ["annotations"] = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["org.opencontainers.image.title"] = "model weights packed by KubeAi" },
        });
        var manifestDigest = Digest(manifest);
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(baseUri, $"manifests/{tag}")) { Content = new ByteArrayContent(manifest) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(ManifestMediaType);
        using var response = await SendAsync(put, origin, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, $"manifest PUT of {registry}/{repository}:{tag}", origin, cancellationToken);
        return new PushResult($"{registry}/{repository}:{tag}@{manifestDigest}", manifestDigest, uploaded);
    }

    /// <summary>The digest the registry serves for <paramref name="reference"/>'s tag, or null when it has none (404).</summary>
    public async Task<string?> ResolveAsync(string reference, string origin, CancellationToken cancellationToken = default)
    {
        var (registry, repository, tag) = Split(reference, origin);
        var uri = new Uri($"{(IsLocal(registry) ? "http" : "https")}://{registry}/v2/{repository}/manifests/{tag}");
        using var head = new HttpRequestMessage(HttpMethod.Head, uri);
        head.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestMediaType));
        using var response = await SendAsync(head, origin, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, HttpStatusCode.OK, $"manifest HEAD of {reference}", origin, cancellationToken);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    private async Task<bool> UploadIfMissingAsync(Uri baseUri, string digest, Func<HttpContent> content, string origin, CancellationToken cancellationToken)
    {
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri(baseUri, $"blobs/{digest}")))
        using (var exists = await SendAsync(head, origin, cancellationToken))
        {
            if (exists.StatusCode == HttpStatusCode.OK)
            {
                return false;
            }
        }

        using var start = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "blobs/uploads/"));
        using var started = await SendAsync(start, origin, cancellationToken);
        await EnsureAsync(started, HttpStatusCode.Accepted, "blob upload start", origin, cancellationToken);
        var location = started.Headers.Location ?? throw new KubeAiException(ErrorCodes.ModelPushFailed, "the registry started an upload but gave no Location", origin);
        var target = location.IsAbsoluteUri ? location : new Uri(baseUri, location);
        var separator = target.Query.Length > 0 ? "&" : "?";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(target + $"{separator}digest={Uri.EscapeDataString(digest)}")) { Content = content() };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await SendAsync(put, origin, cancellationToken);
        await EnsureAsync(done, HttpStatusCode.Created, $"blob upload of {digest}", origin, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string origin, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new KubeAiException(ErrorCodes.ModelPushFailed, $"cannot reach the registry at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {ex.Message}", origin);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, string origin, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new KubeAiException(ErrorCodes.ModelPushFailed, $"{what}: the registry answered {(int)response.StatusCode}; KubeAi pushes models anonymously (a registry that needs a login is not supported yet)", origin);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var firstLine = body.Split('\n')[0];
        throw new KubeAiException(ErrorCodes.ModelPushFailed, $"{what}: the registry answered {(int)response.StatusCode} {response.ReasonPhrase} {(firstLine.Length > 200 ? firstLine[..200] : firstLine)}".TrimEnd(), origin);
    }

    private static SortedDictionary<string, object> Descriptor(string mediaType, string digest, long size) => new(StringComparer.Ordinal)
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest,
        ["size"] = size,
    };

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static bool IsLocal(string registry) =>
        registry.StartsWith("localhost", StringComparison.Ordinal) || registry.StartsWith("127.0.0.1", StringComparison.Ordinal);

    /// <summary>host[:port], repository, tag (default <c>latest</c>); KUBEAI3024 when there is no registry host.</summary>
    public static (string Registry, string Repository, string Tag) Split(string reference, string origin)
    {
        // Here the first component is the registry even without a '.' or a port: a model artifact is always pushed somewhere.
        var parsed = ImageReference.Parse(reference);
        var name = parsed.Name;
        var slash = name.IndexOf('/');
        if (slash <= 0)
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, $"model image '{Messages.OneLine(reference, 200)}' names no registry (the form is host[:port]/repository[:tag])", origin);
        }

        return (name[..slash], name[(slash + 1)..], parsed.Tag ?? "latest");
    }
}
