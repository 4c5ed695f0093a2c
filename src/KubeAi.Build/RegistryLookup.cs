using System.Net;
using KubeAi.Core.AppModel;
using System.Net.Http.Headers;

namespace KubeAi.Build;

/// <summary>Whether a pinned image (<c>host/repository:tag@sha256:…</c>) is still in its registry.</summary>
internal static class RegistryLookup
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static readonly string[] s_manifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    /// <summary>True only when the registry answers that the manifest does not exist.</summary>
    public static bool IsMissing(string image, out string url)
    {
        url = string.Empty;
        var reference = ImageReference.Parse(image);
        var slash = reference.Name.IndexOf('/', StringComparison.Ordinal);
        if (reference.Digest is not { } digest || slash < 0)
        {
            return false;
        }

        var host = reference.Name[..slash];
        var repository = reference.Name[(slash + 1)..];
        url = $"{(IsInsecure(host) ? "http" : "https")}://{host}/v2/{repository}/manifests/{digest}";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            foreach (var type in s_manifestTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            using var response = s_http.Send(request);
            return response.StatusCode == HttpStatusCode.NotFound;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    // The SDK talks plain HTTP to these as well (localhost, and DOTNET_CONTAINER_INSECURE_REGISTRIES).
    private static bool IsInsecure(string host) =>
        host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase)
        || host.StartsWith("127.", StringComparison.Ordinal)
        || (Environment.GetEnvironmentVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(host, StringComparer.OrdinalIgnoreCase);
}
