using KubeAi.Core.Delivery;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

/// <summary>
/// The <c>KubeAiApply</c> target's task: applies the published tree with KubeAi.Core (render, server-side
/// apply with pruning, wait for rollouts and jobs), exactly as <c>kubeai apply</c> does.
/// </summary>
public sealed class ApplyKubernetesManifests : Microsoft.Build.Utilities.Task
{
    /// <summary>The generated tree (<c>KubeAiOutputPath</c>).</summary>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <summary>The environment (overlay) to apply (<c>KubeAiEnvironment</c>); empty applies <c>base/</c>.</summary>
    public string? Environment { get; set; }

    /// <summary>Server-side dry run (<c>KubeAiApplyDryRun</c>).</summary>
    public bool DryRun { get; set; }

    /// <summary>Seconds to wait for rollouts and jobs in all (<c>KubeAiApplyTimeout</c>).</summary>
    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>The kubectl to use (<c>KubeAiKubectl</c>); empty: the one on PATH.</summary>
    public string? Kubectl { get; set; }

    public override bool Execute() => TaskErrors.Run(Log, Directory, () =>
    {
        if (TimeoutSeconds is < 1 or > 86_400)
        {
            throw new Core.Diagnostics.KubeAiException(Core.Diagnostics.ErrorCodes.InvalidBuildSetting, $"KubeAiApplyTimeout is {TimeoutSeconds}; it must be between 1 and 86400 seconds", "KubeAiApplyTimeout");
        }

        var kubectl = Core.Delivery.Kubectl.Find(string.IsNullOrWhiteSpace(Kubectl) ? null : Kubectl);
        KubernetesApply.Run(
            new ApplyRequest(Directory, string.IsNullOrWhiteSpace(Environment) ? null : Environment, DryRun, TimeSpan.FromSeconds(TimeoutSeconds)),
            kubectl,
            line => Log.LogMessage(MessageImportance.High, line.Replace("kubeai apply:", "KubeAi apply:", StringComparison.Ordinal)));
        return true;
    });
}
