namespace KubeAi.TestSupport;

/// <summary>The pinned helm that build/kube-tools.sh installs.</summary>
public static class Helm
{
    public static string Binary => KubeTools.Find("helm");

    public static ProcessResult Run(params string[] arguments) => ProcessRunner.Run(Binary, arguments, timeout: TimeSpan.FromMinutes(2));
}
