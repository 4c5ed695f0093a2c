using k8s;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// The Kubernetes objects KubeAi generated for one resource (KubernetesClient models: <c>V1Deployment</c>,
/// <c>V1Service</c>, <c>V1Job</c>, ...), handed to <c>PublishAsKubernetes</c> callbacks to change in place
/// before they are written. Objects can also be added or removed.
/// </summary>
public sealed class KubernetesWorkload
{
    private readonly List<IKubernetesObject> _objects;

    internal KubernetesWorkload(string resourceName, IEnumerable<IKubernetesObject> objects)
    {
        ResourceName = resourceName;
        _objects = objects.ToList();
    }

    /// <summary>The Aspire resource the objects were generated for.</summary>
    public string ResourceName { get; }

    /// <summary>Every generated object, in the order they are written.</summary>
    public IReadOnlyList<IKubernetesObject> Objects => _objects;

    /// <summary>The objects of type <typeparamref name="T"/>, for example <c>OfType&lt;V1Deployment&gt;()</c>.</summary>
    public IEnumerable<T> OfType<T>() where T : IKubernetesObject => _objects.OfType<T>();

    /// <summary>The single object of type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">There is none, or more than one.</exception>
    public T Single<T>() where T : IKubernetesObject
    {
        var matches = _objects.OfType<T>().ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"resource '{ResourceName}' has {matches.Count} generated object(s) of type {typeof(T).Name}; expected exactly one (it has: {string.Join(", ", _objects.Select(o => o.Kind))})");
    }

    /// <summary>Adds an object (written as <c>&lt;kind&gt;.yaml</c> in the resource's folder; one object per kind).</summary>
    public void Add(IKubernetesObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (string.IsNullOrEmpty(obj.Kind) || string.IsNullOrEmpty(obj.ApiVersion))
        {
            throw new ArgumentException("an added object needs its Kind and ApiVersion set", nameof(obj));
        }

        if (_objects.Any(o => string.Equals(o.Kind, obj.Kind, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"resource '{ResourceName}' already has a {obj.Kind}; change that one instead", nameof(obj));
        }

        _objects.Add(obj);
    }

    /// <summary>Removes an object; returns whether it was there.</summary>
    public bool Remove(IKubernetesObject obj) => _objects.Remove(obj);
}
