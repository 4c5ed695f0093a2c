namespace KubeAi.TestSupport;

/// <summary>The pinned kubectl and helm that build/kube-tools.sh installs, else the ones on PATH.</summary>
public static class KubeTools
{
    public static string Find(string tool)
    {
        var state = Environment.GetEnvironmentVariable("KUBEAI_STATE") ?? "/var/tmp/kubeai";
        var pinned = Path.Combine(state, "kube-tools", "bin", tool);
        return File.Exists(pinned) ? pinned
            : ProcessRunner.Which(tool) ?? throw new InvalidOperationException($"{tool} is not installed; run build/setup.sh");
    }
}
