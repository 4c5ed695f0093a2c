using KubeAi.Core.AppModel;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>Kubernetes rules beyond the schema for container resources: requests must not exceed limits.</summary>
internal sealed partial class ObjectWalker
{
    private void CheckResourceRequirements(YamlMappingNode resources)
    {
        var limits = ReadQuantities(Child(resources, "limits") as YamlMappingNode);
        var requests = ReadQuantities(Child(resources, "requests") as YamlMappingNode);
        foreach (var (field, quantities) in new[] { ("limits", limits), ("requests", requests) })
        {
            foreach (var (resource, (value, text, node)) in quantities)
            {
                if (value < 0)
                {
                    ReportAt(node, field, resource, $"{text}: must be greater than or equal to 0");
                }
                else if (KubernetesNames.IsExtendedResourceName(resource) && Math.Abs(value - Math.Round(value)) > 1e-9)
                {
                    ReportAt(node, field, resource, $"{text}: extended resources must be whole numbers");
                }
            }
        }

        foreach (var (resource, (request, text, node)) in requests)
        {
            var extended = KubernetesNames.IsExtendedResourceName(resource);
            if (!limits.TryGetValue(resource, out var limit))
            {
                if (extended)
                {
                    ReportAt(node, "requests", resource, $"a limit must also be set for extended resource {resource} (it cannot be overcommitted)");
                }

                continue;
            }

            if (extended && Math.Abs(request - limit.Value) > 1e-9 * Math.Max(1, Math.Abs(limit.Value)))
            {
                ReportAt(node, "requests", resource, $"{text}: must be equal to the {resource} limit of {limit.Text} (extended resources cannot be overcommitted)");
            }
            else if (request > limit.Value * (1 + 1e-12))
            {
                ReportAt(node, "requests", resource, $"{text}: must be less than or equal to the {resource} limit of {limit.Text}");
            }
        }
    }

    private static Dictionary<string, (double Value, string Text, YamlNode Node)> ReadQuantities(YamlMappingNode? map)
    {
        var result = new Dictionary<string, (double, string, YamlNode)>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (ScalarText(keyNode) is { } key && valueNode is YamlScalarNode scalar &&
                YamlScalars.KindOf(scalar) is YamlValueKind.String or YamlValueKind.Integer or YamlValueKind.Float &&
                Quantities.TryParseValue(scalar.Value ?? string.Empty, out var value))
            {
                result[key] = (value, scalar.Value ?? string.Empty, scalar);
            }
        }

        return result;
    }
}
