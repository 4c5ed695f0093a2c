using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubeAi.Validation;
using KubeAi.TestSupport;
using SentimentPlatform.Model;

namespace KubeAi.EndToEnd.Tests;

/// <summary>
/// The SentimentPlatform images as KubeAi publishes and pins them, run with podman the way the
/// generated objects run them: the Indexed Job's two pods (rank 0 and rank 1, environment taken from
/// job.yaml and its ConfigMap, security context from the pod spec: uid 1654, read-only root, only /tmp
/// writable) against Debian's PostgreSQL on loopback, then the API Deployment's image serving the model.
/// Cluster DNS names are the only thing replaced: <c>postgres</c> and <c>train-0.train</c> become loopback.
/// </summary>
public sealed partial class SentimentPlatformContainerTests
{
    [PostgresFact]
    public void Two_trainer_pods_train_into_postgresql_a_lost_rank_fails_the_other_a_rerun_resumes_and_the_api_serves()
    {
        var sample = SampleWorkspace.Copy("SentimentPlatform");
        var publish = SampleWorkspace.Publish(sample, "SentimentPlatform.AppHost", $"-p:KubeAiPackageVersion={SampleWorkspace.PackageVersion}");
        Assert.True(publish.ExitCode == 0, publish.Output);
        var kubernetes = Path.Combine(sample, "SentimentPlatform.AppHost", "bin", "Release", "net10.0", "publish", "kubernetes", "base");
        var job = KubernetesYaml.Deserialize<V1Job>(File.ReadAllText(Path.Combine(kubernetes, "train", "job.yaml")));
        var deployment = KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(Path.Combine(kubernetes, "api", "deployment.yaml")));
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(2, job.Spec.Completions);
        Assert.Equal(2, job.Spec.Parallelism);
        Assert.Contains("kind: StatefulSet", File.ReadAllText(Path.Combine(kubernetes, "postgres", "statefulset.yaml")), StringComparison.Ordinal);
        var tree = Path.GetDirectoryName(kubernetes)!;
        Assert.Empty(SchemaValidator.Default.ValidateDirectory(tree).Violations);
        Assert.Empty(WorkloadLinter.LintDirectory(tree).Select(f => f.ToString()));
        Assert.Contains("volumeClaimTemplates", Kustomize.Render(kubernetes), StringComparison.Ordinal);
        var images = SampleWorkspace.PinnedImages(tree).Where(i => i.Contains("/sentiment-platform/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.Matches("@sha256:[0-9a-f]{64}$", i));

        using var postgres = PostgresServer.Start("models");
        var checkpoints = WritableDirectory("sentiment-checkpoints");
        var trainer = job.Spec.Template.Spec;
        var masterPort = Podman.FreePort();
        var containers = new List<string>();
        try
        {
            // 1. Both pods train together and store version 1.
            var (rank0, rank1) = StartRanks(trainer, kubernetes, postgres, checkpoints, masterPort, containers, []);
            var exit0 = Wait(rank0);
            var exit1 = Wait(rank1);
            var logs0 = Logs(rank0);
            Assert.True(exit0 == 0 && exit1 == 0, $"rank 0 exited {exit0}, rank 1 exited {exit1}\n{logs0}\n---\n{Logs(rank1)}");
            Assert.Contains("rank=0 world_size=2", logs0, StringComparison.Ordinal);
            Assert.Contains("database=postgresql", logs0, StringComparison.Ordinal);
            Assert.Contains("rendezvous: rank 1 joined (1/1)", logs0, StringComparison.Ordinal);
            Assert.Matches(@"rank 0 done run=1 validation_accuracy=0\.(7[5-9]|[89])\d* model_version=1 bytes_per_step=1048624", logs0);
            var database = ModelDatabase.FromConnectionString(postgres.ConnectionString("models"));
            Assert.Equal((1L, 60L, 1L), database.CountAsync().GetAwaiter().GetResult());

            // 2. Rank 1 is killed mid-run: rank 0 fails with a clear message instead of hanging.
            var fresh = WritableDirectory("sentiment-checkpoints-kill");
            var slow = new Dictionary<string, string> { ["TRAIN_STEP_DELAY_MS"] = "40", ["TRAIN_SOCKET_TIMEOUT_SECONDS"] = "20" };
            (rank0, rank1) = StartRanks(trainer, kubernetes, postgres, fresh, masterPort, containers, slow);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!Logs(rank0).Contains("epoch 2/30", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"rank 0 never reached epoch 2: {Logs(rank0)}");
                Thread.Sleep(200);
            }

            Assert.Equal(0, Podman.Run("kill", rank1).ExitCode);
            Assert.Equal(2, Wait(rank0));
            logs0 = Logs(rank0);
            Assert.Matches("rank 0 failed: .*(rank 1 closed the connection|lost the connection to rank 1)", logs0);
            Assert.Contains("failed", database.QueryAsync("SELECT status FROM training_runs WHERE id = 2").GetAwaiter().GetResult().Single().Select(v => v as string));

            // 3. The rerun (what the Job controller's replacement pods do) resumes from the checkpoint.
            (rank0, rank1) = StartRanks(trainer, kubernetes, postgres, fresh, masterPort, containers, []);
            exit0 = Wait(rank0);
            exit1 = Wait(rank1);
            logs0 = Logs(rank0);
            Assert.True(exit0 == 0 && exit1 == 0, $"rerun: rank 0 exited {exit0}, rank 1 exited {exit1}\n{logs0}\n---\n{Logs(rank1)}");
            Assert.Matches(@"resumed from checkpoint at epoch [1-9]\d* \(run 2\)", logs0);
            Assert.DoesNotContain("epoch 1/30", logs0, StringComparison.Ordinal);
            Assert.Contains("model_version=2", logs0, StringComparison.Ordinal);
            Assert.Equal("completed", database.QueryAsync("SELECT status FROM training_runs WHERE id = 2").GetAwaiter().GetResult().Single()[0]);
            Assert.Equal((2L, 120L, 2L), database.CountAsync().GetAwaiter().GetResult());

            // 4. The API image serves the newest version under the Deployment's security context.
            var apiPort = Podman.FreePort();
            var api = deployment.Spec.Template.Spec;
            var apiEnvironment = Environment(api.Containers[0], ConfigMap(kubernetes, "api"), rank: null, postgres, masterPort);
            // The ConfigMap's HTTP_PORTS (8080, the Service's target port) moved to a free port: host networking.
            Assert.Equal("8080", apiEnvironment["HTTP_PORTS"]);
            apiEnvironment["HTTP_PORTS"] = apiPort.ToString(CultureInfo.InvariantCulture);
            var apiContainer = RunDetached($"sentiment-api-{Guid.NewGuid():N}", api, api.Containers[0], apiEnvironment, mounts: [], containers);
            Assert.True(Podman.WaitForHttp($"http://127.0.0.1:{apiPort}/healthz", TimeSpan.FromMinutes(2)) == 200, Logs(apiContainer));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
            var response = http.PostAsJsonAsync("/predict", new { text = "The staff were friendly and the food was excellent." }).GetAwaiter().GetResult();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            Assert.Matches("""^\{"label":"positive","probability":0\.\d+,"modelVersion":2\}$""", body);
            Assert.Equal(HttpStatusCode.OK, http.GetAsync("/alive").GetAwaiter().GetResult().StatusCode);
        }
        finally
        {
            foreach (var container in containers)
            {
                Podman.Run("rm", "-f", container);
            }
        }
    }

