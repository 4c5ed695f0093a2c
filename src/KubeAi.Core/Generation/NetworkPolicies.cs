using k8s.Models;
using KubeAi.Core.AppModel;

namespace KubeAi.Core.Generation;

/// <summary>
/// One NetworkPolicy per workload, allowing only the traffic the app model declares: ingress
/// from the workloads that reference it (on its ports), from the ingress controller when it has
/// an Ingress, from anywhere on a LoadBalancer; egress to DNS and to the workloads it
/// references; and, for distributed training, among its own pods. Everything else is denied.
/// </summary>
internal static class NetworkPolicies
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static IReadOnlyList<GeneratedResource> AddTo(IReadOnlyList<GeneratedResource> resources, EnvironmentSettings? environment)
    {
        var facts = resources.Where(r => r.Network is not null).ToDictionary(r => r.Name, r => r.Network!, StringComparer.Ordinal);
        return resources.Select(r => r.Network is null
            ? r
            : r with { Objects = [.. r.Objects, Policy(r, r.Network, facts, environment)] }).ToList();
    }

    private static V1NetworkPolicy Policy(GeneratedResource resource, NetworkFacts self, IReadOnlyDictionary<string, NetworkFacts> all, EnvironmentSettings? environment)
    {
        var ingress = new List<V1NetworkPolicyIngressRule>();
        var callers = all.Values.Where(f => f.Name != self.Name && f.References.Contains(self.Name)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (callers.Count > 0 && self.Ports.Count > 0)
        {
            ingress.Add(new V1NetworkPolicyIngressRule
            {
                FromProperty = callers.Select(c => new V1NetworkPolicyPeer { PodSelector = Select(c.Selector) }).ToList(),
                Ports = Ports(self.Ports),
            });
        }

        if (self.Exposure is Exposure.Ingress or Exposure.Gateway && self.Ports.Any(p => p.Http))
        {
            ingress.Add(new V1NetworkPolicyIngressRule
            {
                FromProperty = [ProxyPeer(self.Exposure, environment)],
                Ports = Ports(self.Ports.Where(p => p.Http)),
            });
        }
        else if (self.Exposure == Exposure.LoadBalancer && self.Ports.Count > 0)
        {
            ingress.Add(new V1NetworkPolicyIngressRule
            {
                FromProperty = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "0.0.0.0/0" } }],
                Ports = Ports(self.Ports),
            });
        }

        if (self.PeerTraffic)
        {
            ingress.Add(new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = Select(self.Selector) }] });
        }

        var egress = new List<V1NetworkPolicyEgressRule>
        {
            new()
            {
                To =
                [
                    new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = Select(new Dictionary<string, string> { [NamespaceNameLabel] = "kube-system" }),
                        PodSelector = Select(new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }),
                    },
                ],
                Ports =
                [
                    new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 },
                    new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 },
                ],
            },
        };

        foreach (var callee in self.References.Order(StringComparer.Ordinal).Select(r => all.GetValueOrDefault(r)).OfType<NetworkFacts>().Where(c => c.Ports.Count > 0))
        {
            egress.Add(new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = Select(callee.Selector) }], Ports = Ports(callee.Ports) });
        }

        if (self.PeerTraffic)
        {
            egress.Add(new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = Select(self.Selector) }] });
        }

        if (self.AllowInternetEgress)
        {
            egress.Add(new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "0.0.0.0/0", Except = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] } }],
            });
        }

        var labels = resource.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().First().Metadata.Labels;
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = self.Name, Labels = labels },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = Select(self.Selector),
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = ingress,
                Egress = egress,
            },
        };
    }

    /// <summary>
    /// Where the proxy that carries outside traffic in runs. The namespace the environment names
    /// (<c>ingressControllerNamespace</c>) wins; else a Gateway's own namespace (its data plane runs
    /// there in most implementations), the application's namespace for a Gateway beside it; else,
    /// for an Ingress whose controller nobody named, any namespace of the cluster (never addresses
    /// outside it), because no controller's namespace can be assumed.
    /// </summary>
    private static V1NetworkPolicyPeer ProxyPeer(string exposure, EnvironmentSettings? environment)
    {
        var named = environment?.IngressControllerNamespace ?? (exposure == Exposure.Gateway ? environment?.Gateway?.Namespace : null);
        if (named is not null)
        {
            return new V1NetworkPolicyPeer { NamespaceSelector = Select(new Dictionary<string, string> { [NamespaceNameLabel] = named }) };
        }

        return exposure == Exposure.Gateway
            ? new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }
            : new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() };
    }

    private static V1LabelSelector Select(IDictionary<string, string> labels) =>
        new() { MatchLabels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal) };

    private static List<V1NetworkPolicyPort> Ports(IEnumerable<PodPort> ports) =>
        ports.Select(p => new V1NetworkPolicyPort { Protocol = p.Protocol, Port = p.Port }).ToList();
}
