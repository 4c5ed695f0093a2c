using KubeAi.Core.AppModel;
using KubeAi.Core.Expressions;

namespace KubeAi.Core.Generation;

/// <summary>What every workload generator shares for one run.</summary>
internal sealed record WorkloadContext(
    string ApplicationName,
    GeneratorOptions Options,
    ExpressionResolver Resolver,
    IReadOnlyDictionary<string, string> Images,
    string SecretName,
    EnvironmentSettings? Environment)
{
    /// <summary>The ConfigMap of plain parameters that get their values at deploy time.</summary>
    public string ParametersName => GeneratedApplication.ParametersNameOf(ApplicationName);

    /// <summary>The defaults after the environment was merged in: every field set.</summary>
    public ResourceDefaults DefaultResources => Options.Resources!;

    /// <summary>
    /// What the caller and the app host's environment set, before KubeAi's standard defaults:
    /// a backing service's database-sized defaults fill only what these leave open.
    /// </summary>
    public ResourceDefaults? GivenResources { get; init; }

    /// <summary>Where workload generators report what the user should know (a backing service without a data volume).</summary>
    public List<Diagnostics.KubeAiWarning> Warnings { get; init; } = [];

    /// <summary>The Secret and key a secret key is read from; the app's Secret unless a secret source says otherwise.</summary>
    public Func<string, (string Name, string Key)>? SecretReference { get; init; }
}
