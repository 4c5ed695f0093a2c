using KubeAi.Core.Expressions;

namespace KubeAi.Core.Generation;

/// <summary>What every workload generator shares for one run.</summary>
internal sealed record WorkloadContext(
    string ApplicationName,
    GeneratorOptions Options,
    ExpressionResolver Resolver,
    IReadOnlyDictionary<string, string> Images,
    string SecretName);
