using k8s.Models;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Generation.CustomResources;

namespace KubeAi.Core.Tests.Kubernetes2026;

/// <summary>Gateway routes, DRA GPUs, model images, serving groups and the target version, on small inline manifests.</summary>
public sealed class Kubernetes2026Tests
{
    private static string Manifest(string environment, string deployment, string bindings = """{ "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8000, "external": true } }""") => $$"""
        {
          "resources": {
            "k8s": { "type": "kubeai.environment.v0"{{environment}} },
            "llm": {
              "type": "container.v1",
              "image": "docker.io/vllm/vllm-openai:v0.11.0",
              "deployment": { "kind": "Deployment"{{deployment}} },
              "bindings": {{bindings}}
            }
          }
        }
        """;

    private static readonly string Gateway = """, "gateway": { "name": "gw", "namespace": "gateway-system" }""";

    [Fact]
    public void A_named_gateway_makes_routes_the_default_and_no_ingress()
    {
        var app = Inline.Generate(Manifest(Gateway, ""));

        var route = Inline.Single<HttpRoute>(app, "llm");
        Assert.Equal("gw", route.Spec.ParentRefs.Single().Name);
        Assert.Equal("gateway-system", route.Spec.ParentRefs.Single().Namespace);
        Assert.Equal(8000, route.Spec.Rules.Single().BackendRefs.Single().Port);
        Assert.False(Inline.Has<V1Ingress>(app, "llm"));
        var policy = Inline.Single<V1NetworkPolicy>(app, "llm");
        Assert.Contains(policy.Spec.Ingress, r => r.FromProperty.Any(p => p.NamespaceSelector?.MatchLabels?["kubernetes.io/metadata.name"] == "gateway-system"));
    }

    [Fact]
    public void An_http2_endpoint_gets_a_grpc_route()
    {
        var app = Inline.Generate(Manifest(Gateway, "", """{ "grpc": { "scheme": "http", "protocol": "tcp", "transport": "http2", "targetPort": 5001, "external": true } }"""));

        Assert.Equal(5001, Inline.Single<GrpcRoute>(app, "llm").Spec.Rules.Single().BackendRefs.Single().Port);
        Assert.False(Inline.Has<HttpRoute>(app, "llm"));
    }