    private static (string Rank0, string Rank1) StartRanks(V1PodSpec pod, string kubernetes, PostgresServer postgres, string checkpoints, int masterPort, List<string> containers, Dictionary<string, string> extra)
    {
        var container = pod.Containers.Single();
        var mount = container.VolumeMounts.Single(m => m.Name == "checkpoints");
        var names = new List<string>();
        foreach (var rank in new[] { 0, 1 })
        {
            var environment = Environment(container, ConfigMap(kubernetes, "train"), rank, postgres, masterPort);
            foreach (var (key, value) in extra)
            {
                environment[key] = value;
            }

            names.Add(RunDetached($"sentiment-rank{rank}-{Guid.NewGuid():N}", pod, container, environment, [$"{checkpoints}:{mount.MountPath}:Z"], containers));
        }

        return (names[0], names[1]);
    }

    /// <summary>The container's environment as the kubelet makes it: ConfigMap (envFrom), then env in order with $(VAR) expansion.</summary>
    private static Dictionary<string, string> Environment(V1Container container, IDictionary<string, string> configMap, int? rank, PostgresServer postgres, int masterPort)
    {
        var environment = new Dictionary<string, string>(configMap, StringComparer.Ordinal);
        foreach (var variable in container.Env)
        {
            var value = variable.Value is not null
                ? Expand(variable.Value, environment)
                : variable.ValueFrom.FieldRef?.FieldPath == "metadata.annotations['batch.kubernetes.io/job-completion-index']"
                    ? rank?.ToString(CultureInfo.InvariantCulture) ?? throw new InvalidOperationException($"{variable.Name} needs a completion index")
                    : variable.ValueFrom.SecretKeyRef?.Key switch
                    {
                        "postgres-password" => postgres.Password,
                        "postgres-password-uri-encoded" => Uri.EscapeDataString(postgres.Password),
                        var other => throw new InvalidOperationException($"unexpected secret key {other} in {variable.Name}"),
                    };
            environment[variable.Name] = value;
        }

        // Cluster DNS names → loopback: the database's Service and rank 0's pod host name.
        environment["ConnectionStrings__models"] = environment["ConnectionStrings__models"].Replace("Host=postgres;Port=5432", $"Host=127.0.0.1;Port={postgres.Port}", StringComparison.Ordinal);
        Assert.Contains("Host=127.0.0.1", environment["ConnectionStrings__models"], StringComparison.Ordinal);
        if (rank is not null)
        {
            Assert.Equal("train-0.train", environment["MASTER_ADDR"]);
            environment["MASTER_ADDR"] = "localhost";
            environment["MASTER_PORT"] = masterPort.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private static string Expand(string value, Dictionary<string, string> defined) =>
        VariableReference().Replace(value, m => defined.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    private static IDictionary<string, string> ConfigMap(string kubernetes, string workload) =>
        KubernetesYaml.Deserialize<V1ConfigMap>(File.ReadAllText(Path.Combine(kubernetes, workload, "configmap.yaml"))).Data;

    /// <summary>podman run -d with the pod's security context: its uid, a read-only root, only /tmp writable, no capabilities.</summary>
    private static string RunDetached(string name, V1PodSpec pod, V1Container container, Dictionary<string, string> environment, string[] mounts, List<string> containers)
    {
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Contains(pod.Volumes, v => v.Name == "tmp" && v.EmptyDir is not null);
        Assert.Contains(container.VolumeMounts, m => m.Name == "tmp" && m.MountPath == "/tmp");
        var arguments = new List<string>
        {
            "run", "-d", "--name", name, "--network", "host",
            "--user", $"{pod.SecurityContext.RunAsUser}:{pod.SecurityContext.RunAsGroup}",
            "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp:rw,mode=1777",
            "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        };
        foreach (var mount in mounts)
        {
            arguments.AddRange(["-v", mount]);
        }

        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["-e", $"{key}={value}"]);
        }

        arguments.Add(container.Image);
        var result = Podman.Run([.. arguments]);
        Assert.True(result.ExitCode == 0, result.Output);
        containers.Add(name);
        return name;
    }

    private static int Wait(string container)
    {
        var result = Podman.Run("wait", container);
        Assert.True(result.ExitCode == 0, result.Output);
        return int.Parse(result.StdOut.Trim(), CultureInfo.InvariantCulture);
    }

    private static string Logs(string container) => Podman.Run("logs", container).Output;

    private static string WritableDirectory(string prefix)
    {
        var directory = RepoPaths.NewTempDirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111); // the trainer runs as uid 1654
        }
        return directory;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
