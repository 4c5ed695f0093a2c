namespace KubeAi.TestSupport;

/// <summary>The pinned helm that build/kube-tools.sh installs.</summary>
public static class Helm
{
    public static string Binary
    {
        get
        {
            var state = Environment.GetEnvironmentVariable("KUBEAI_STATE") ?? "/var/tmp/kubeai";
            var pinned = Path.Combine(state, "kube-tools", "bin", "helm");
            return File.Exists(pinned) ? pinned
                : ProcessRunner.Which("helm") ?? throw new InvalidOperationException("helm is not installed; run build/setup.sh");
        }
    }

    public static ProcessResult Run(params string[] arguments) => ProcessRunner.Run(Binary, arguments, timeout: TimeSpan.FromMinutes(2));
}