    [Fact]
    public void Without_a_named_controller_an_ingress_is_reachable_from_the_cluster_only()
    {
        var app = Inline.Generate(Manifest("", ""));

        var policy = Inline.Single<V1NetworkPolicy>(app, "llm");
        var rule = policy.Spec.Ingress.Single(r => r.FromProperty.Any(p => p.NamespaceSelector is not null));
        Assert.Empty(rule.FromProperty.Single().NamespaceSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.DoesNotContain(policy.Spec.Ingress, r => r.FromProperty.Any(p => p.IpBlock is not null));
    }

    [Fact]
    public void Gateway_exposure_without_a_gateway_is_an_error()
    {
        Inline.GenerateFails(ErrorCodes.InvalidGateway, Manifest("", """, "exposure": "gateway" """));
    }

    [Fact]
    public void A_tls_secret_under_a_gateway_is_an_error()
    {
        var error = Inline.GenerateFails(ErrorCodes.InvalidGateway, Manifest(Gateway, """, "ingress": { "host": "llm.example.com", "tlsSecret": "llm-tls" }"""));
        Assert.Contains("listener", error.Message);
    }

    [Fact]
    public void Dra_gpus_claim_from_a_template_and_drop_extended_resources()
    {
        var app = Inline.Generate(Manifest("", """, "gpu": { "count": 2, "product": "NVIDIA-A100-SXM4-80GB", "minMemory": "40Gi", "allocation": "dra" }"""));

        var template = Inline.Single<V1ResourceClaimTemplate>(app, "llm");
        var request = template.Spec.Spec.Devices.Requests.Single().Exactly;
        Assert.Equal("gpu.nvidia.com", request.DeviceClassName);
        Assert.Equal(2, request.Count);
        Assert.Equal(2, request.Selectors.Count);
        var pod = Inline.Single<V1Deployment>(app, "llm").Spec.Template.Spec;
        Assert.Equal("llm-gpu", pod.ResourceClaims.Single().ResourceClaimTemplateName);
        Assert.Equal("gpu", pod.Containers[0].Resources.Claims.Single().Name);
        Assert.DoesNotContain("nvidia.com/gpu", pod.Containers[0].Resources.Limits.Keys);
        Assert.Null(pod.NodeSelector);
    }

    [Fact]
    public void The_device_plugin_stays_the_default()
    {
        var app = Inline.Generate(Manifest("", """, "gpu": { "count": 1 }"""));

        Assert.False(Inline.Has<V1ResourceClaimTemplate>(app, "llm"));
        Assert.Equal("1", Inline.Single<V1Deployment>(app, "llm").Spec.Template.Spec.Containers[0].Resources.Limits["nvidia.com/gpu"].ToString());
    }

    [Fact]
    public void The_environment_chooses_dra_for_every_gpu_workload()
    {
        var app = Inline.Generate(Manifest(""", "gpuAllocation": "dra" """, """, "gpu": { "count": 1, "mig": "3g.40gb" }"""));

        Assert.Equal("mig.nvidia.com", Inline.Single<V1ResourceClaimTemplate>(app, "llm").Spec.Spec.Devices.Requests.Single().Exactly.DeviceClassName);
    }

    [Fact]
    public void Min_memory_without_dra_is_an_error()
    {
        Inline.GenerateFails(ErrorCodes.InvalidGpuAllocation, Manifest("", """, "gpu": { "count": 1, "minMemory": "40Gi" }"""));
    }

    [Fact]
    public void A_model_image_is_a_read_only_image_volume_and_an_unpinned_one_warns()
    {
        var app = Inline.Generate(Manifest("", """, "model": { "image": "localhost:5000/models/phi:1" }"""));

        var pod = Inline.Single<V1Deployment>(app, "llm").Spec.Template.Spec;
        var volume = pod.Volumes.Single(v => v.Name == "model");
        Assert.Equal("localhost:5000/models/phi:1", volume.Image.Reference);
        Assert.Equal("Always", volume.Image.PullPolicy);
        Assert.True(pod.Containers[0].VolumeMounts.Single(m => m.Name == "model").ReadOnlyProperty);
        Assert.Contains(app.Warnings, w => w.Code == ErrorCodes.InvalidModelImage);
    }

    [Fact]
    public void A_pushed_model_reference_wins_and_is_pinned()
    {
        var pinned = "localhost:5000/models/phi:1@sha256:" + new string('e', 64);
        var app = Inline.Generate(Manifest("", """, "model": { "image": "localhost:5000/models/phi:1", "source": "models/phi" }"""), Inline.Options(o => o with { ModelImages = new Dictionary<string, string> { ["llm"] = pinned } }));

        var volume = Inline.Single<V1Deployment>(app, "llm").Spec.Template.Spec.Volumes.Single(v => v.Name == "model");
        Assert.Equal(pinned, volume.Image.Reference);
        Assert.Equal("IfNotPresent", volume.Image.PullPolicy);
        Assert.DoesNotContain(app.Warnings, w => w.Code == ErrorCodes.InvalidModelImage);
    }

    [Theory]
    [InlineData("""{ "model": { "image": "localhost:5000/models/phi:1" } }""", "1.34", "image volumes")]
    [InlineData("""{ "gpu": { "count": 1, "allocation": "dra" } }""", "1.33", "Dynamic Resource Allocation")]
    public void A_feature_the_target_lacks_is_an_error_naming_it_and_the_version(string settings, string target, string feature)
    {
        var deployment = ", " + settings.Trim()[1..^1];
        var error = Inline.GenerateFails(ErrorCodes.FeatureNeedsNewerKubernetes, Manifest("", deployment), Inline.Options(o => o with { KubernetesVersion = target }));

        Assert.Contains(feature, error.Message);
        Assert.Contains($"the target is {target}", error.Message);
    }

    [Fact]
    public void The_environment_version_applies_and_the_option_wins()
    {
        var manifest = Manifest(""", "kubernetesVersion": "1.33" """, """, "model": { "image": "localhost:5000/models/phi:1" }""");
        Inline.GenerateFails(ErrorCodes.FeatureNeedsNewerKubernetes, manifest);

        Assert.NotNull(Inline.Generate(manifest, Inline.Options(o => o with { KubernetesVersion = "1.36" })));
    }

    [Theory]
    [InlineData("1.x")]
    [InlineData("2.0")]
    [InlineData("1.20")]
    public void A_bad_or_unsupported_version_is_an_error(string version)
    {
        Inline.GenerateFails(ErrorCodes.InvalidKubernetesVersion, Manifest("", ""), Inline.Options(o => o with { KubernetesVersion = version }));
    }

    [Fact]
    public void Serving_workers_make_a_leader_worker_set_whose_service_selects_leaders()
    {
        var app = Inline.Generate(Manifest("", """, "workers": 4, "replicas": 2, "gpu": { "count": 8 }"""));

        var set = Inline.Single<LeaderWorkerSet>(app, "llm");
        Assert.Equal("llm-group", set.Metadata.Name);
        Assert.Equal(4, set.Spec.LeaderWorkerTemplate.Size);
        Assert.Equal(2, set.Spec.Replicas);
        Assert.False(Inline.Has<V1Deployment>(app, "llm"));
        Assert.Equal("0", Inline.Single<V1Service>(app, "llm").Spec.Selector[LeaderWorkerSet.WorkerIndexLabel]);
        var env = set.Spec.LeaderWorkerTemplate.WorkerTemplate.Spec.Containers[0].Env;
        Assert.Equal("llm-group-$(KUBEAI_GROUP_INDEX).llm-group", env.Single(e => e.Name == "KUBEAI_LEADER_ADDRESS").Value);
        Assert.Equal("8", set.Spec.LeaderWorkerTemplate.WorkerTemplate.Spec.Containers[0].Resources.Limits["nvidia.com/gpu"].ToString());
    }

    [Fact]
    public void Serving_workers_with_autoscaling_are_an_error()
    {
        Inline.GenerateFails(ErrorCodes.InvalidServingWorkers, Manifest("", """, "workers": 2, "autoscaling": { "maxReplicas": 3 }"""));
    }

    [Fact]
    public void An_inference_pool_takes_the_route_and_selects_the_model_servers()
    {
        var app = Inline.Generate(Manifest(Gateway, """, "inferencePool": { "endpointPicker": "llm-epp" }"""));

        var backend = Inline.Single<HttpRoute>(app, "llm").Spec.Rules.Single().BackendRefs.Single();
        Assert.Equal(("InferencePool", "inference.networking.k8s.io", "llm"), (backend.Kind!, backend.Group!, backend.Name));
        var pool = Inline.Single<InferencePool>(app, "llm");
        Assert.Equal(8000, pool.Spec.TargetPorts.Single().Number);
        Assert.Equal(9002, pool.Spec.EndpointPickerRef!.Port!.Number);
    }

    [Fact]
    public void An_inference_pool_without_a_gateway_is_an_error()
    {
        Inline.GenerateFails(ErrorCodes.InvalidInferencePool, Manifest("", """, "inferencePool": { "endpointPicker": "llm-epp" }"""));
    }
}

/// <summary>DRA GPUs and model images reach every training-job flavor's pods, and each object stays valid against its schema or CRD.</summary>
public sealed class TrainingFlavors2026Tests
{
    [Theory]
    [InlineData("job")]
    [InlineData("jobset")]
    [InlineData("pytorchjob")]
    public void Dra_gpus_and_a_model_image_reach_every_flavor_and_validate(string flavor)
    {
        var app = Inline.Generate($$"""
            {
              "resources": {
                "k8s": { "type": "kubeai.environment.v0", "gpuAllocation": "dra" },
                "train": {
                  "type": "container.v1",
                  "image": "docker.io/pytorch/pytorch:2.9.0",
                  "deployment": {
                    "kind": "TrainingJob",
                    "gpu": { "count": 8, "minMemory": "80Gi" },
                    "model": { "image": "localhost:5000/models/base:1@sha256:{{new string('f', 64)}}", "mountPath": "/base" },
                    "trainingJob": { "flavor": "{{flavor}}", "workers": 2 }
                  }
                }
              }
            }
            """);

        var objects = app.Resources.Single(r => r.Name == "train").Objects;
        Assert.NotEmpty(objects);
        Assert.Contains(objects, o => o is V1ResourceClaimTemplate);
        foreach (var obj in objects)
        {
            var yaml = KubeAi.Core.Output.ObjectYaml.Serialize(obj);
            Assert.Empty(KubeAi.Validation.SchemaValidator.Default.Validate(yaml, $"train/{obj.Kind}").Select(v => v.ToString()));
            if (obj.Kind is not ("ResourceClaimTemplate" or "ServiceAccount" or "Service" or "NetworkPolicy" or "ConfigMap"))
            {
                Assert.Contains("resourceClaimTemplateName: train-gpu", yaml);
                Assert.Contains("reference: localhost:5000/models/base:1@sha256:", yaml);
            }
        }
    }

