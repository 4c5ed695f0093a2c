using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Tests.TrainingJobs;

/// <summary>Bad training-job input fails with its KUBEAI4xxx code, the offending value and where it came from.</summary>
public sealed class TrainingJobBadInputTests
{
    private const string Resource = $"{Inline.Source}: resources.train";
    private const string At = $"{Resource}.deployment.trainingJob";

    private static string Manifest(string trainingJob, string deploymentExtra = "", string resourceExtra = "", string name = "train") => $$"""
        {
          "resources": {
            "k8s": { "type": "kubeai.environment.v0" },
            "{{name}}": {
              "type": "container.v1",
              "image": "ghcr.io/example/train:1.0"{{resourceExtra}},
              "deployment": { "kind": "TrainingJob"{{deploymentExtra}}, "trainingJob": {{trainingJob}} }
            }
          }
        }
        """;

    private static void Expect(string code, string json, string origin, params string[] named)
    {
        var error = Inline.GenerateFails(code, json);
        foreach (var name in named)
        {
            Assert.Contains(name, error.Message);
        }

        Assert.Equal(origin, error.Origin);
        Assert.EndsWith($" (at {origin})", error.ToDisplayString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void Zero_or_negative_workers_are_KUBEAI4001(string workers) =>
        Expect(ErrorCodes.InvalidWorkers, Manifest($$"""{ "workers": {{workers}} }"""), $"{At}.workers", workers);

    [Fact]
    public void Zero_processes_per_worker_are_KUBEAI4001() =>
        Expect(ErrorCodes.InvalidWorkers, Manifest("""{ "processesPerWorker": 0 }"""), $"{At}.processesPerWorker", "0");

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    public void A_GPU_count_below_one_is_KUBEAI4002(string count) =>
        Expect(ErrorCodes.InvalidGpu, Manifest("{}", $$""", "gpu": { "count": {{count}} }"""), $"{Resource}.deployment.gpu.count", count);

    [Theory]
    [InlineData("every sunday")]
    [InlineData("0 3 * *")]
    [InlineData("61 * * * *")]
    public void An_invalid_cron_schedule_is_KUBEAI4003(string schedule) =>
        Expect(ErrorCodes.InvalidSchedule, Manifest($$"""{ "schedule": "{{schedule}}" }"""), $"{At}.schedule", schedule);

    [Theory]
    [InlineData("1g10gb")]
    [InlineData("9g.10gb")]
    [InlineData("a100")]
    public void A_malformed_MIG_profile_is_KUBEAI4004(string mig) =>
        Expect(ErrorCodes.InvalidMigProfile, Manifest("{}", $$""", "gpu": { "count": 1, "mig": "{{mig}}" }"""), $"{Resource}.deployment.gpu.mig", mig);

    [Theory]
    [InlineData("checkpoint", "lots")]
    [InlineData("checkpoint", "10 GB")]
    [InlineData("dataset", "5GB")]
    public void An_invalid_storage_size_is_KUBEAI4005(string key, string size)
    {
        var source = key == "dataset" ? "\"source\": \"s3://b/d\", " : string.Empty;
        Expect(ErrorCodes.InvalidTrainingQuantity, Manifest($$"""{ "{{key}}": { {{source}}"size": "{{size}}" } }"""), $"{At}.{key}.size", size);
    }

    [Fact]
    public void An_unknown_time_zone_is_KUBEAI4006() =>
        Expect(ErrorCodes.InvalidTimeZone, Manifest("""{ "schedule": "0 3 * * 0", "timeZone": "Mars/Olympus" }"""), $"{At}.timeZone", "Mars/Olympus");

    [Fact]
    public void An_unknown_flavor_is_KUBEAI4007() =>
        Expect(ErrorCodes.UnknownTrainingFlavor, Manifest("""{ "flavor": "mpijob" }"""), $"{At}.flavor", "mpijob");

    [Fact]
    public void A_CronJob_name_over_52_characters_is_KUBEAI4008()
    {
        var name = new string('r', 53);
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("""{ "schedule": "0 3 * * 0" }""", name: name), $"{Inline.Source}: resources.{name}", name, "52");
    }

    [Fact]
    public void A_name_too_long_for_the_pod_host_names_of_an_Indexed_Job_is_KUBEAI4008()
    {
        var name = new string('w', 62);
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("""{ "workers": 12 }""", name: name), $"{Inline.Source}: resources.{name}", name, "63");
    }

