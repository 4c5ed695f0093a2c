using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;

namespace KubeAi.Hosting.Tests;

/// <summary>Every extension refuses bad values at the call, with a message that names the value.</summary>
public sealed class ArgumentValidationTests
{
    private static readonly IDistributedApplicationBuilder s_builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish", "--step", "publish-manifest"], DisableDashboard = true });
    private static int s_counter;

    private static IResourceBuilder<ContainerResource> Container() => s_builder.AddContainer($"c{Interlocked.Increment(ref s_counter)}", "busybox", "1.36");

    private static IResourceBuilder<ContainerTrainingJobResource> Job() => s_builder.AddTrainingJob($"j{Interlocked.Increment(ref s_counter)}", "busybox", "1.36");

    private static void Rejects(Action action, string because)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Contains(because, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpus() 
    {
        Rejects(() => Container().WithGpus(-1), "GPU count must be between 1 and 64");
        Rejects(() => Container().WithGpus(0), "GPU count");
        Rejects(() => Container().WithGpus(1, mig: "1g10gb"), "'1g10gb' is not a MIG profile");
        Rejects(() => Container().WithGpus(1, shmSize: "8 GB"), "'8 GB' is not a Kubernetes quantity");
        Rejects(() => Container().WithGpus(1, product: "NVIDIA A100"), "GPU product 'NVIDIA A100'");
    }

    [Fact]
    public void Ephemeral_storage_needs_a_builder()
    {
        Assert.Throws<ArgumentNullException>(() => ((IResourceBuilder<ContainerResource>)null!).WithEphemeralStorage());
    }

    [Fact]
    public void Resources()
    {
        Rejects(() => Container().WithKubernetesResources(cpuRequest: "half"), "'half' is not a Kubernetes quantity");
        Rejects(() => Container().WithKubernetesResources(memoryLimit: "1GB!"), "'1GB!' is not a Kubernetes quantity");
        Rejects(() => Container().WithKubernetesResources(), "at least one");
        Rejects(() => s_builder.AddKubeAiEnvironment("bad-env-" + Guid.NewGuid().ToString("N")[..6]).WithDefaultResources(cpuRequest: "x"), "'x' is not a Kubernetes quantity");
    }

    [Fact]
    public void Autoscaling()
    {
        Rejects(() => Container().WithAutoscaling(5, 2), "minReplicas (5) must not be greater than maxReplicas (2)");
        Rejects(() => Container().WithAutoscaling(0, 2), "minReplicas must be between 1");
        Rejects(() => Container().WithAutoscaling(1, 2, cpuUtilization: 0), "cpuUtilization");
        Rejects(() => Container().WithAutoscaling(1, 2, metricName: "rps"), "needs both metricName and metricAverageValue");
        Rejects(() => Container().WithAutoscaling(1, 2, metricName: "rps", metricAverageValue: "fifty"), "'fifty' is not a Kubernetes quantity");
    }

    [Fact]
    public void Ingress_model_cache_and_startup()
    {
        var api = s_builder.AddContainer($"web{Interlocked.Increment(ref s_counter)}", "nginx", "1").WithHttpEndpoint(targetPort: 80);
        Rejects(() => api.WithIngress("Not A Host"), "ingress host 'Not A Host' is not a DNS name");
        Rejects(() => api.WithIngress(path: "api"), "ingress path 'api' must be an absolute path");
        Rejects(() => api.WithIngress(tlsSecret: "Bad_Secret"), "TLS secret 'Bad_Secret'");
        Rejects(() => Container().WithModelCache("lots"), "'lots' is not a Kubernetes quantity");
        Rejects(() => Container().WithModelCache("10Gi", "models"), "must be an absolute path");
        Rejects(() => Container().WithStartupTimeout(TimeSpan.Zero), "startup timeout must be between");
        Rejects(() => Container().WithStartupTimeout(TimeSpan.FromMilliseconds(1500)), "whole number of seconds");
    }

    [Fact]
    public void Environment()
    {
        var env = s_builder.CreateResourceBuilder(new KubeAiEnvironmentResource("detached"));
        Rejects(() => env.WithNamespace("ML_Team"), "namespace 'ML_Team' is not valid");
        Rejects(() => env.WithRegistry("https://registry.example.com"), "without scheme");
        Rejects(() => env.WithImageTag("-bad"), "'-bad' is not an image tag");
        Rejects(() => env.WithImagePullSecret("Reg Cred"), "image pull secret 'Reg Cred'");
        Rejects(() => env.WithStorageClass("Fast_SSD"), "storage class 'Fast_SSD'");
        Rejects(() => env.WithIngressClass(""), "ingressClass");
    }

    [Fact]
    public void Training_jobs()
    {
        Rejects(() => Job().WithWorkers(0), "workers must be between 1");
        Rejects(() => Job().WithWorkers(2, processesPerWorker: -1), "processesPerWorker");
        Rejects(() => Job().WithCheckpoints("big"), "'big' is not a Kubernetes quantity");
        Rejects(() => Job().WithCheckpoints("10Gi", accessMode: "ReadOnlyMany"), "access mode 'ReadOnlyMany'");
        Rejects(() => Job().WithDataset("s3://b/x", image: "Not An Image"), "'Not An Image' is not an image reference");
        Rejects(() => Job().WithSchedule("every sunday"), "'every sunday' is not a cron schedule");
        Rejects(() => Job().WithSchedule("0 3 * * 0", "Mars/Olympus"), "'Mars/Olympus' is not a time zone");
        Rejects(() => Job().WithQueue("Team A"), "queue 'Team A'");
        Rejects(() => Job().WithBackoffLimit(-1), "backoffLimit must be between 0");
        Rejects(() => Job().WithDeadline(TimeSpan.FromSeconds(-5)), "deadline must be between");
        Rejects(() => Job().WithTtlAfterFinished(TimeSpan.FromSeconds(-1)), "TTL after finished");
        Rejects(() => Job().WithPriorityClass("High Priority"), "priority class 'High Priority'");
        Rejects(() => Job().WithFlavor((TrainingJobFlavor)42), "flavor must be");
        Rejects(() => Job().WithFailOnExitCodes(), "at least one exit code");
        Rejects(() => Job().WithFailOnExitCodes(0), "an exit code must be between 1 and 255");
    }

    [Fact]
    public void Only_one_environment()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish"], DisableDashboard = true });
        builder.AddKubeAiEnvironment("k8s");
        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddKubeAiEnvironment("k8s2"));
        Assert.Contains("already has a KubeAi environment", ex.Message, StringComparison.Ordinal);
    }
}
