using System.Net;
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
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (at < 0 || slash < 0 || slash > at)
        {
            return false;
        }

        var host = image[..slash];
        var name = image[(slash + 1)..at];
        var colon = name.LastIndexOf(':');
        var repository = colon > 0 ? name[..colon] : name;
        url = $"{(IsInsecure(host) ? "http" : "https")}://{host}/v2/{repository}/manifests/{image[(at + 1)..]}";
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
