using System.Text;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Expressions;

namespace KubeAi.Core.Generation;

/// <summary>
/// Sorts env into the ConfigMap (plain values) and the pod env (references to deploy-time inputs, and values
/// assembled from them through Kubernetes' <c>$(VAR)</c> expansion, so that no secret value is ever written).
/// Deploy-time inputs are secrets (the application's Secret) and plain parameters that had no value at
/// generation (the application's parameters ConfigMap).
/// </summary>
internal sealed class EnvironmentBuilder(WorkloadContext context, AppResource resource)
{
    private const string SecretEnvPrefix = "KUBEAI_SECRET_";
    private const string ParameterEnvPrefix = "KUBEAI_PARAM_";

    private readonly List<V1EnvVar> _secretVariables = [];
    private readonly List<V1EnvVar> _variables = [];
    private readonly SortedDictionary<string, SecretPart> _secrets = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ParameterPart> _parameters = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> ConfigData { get; } = new(StringComparer.Ordinal);

    /// <summary>Secret helper variables first: <c>$(VAR)</c> only sees variables defined before it.</summary>
    public List<V1EnvVar> Variables => [.. _secretVariables, .. _variables];

    public IReadOnlyCollection<SecretPart> SecretsUsed => _secrets.Values;

    /// <summary>Every deploy-time input this workload reads: its secrets, then its parameters without a value.</summary>
    public IReadOnlyCollection<ValuePart> InputsUsed => [.. _secrets.Values, .. _parameters.Values];

    /// <summary>The workload resources this one's env and args point at: whom it talks to.</summary>
    public SortedSet<string> References { get; } = new(StringComparer.Ordinal);

    /// <summary>A variable that is neither from the manifest nor secret, such as the training contract's.</summary>
    public void AddFixed(V1EnvVar variable) => _variables.Add(variable);

    public void Add(string key, string raw)
    {
        var value = context.Resolver.Resolve(raw, $"{resource.Origin}.env.{key}");
        References.UnionWith(value.References);
        if (value.Parts is [SecretPart secret])
        {
            _secrets.TryAdd(secret.Key, secret);
            _variables.Add(new V1EnvVar { Name = key, ValueFrom = SecretRef(secret.Key) });
        }
        else if (value.Parts is [ParameterPart parameter])
        {
            _parameters.TryAdd(parameter.Key, parameter);
            _variables.Add(new V1EnvVar { Name = key, ValueFrom = ParameterRef(parameter.Key) });
        }
        else if (value.Text is not { } text)
        {
            _variables.Add(new V1EnvVar { Name = key, Value = Expand(value) });
        }
        else if (KubernetesNames.IsConfigKey(key))
        {
            ConfigData[key] = text;
        }
        else
        {
            _variables.Add(new V1EnvVar { Name = key, Value = Escape(text) });
        }
    }

    /// <summary>The text of a value for a field Kubernetes expands: literals escaped, secrets as <c>$(VAR)</c>.</summary>
    public string Expand(ResolvedValue value)
    {
        References.UnionWith(value.References);
        var text = new StringBuilder();
        foreach (var part in value.Parts)
        {
            if (part is LiteralPart literal)
            {
                text.Append(Escape(literal.Text));
            }
            else if (part is SecretPart secret)
            {
                _secrets.TryAdd(secret.Key, secret);
                text.Append("$(").Append(HelperVariable(SecretEnvPrefix, secret.Key, SecretRef(secret.Key))).Append(')');
            }
            else if (part is ParameterPart parameter)
            {
                _parameters.TryAdd(parameter.Key, parameter);
                text.Append("$(").Append(HelperVariable(ParameterEnvPrefix, parameter.Key, ParameterRef(parameter.Key))).Append(')');
            }
        }

        return text.ToString();
    }

    /// <summary>The variable that holds one deploy-time input for <c>$(VAR)</c> expansion, defined before every other.</summary>
    private string HelperVariable(string prefix, string key, V1EnvVarSource source)
    {
        var variable = prefix + new string(key.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        if (_secretVariables.All(v => v.Name != variable))
        {
            _secretVariables.Add(new V1EnvVar { Name = variable, ValueFrom = source });
        }

        return variable;
    }

    private V1EnvVarSource SecretRef(string key)
    {
        var (name, secretKey) = context.SecretReference?.Invoke(key) ?? (context.SecretName, key);
        return new() { SecretKeyRef = new V1SecretKeySelector { Name = name, Key = secretKey } };
    }

    private V1EnvVarSource ParameterRef(string key) =>
        new() { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = context.ParametersName, Key = key } };

    // Kubernetes expands $(VAR) in env values, command and args; $$ keeps a literal $.
    private static string Escape(string text) => text.Replace("$(", "$$(", StringComparison.Ordinal);
}