    [Fact]
    public void Dra_gpus_on_a_trainjob_are_an_error_naming_the_flavors_that_work()
    {
        var error = Inline.GenerateFails(ErrorCodes.InvalidGpuAllocation, """
            {
              "resources": {
                "k8s": { "type": "kubeai.environment.v0" },
                "train": {
                  "type": "container.v1",
                  "image": "docker.io/pytorch/pytorch:2.9.0",
                  "deployment": { "kind": "TrainingJob", "gpu": { "count": 1, "allocation": "dra" }, "trainingJob": { "flavor": "trainjob" } }
                }
              }
            }
            """);

        Assert.Contains("jobset", error.Message);
    }
}

/// <summary>Bad values in the 2026 contract fields: one coded error naming the value and where it is.</summary>
public sealed class Kubernetes2026BadInputTests
{
    private static string Manifest(string environment, string deployment, string kind = "Deployment") => $$"""
        {
          "resources": {
            "k8s": { "type": "kubeai.environment.v0"{{environment}} },
            "llm": {
              "type": "container.v1",
              "image": "docker.io/vllm/vllm-openai:v0.11.0",
              "deployment": { "kind": "{{kind}}"{{deployment}} },
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8000, "external": true } }
            }
          }
        }
        """;

    [Theory]
    [InlineData(""", "gpuAllocation": "mig" """, "", ErrorCodes.InvalidGpuAllocation, "resources.k8s.gpuAllocation")]
    [InlineData(""", "gateway": { "name": "Bad_Name" } """, "", ErrorCodes.InvalidGateway, "resources.k8s.gateway.name")]
    [InlineData(""", "gateway": { "namespace": "x" } """, "", ErrorCodes.InvalidGateway, "resources.k8s.gateway")]
    [InlineData(""", "gateway": { "name": "gw", "port": 443 } """, "", ErrorCodes.ManifestInvalidStructure, "resources.k8s.gateway.port")]
    [InlineData(""", "kubernetesVersion": "1.35-gke" """, "", ErrorCodes.InvalidKubernetesVersion, "resources.k8s.kubernetesVersion")]
    [InlineData("", """, "gpu": { "count": 1, "allocation": "plugin" }""", ErrorCodes.InvalidGpuAllocation, "resources.llm.deployment.gpu.allocation")]
    [InlineData("", """, "model": { "mountPath": "/models" }""", ErrorCodes.InvalidModelImage, "resources.llm.deployment.model")]
    [InlineData("", """, "model": { "image": "phi:1" }""", ErrorCodes.InvalidModelImage, "resources.llm.deployment.model.image")]
    [InlineData("", """, "model": { "image": "localhost:5000/m:1", "pullPolicy": "Sometimes" }""", ErrorCodes.InvalidModelImage, "resources.llm.deployment.model.pullPolicy")]
    [InlineData("", """, "model": { "image": "localhost:5000/m:1", "mountPath": "models" }""", ErrorCodes.InvalidFieldValue, "resources.llm.deployment.model.mountPath")]
    [InlineData("", """, "workers": 65""", ErrorCodes.InvalidServingWorkers, "resources.llm.deployment.workers")]
    [InlineData("", """, "inferencePool": { "endpointPickerPort": 9002 }""", ErrorCodes.InvalidInferencePool, "resources.llm.deployment.inferencePool")]
    public void A_bad_value_is_one_coded_error_at_its_key(string environment, string deployment, string code, string at)
    {
        var error = Inline.Fails(code, () => Inline.Read(Manifest(environment, deployment)));

        Assert.EndsWith(at, error.Origin);
    }

    [Fact]
    public void Serving_workers_on_a_training_job_are_an_error()
    {
        Inline.Fails(ErrorCodes.InvalidServingWorkers, () => Inline.Read(Manifest("", """, "workers": 2""", "TrainingJob")));
    }

    [Fact]
    public void A_value_with_a_newline_stays_on_one_line()
    {
        var error = Inline.GenerateFails(ErrorCodes.InvalidKubernetesVersion, Manifest("", ""), Inline.Options(o => o with { KubernetesVersion = "1.35\nKUBEAI0000: forged" }));

        Assert.DoesNotContain('\n', error.ToDisplayString());
        Assert.Contains("1.35\\nKUBEAI0000", error.Message);
    }

    [Fact]
    public void The_feature_error_points_at_the_resource_in_the_manifest()
    {
        var error = Inline.GenerateFails(ErrorCodes.FeatureNeedsNewerKubernetes, Manifest("", """, "gpu": { "count": 1, "allocation": "dra" }"""), Inline.Options(o => o with { KubernetesVersion = "1.33" }));

        Assert.Equal("inline.json: resources.llm.deployment (ResourceClaimTemplate)", error.Origin);
    }
}
