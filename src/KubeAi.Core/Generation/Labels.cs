namespace KubeAi.Core.Generation;

/// <summary>The recommended <c>app.kubernetes.io/*</c> labels, in a stable order.</summary>
internal static class Labels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedByValue = "kubeai";

    public static SortedDictionary<string, string> For(string name, string app, string component) => new(StringComparer.Ordinal)
    {
        [Name] = name,
        [Instance] = app,
        [PartOf] = app,
        [ManagedBy] = ManagedByValue,
        [Component] = component,
    };

    public static SortedDictionary<string, string> Selector(string name, string app) => new(StringComparer.Ordinal)
    {
        [Name] = name,
        [Instance] = app,
    };
}