    [Fact]
    public void A_contract_variable_in_the_app_model_is_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("{}", resourceExtra: """, "env": { "RANK": "3" }"""), $"{Resource}.env.RANK", "RANK");

    [Fact]
    public void Max_failed_indexes_without_a_per_index_backoff_is_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("""{ "workers": 4, "maxFailedIndexes": 1 }"""), $"{At}.maxFailedIndexes", "maxFailedIndexes", "backoffLimitPerIndex");

    [Fact]
    public void Max_failed_indexes_above_the_worker_count_is_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("""{ "workers": 2, "backoffLimitPerIndex": 1, "maxFailedIndexes": 3 }"""), $"{At}.maxFailedIndexes", "3", "2 worker");

    [Fact]
    public void A_per_index_backoff_for_one_worker_is_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("""{ "backoffLimitPerIndex": 2 }"""), $"{At}.backoffLimitPerIndex", "backoffLimitPerIndex", "2");

    [Fact]
    public void Service_settings_on_a_training_job_are_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("{}", """, "replicas": 3"""), $"{Resource}.deployment.replicas", "replicas", "workers");

    [Fact]
    public void A_named_volume_on_a_training_job_is_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("{}", resourceExtra: """, "volumes": [ { "name": "scratch", "target": "/scratch", "readOnly": false } ]"""), $"{Resource}.volumes[0]", "scratch");

    [Fact]
    public void A_dataset_scheme_without_a_default_downloader_and_no_image_is_KUBEAI4008() =>
        Expect(ErrorCodes.InvalidTrainingSetting, Manifest("""{ "dataset": { "source": "gs://bucket/data" } }"""), $"{At}.dataset.source", "gs://bucket/data", "dataset.image");

    [Fact]
    public void Two_jobs_declaring_one_LocalQueue_on_different_ClusterQueues_is_KUBEAI4008()
    {
        var json = """
            {
              "resources": {
                "k8s": { "type": "kubeai.environment.v0" },
                "a": { "type": "container.v1", "image": "x:1", "deployment": { "kind": "TrainingJob", "trainingJob": { "queue": "q", "localQueue": { "clusterQueue": "one" } } } },
                "b": { "type": "container.v1", "image": "x:1", "deployment": { "kind": "TrainingJob", "trainingJob": { "queue": "q", "localQueue": { "clusterQueue": "two" } } } }
              }
            }
            """;
        Expect(ErrorCodes.InvalidTrainingSetting, json, $"{Inline.Source}: resources.b.deployment.trainingJob.localQueue.clusterQueue", "'q'", "'two'", "'one'", "'a'");
    }

    [Theory]
    [InlineData("jobset", "\"schedule\": \"0 3 * * 0\"", "schedule", "0 3 * * 0")]
    [InlineData("trainjob", "\"schedule\": \"0 3 * * 0\"", "schedule", "0 3 * * 0")]
    [InlineData("pytorchjob", "\"workers\": 2, \"backoffLimitPerIndex\": 1", "backoffLimitPerIndex", "1")]
    [InlineData("jobset", "\"workers\": 2, \"backoffLimitPerIndex\": 1, \"maxFailedIndexes\": 1", "backoffLimitPerIndex", "1")]
    [InlineData("pytorchjob", "\"failOnExitCodes\": [ 42 ]", "failOnExitCodes", "42")]
    [InlineData("trainjob", "\"backoffLimit\": 2", "backoffLimit", "2")]
    [InlineData("trainjob", "\"ttlSecondsAfterFinished\": 60", "ttlSecondsAfterFinished", "60")]
    [InlineData("trainjob", "\"failOnExitCodes\": [ 7 ]", "failOnExitCodes", "7")]
    [InlineData("trainjob", "\"masterPort\": 23456", "masterPort", "23456")]
    [InlineData("trainjob", "\"priorityClassName\": \"high\"", "priorityClassName", "high")]
    [InlineData("trainjob", "\"dataset\": { \"source\": \"s3://b/d\" }", "dataset", "s3://b/d")]
    public void A_setting_the_flavor_cannot_express_is_KUBEAI4009(string flavor, string setting, string key, string value) =>
        Expect(ErrorCodes.TrainingFlavorConflict, Manifest($$"""{ "flavor": "{{flavor}}", {{setting}} }"""), $"{At}.{key}", flavor, key, value);
}
