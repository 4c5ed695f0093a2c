using k8s;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;

namespace KubeAi.Core.Tests;

/// <summary>Helpers for tests that work on small inline manifests.</summary>
internal static class Inline
{
    public const string Source = "inline.json";

    public static AppManifest Read(string json) => ManifestReader.Read(json, Source);

    public static GeneratorOptions Options(Func<GeneratorOptions, GeneratorOptions>? change = null)
    {
        var options = new GeneratorOptions { ApplicationName = "app", Tag = "1.0.0" };
        return change is null ? options : change(options);
    }

    public static GeneratedApplication Generate(string json, GeneratorOptions? options = null) =>
        ApplicationGenerator.Generate(Read(json), options ?? Options());

    /// <summary>Runs <paramref name="action"/>, asserts it fails with <paramref name="code"/>, returns the error.</summary>
    public static KubeAiException Fails(string code, Action action)
    {
        var error = Assert.Throws<KubeAiException>(action);
        Assert.True(error.Code == code, $"expected {code}, got {error.ToDisplayString()}");
        return error;
    }

    public static KubeAiException GenerateFails(string code, string json, GeneratorOptions? options = null) =>
        Fails(code, () => Generate(json, options));

    public static T Single<T>(GeneratedApplication app, string resource)
        where T : IKubernetesObject =>
        app.Resources.Single(r => r.Name == resource).Objects.OfType<T>().Single();

    public static bool Has<T>(GeneratedApplication app, string resource)
        where T : IKubernetesObject =>
        app.Resources.Single(r => r.Name == resource).Objects.OfType<T>().Any();
}
