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
}
