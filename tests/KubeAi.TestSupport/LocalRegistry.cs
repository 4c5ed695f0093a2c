using System.Net;
using System.Net.Http.Headers;

namespace KubeAi.TestSupport;

/// <summary>The local OCI registry that build/registry.sh runs on localhost:5000.</summary>
public static class LocalRegistry
{
    public const string Address = "localhost:5000";

    private static readonly HttpClient s_http = new() { BaseAddress = new Uri($"http://{Address}/"), Timeout = TimeSpan.FromSeconds(30) };

    private static readonly string[] s_manifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    /// <summary>Fails with the command to run when the registry is not there: CI must have started it.</summary>
    public static void EnsureRunning()
    {
        try
        {
            using var response = s_http.GetAsync("v2/").GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        throw new InvalidOperationException($"no registry answers on {Address}; run build/setup.sh (it starts the registry and pushes the base image)");
    }

    /// <summary>The digest the registry serves for <paramref name="reference"/> (a tag or digest), or null when it has none.</summary>
    public static string? Digest(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{reference}");
        foreach (var type in s_manifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = s_http.Send(request);
        return response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
    }
}
