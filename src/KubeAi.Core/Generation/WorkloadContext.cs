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
    /// <summary>The defaults after the environment was merged in: every field set.</summary>
    public ResourceDefaults DefaultResources => Options.Resources!;

    /// <summary>The Secret and key a secret key is read from; the app's Secret unless a secret source says otherwise.</summary>
    public Func<string, (string Name, string Key)>? SecretReference { get; init; }
}
