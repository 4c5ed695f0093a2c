using System.Text.Json;

namespace KubeAi.Core.AppModel;

/// <summary>What a manifest resource becomes in the cluster.</summary>
public enum ResourceKind
{
    /// <summary><c>project.v0</c>/<c>project.v1</c>: a .NET project; its image is built by the caller.</summary>
    Project,
    /// <summary><c>container.v0</c>/<c>container.v1</c> with an image.</summary>
    Container,
    /// <summary><c>dockerfile.v0</c>, or <c>container.v1</c> with a <c>build</c>: image supplied by the caller.</summary>
    Dockerfile,
    /// <summary><c>executable.v0</c>: runs only when the caller supplies an image for it.</summary>
    Executable,
    /// <summary><c>parameter.v0</c>: a value from configuration, secret or not.</summary>
    Parameter,
    /// <summary><c>value.v0</c> or <c>annotated.string</c>: a named value or connection string, no workload.</summary>
    Value,
    /// <summary><c>kubeai.environment.v0</c>: KubeAi's compute environment, cluster-wide defaults.</summary>
    Environment,
    /// <summary>A type KubeAi does not know; an error unless the caller opts to skip it.</summary>
    Unknown,
}

/// <summary>One resource of the Aspire manifest, as read; expressions are still unresolved.</summary>
public sealed class AppResource
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required ResourceKind Kind { get; init; }
    /// <summary>Where it came from, for error messages: <c>file: resources.NAME</c>.</summary>
    public required string Origin { get; init; }

    public string? Image { get; init; }
    public string? ProjectPath { get; init; }
    public string? Entrypoint { get; init; }
    public string? Command { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>Environment variables in manifest order (the order is kept for <c>$(VAR)</c> expansion).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];
    public IReadOnlyList<Binding> Bindings { get; init; } = [];
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    public IReadOnlyList<VolumeMount> BindMounts { get; init; } = [];
    public string? ConnectionString { get; init; }
    public string? Value { get; init; }
    /// <summary>The encoding an <c>annotated.string</c> applies to its value (Aspire 13 writes <c>uri</c>).</summary>
    public string? Filter { get; init; }
    public IReadOnlyDictionary<string, ParameterInput> Inputs { get; init; } = new Dictionary<string, ParameterInput>();
    /// <summary>The <c>deployment</c> object a compute environment wrote (v1 types), if any.</summary>
    public JsonElement? Deployment { get; init; }

    /// <summary>What the <c>deployment</c> object asks for (defaults when there is none).</summary>
    public DeploymentSettings Settings { get; internal set; } = DeploymentSettings.Default;

    /// <summary>The settings of a <c>kubeai.environment.v0</c> resource.</summary>
    public EnvironmentSettings? EnvironmentSettings { get; init; }

    public bool IsWorkload => Kind is ResourceKind.Project or ResourceKind.Container or ResourceKind.Dockerfile or ResourceKind.Executable;

    /// <summary>
    /// A parameter with a secret or generated input: nothing of it (value, connection string, default) is
    /// ever read into a generated file, a log or a message; everything it stands for is a Secret key.
    /// </summary>
    public bool IsSecretParameter => Kind == ResourceKind.Parameter && Inputs.Values.Any(i => i.Secret || i.DefaultGenerated);

    public Binding? FindBinding(string name) => Bindings.FirstOrDefault(b => b.Name == name);
}

/// <summary>An endpoint of a resource (<c>bindings.NAME</c>).</summary>
public sealed record Binding(string Name, string Scheme, string Protocol, string Transport, int? Port, int? TargetPort, bool External);

/// <summary>A named volume or a bind mount of a container.</summary>
public sealed record VolumeMount(string Source, string Target, bool ReadOnly);

/// <summary>An input of a parameter (<c>inputs.value</c>).</summary>
public sealed record ParameterInput(string Name, bool Secret, string? DefaultValue, bool DefaultGenerated);
