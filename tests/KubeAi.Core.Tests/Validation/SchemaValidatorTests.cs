using KubeAi.Validation;

namespace KubeAi.Core.Tests.Validation;

public sealed class SchemaValidatorTests
{
    private static readonly SchemaValidator Validator = SchemaValidator.Default;

    public static TheoryData<string, string> ValidCases() => new()
    {
        { "Deployment", ValidManifests.Deployment },
        { "Service", ValidManifests.Service },
        { "Job", ValidManifests.Job },
        { "ConfigMap", ValidManifests.ConfigMap },
        { "JobSet", ValidManifests.JobSet },
        { "LocalQueue", ValidManifests.LocalQueue },
        { "ScaledObject", ValidManifests.ScaledObject },
        { "InferenceService", ValidManifests.InferenceService },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_manifest_passes(string kind, string yaml)
    {
        AssertValid(yaml, kind);
    }

    [Fact]
    public void More_builtin_and_crd_kinds_pass()
    {
        Assert.Empty(Validator.Validate(ValidManifests.MoreKinds, "more.yaml"));
    }

    [Fact]
    public void Multi_document_stream_of_valid_objects_passes()
    {
        var yaml = "# generated\n---\n" + string.Join("\n---\n", ValidManifests.All) + "\n---\n";
        AssertValid(yaml);
    }

    [Fact]
    public void Unknown_field_at_depth_is_reported_with_its_path()
    {
        var yaml = Edit(ValidManifests.Deployment, "          imagePullPolicy: IfNotPresent\n",
            "          imagePullPolicy: IfNotPresent\n          foo: bar\n");
        var violation = AssertSingle(yaml, "spec.template.spec.containers[0].foo", "unknown field \"foo\"");
        Assert.Equal("Deployment", violation.Kind);
        Assert.Equal("api", violation.Name);
        Assert.Equal(0, violation.DocumentIndex);
        Assert.True(violation.Line > 0);
    }

    [Fact]
    public void Unknown_field_suggests_the_right_casing()
    {
        var yaml = Edit(ValidManifests.Service, "  type: ClusterIP\n", "  type: ClusterIP\n  clusterIp: None\n");
        AssertSingle(yaml, "spec.clusterIp", "did you mean \"clusterIP\"?");
    }

    [Fact]
    public void Unknown_field_in_metadata_is_reported()
    {
        var yaml = Edit(ValidManifests.ConfigMap, "  name: api-config\n", "  name: api-config\n  label: x\n");
        AssertSingle(yaml, "metadata.label", "unknown field \"label\"");
    }

    [Fact]
    public void String_where_integer_expected_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "          containerPort: 8080\n", "          containerPort: \"8080\"\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].ports[0].containerPort", "must be integer, got string \"8080\"; remove the quotes");
    }

    [Fact]
    public void Integer_where_string_expected_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "          value: \"http://+:8080\"\n", "          value: 8080\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].env[0].value", "must be string, got integer 8080; quote it");
    }

    [Fact]
    public void Yaml11_boolean_word_where_string_expected_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "          value: \"http://+:8080\"\n", "          value: yes\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].env[0].value", "is a boolean for YAML 1.1 parsers");
        yaml = Edit(ValidManifests.Deployment, "          value: \"http://+:8080\"\n", "          value: 1_000\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].env[0].value", "is an integer for YAML 1.1 parsers");
        AssertValid(Edit(ValidManifests.Deployment, "          value: \"http://+:8080\"\n", "          value: \"yes\"\n"));
    }

    [Fact]
    public void Unquoted_boolean_in_configmap_data_is_reported()
    {
        var yaml = Edit(ValidManifests.ConfigMap, "  FEATURE_X: \"true\"\n", "  FEATURE_X: true\n");
        AssertSingle(yaml, "data[FEATURE_X]", "must be string, got boolean true");
    }

    [Fact]
    public void Missing_required_field_is_reported_at_the_field()
    {
        var yaml = Edit(ValidManifests.Job, "- name: migrate\n          image:", "- image:");
        AssertSingle(yaml, "spec.template.spec.containers[0].name", "required field \"name\" is missing");
    }

    [Fact]
    public void Null_required_field_is_reported()
    {
        var yaml = Edit(ValidManifests.Job, "    - name: migrate\n", "    - name: ~\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].name", "required field \"name\" is null");
    }

    [Fact]
    public void Invalid_builtin_enum_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "imagePullPolicy: IfNotPresent", "imagePullPolicy: Sometimes");
        AssertSingle(yaml, "spec.template.spec.containers[0].imagePullPolicy",
            "unsupported value \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"");
    }

    [Fact]
    public void Invalid_crd_enum_is_reported()
    {
        var yaml = Edit(ValidManifests.JobSet, "    operator: All\n", "    operator: Most\n");
        AssertSingle(yaml, "spec.successPolicy.operator", "unsupported value \"Most\"");
    }

    [Fact]
    public void Unknown_kind_is_reported()
    {
        const string yaml = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n";
        var violation = AssertSingle(yaml, string.Empty, "unknown apiVersion/kind \"example.com/v1, Kind=Widget\"");
        Assert.Equal("Widget", violation.Kind);
    }

    [Fact]
    public void Unknown_version_of_a_known_kind_suggests_the_served_versions()
    {
        var yaml = Edit(ValidManifests.Deployment, "apiVersion: apps/v1\n", "apiVersion: apps/v1beta1\n");
        AssertSingle(yaml, string.Empty, "known apiVersions for Deployment: apps/v1");
    }

    [Fact]
    public void Missing_apiVersion_and_kind_are_reported()
    {
        var violations = Validator.Validate("metadata:\n  name: x\n", "t.yaml");
        Assert.Contains(violations, v => v.Path == "apiVersion");
        Assert.Contains(violations, v => v.Path == "kind");
    }

    [Fact]
    public void Bad_quantity_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "          cpu: 1\n", "          cpu: 1x\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].resources.limits[cpu]", "invalid quantity \"1x\"");
    }

    [Fact]
    public void Bad_quantity_in_crd_is_reported()
    {
        var yaml = Edit(ValidManifests.JobSet, "memory: 8Gi\n                      nvidia.com/gpu: 1\n                    limits:",
            "memory: 8 GB\n                      nvidia.com/gpu: 1\n                    limits:");
        AssertSingle(yaml, "spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources.requests[memory]",
            "invalid quantity \"8 GB\"");
    }

    [Fact]
    public void Unquoted_fractional_quantity_is_accepted_for_builtins_but_not_for_crds()
    {
        AssertValid(Edit(ValidManifests.Deployment, "          cpu: 250m\n", "          cpu: 0.25\n"));

        var yaml = Edit(ValidManifests.JobSet, "              cpu: 2\n", "              cpu: 0.5\n");
        AssertSingle(yaml, "spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources.requests[cpu]",
            "must be an integer or a string, got number 0.5; quote it");
    }

    [Fact]
    public void Request_above_limit_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "          memory: 256Mi\n", "          memory: 1Gi\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].resources.requests[memory]",
            "must be less than or equal to the memory limit of 512Mi");
    }

    [Fact]
    public void Extended_resource_request_needs_an_equal_limit()
    {
        var yaml = Edit(ValidManifests.JobSet, "limits:\n                      memory: 8Gi\n                      nvidia.com/gpu: 1\n",
            "limits:\n                      memory: 8Gi\n");
        AssertSingle(yaml, "spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]",
            "a limit must also be set for extended resource nvidia.com/gpu");
    }

    [Fact]
    public void Extended_resource_request_must_equal_its_limit()
    {
        var yaml = Edit(ValidManifests.JobSet, "limits:\n                      memory: 8Gi\n                      nvidia.com/gpu: 1\n",
            "limits:\n                      memory: 8Gi\n                      nvidia.com/gpu: 2\n");
        AssertSingle(yaml, "spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]",
            "must be equal to the nvidia.com/gpu limit of 2");
        yaml = Edit(ValidManifests.InferenceService, "nvidia.com/gpu: \"1\"\n        limits:", "nvidia.com/gpu: 500m\n        limits:");
        Assert.Contains(SchemaValidator.Default.Validate(yaml, "t.yaml"),
            v => v.Path == "spec.predictor.model.resources.requests[nvidia.com/gpu]" && v.Message.Contains("whole numbers", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_label_value_is_reported()
    {
        var yaml = Edit(ValidManifests.Service, "  labels:\n    app.kubernetes.io/name: api\n",
            "  labels:\n    app.kubernetes.io/name: my api!\n");
        AssertSingle(yaml, "metadata.labels[app.kubernetes.io/name]", "invalid label value \"my api!\"");
    }

    [Fact]
    public void Too_long_label_value_is_reported()
    {
        var yaml = Edit(ValidManifests.Job, "  name: migrate-db\n", "  name: migrate-db\n  labels:\n    run: " + new string('a', 64) + "\n");
        AssertSingle(yaml, "metadata.labels[run]", "must be no more than 63 characters");
    }

    [Fact]
    public void Invalid_label_key_is_reported_in_selectors_and_templates()
    {
        var yaml = Edit(ValidManifests.Deployment, "      app.kubernetes.io/name: api\n  strategy:",
            "      app.kubernetes.io/name: api\n      -bad: x\n  strategy:");
        AssertSingle(yaml, "spec.selector.matchLabels[-bad]", "invalid label key \"-bad\"");

        yaml = Edit(ValidManifests.JobSet, "                role: worker\n            spec:\n",
            "                role: worker\n                Example.COM/role: worker\n            spec:\n");
        AssertSingle(yaml, "spec.replicatedJobs[0].template.spec.template.metadata.labels[Example.COM/role]", "prefix part");
    }

    [Fact]
    public void Integer_label_value_is_a_type_error()
    {
        var yaml = Edit(ValidManifests.Service, "    app.kubernetes.io/name: api\nspec:", "    app.kubernetes.io/name: api\n    version: 2\nspec:");
        AssertSingle(yaml, "metadata.labels[version]", "must be string, got integer 2");
    }

    [Fact]
    public void Invalid_object_names_are_reported()
    {
        AssertSingle(Edit(ValidManifests.ConfigMap, "  name: api-config\n", "  name: Api_Config\n"), "metadata.name", "RFC 1123 subdomain");
        AssertSingle(Edit(ValidManifests.Service, "  name: api\n", "  name: 1api\n"), "metadata.name", "DNS-1035 label");
        AssertSingle(Edit(ValidManifests.InferenceService, "  name: llm\n", "  name: llm.v1\n"), "metadata.name", "DNS-1035 label");
        AssertSingle(Edit(ValidManifests.LocalQueue, "  namespace: ml\n", "  namespace: ML\n"), "metadata.namespace", "RFC 1123 label");
        AssertValid("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: system:kubeai-reader\nrules: []\n");
    }

    [Fact]
    public void Missing_name_is_reported()
    {
        AssertSingle("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    a: b\n", "metadata.name", "required field \"name\" is missing");
        AssertValid("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cfg-\n");
    }

    [Fact]
    public void Crd_unknown_field_and_type_errors_are_reported()
    {
        AssertSingle(Edit(ValidManifests.LocalQueue, "  clusterQueue: cluster-queue\n", "  clusterQueue: cluster-queue\n  priority: 3\n"),
            "spec.priority", "unknown field \"priority\"");
        AssertSingle(Edit(ValidManifests.ScaledObject, "  minReplicaCount: 0\n", "  minReplicaCount: \"0\"\n"),
            "spec.minReplicaCount", "must be integer");
        AssertSingle(Edit(ValidManifests.InferenceService, "      storageUri:", "      storageURI: x\n      storageUri:"),
            "spec.predictor.model.storageURI", "did you mean \"storageUri\"?");
        AssertSingle(Edit(ValidManifests.JobSet, "- name: trainer\n", "- name: trainer\n                  gpus: 1\n"),
            "spec.replicatedJobs[0].template.spec.template.spec.containers[0].gpus", "unknown field \"gpus\"");
    }

    [Fact]
    public void Crd_pattern_and_minimum_are_checked()
    {
        AssertSingle(Edit(ValidManifests.LocalQueue, "  clusterQueue: cluster-queue\n", "  clusterQueue: Cluster_Queue\n"),
            "spec.clusterQueue", "does not match the pattern");
        AssertSingle(Edit(ValidManifests.JobSet, "spec:\n  failurePolicy:", "spec:\n  ttlSecondsAfterFinished: -1\n  failurePolicy:"),
            "spec.ttlSecondsAfterFinished", "-1 must be greater than or equal to 0");
    }

    [Fact]
    public void Status_may_be_absent_but_must_be_valid_when_present()
    {
        AssertValid(ValidManifests.Job + "status:\n  succeeded: 1\n");
        AssertSingle(ValidManifests.Job + "status:\n  succeeded: one\n", "status.succeeded", "must be integer");
        AssertSingle(ValidManifests.LocalQueue + "status:\n  pendingWorkloads: 1\n  bogus: true\n", "status.bogus", "unknown field");
    }

    [Fact]
    public void Duplicate_list_map_keys_are_reported()
    {
        var yaml = Edit(ValidManifests.Service, "    - name: grpc\n      port: 81\n", "    - name: grpc\n      port: 80\n");
        AssertSingle(yaml, "spec.ports[1]", "duplicate entry with key {port=\"80\", protocol=\"TCP\"}");
    }

    [Fact]
    public void Int32_overflow_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "  replicas: 2\n", "  replicas: 3000000000\n");
        AssertSingle(yaml, "spec.replicas", "out of range for a 32-bit integer");
    }

    [Fact]
    public void Fractional_number_for_integer_is_reported()
    {
        var yaml = Edit(ValidManifests.Deployment, "  replicas: 2\n", "  replicas: 2.5\n");
        AssertSingle(yaml, "spec.replicas", "must be integer, got number 2.5");
    }

    [Fact]
    public void Secret_data_must_be_base64()
    {
        AssertValid("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\ndata:\n  password: cGFzc3dvcmQ=\nstringData:\n  user: admin\n");
        AssertSingle("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not base64!\n", "data[password]", "base64");
        AssertSingle("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  bad/key: x\n", "stringData[bad/key]", "invalid key");
    }

    [Fact]
    public void Int_or_string_fields_accept_both_and_reject_others()
    {
        AssertValid(Edit(ValidManifests.Deployment, "      maxSurge: 25%\n", "      maxSurge: 1\n"));
        AssertSingle(Edit(ValidManifests.Deployment, "      maxSurge: 25%\n", "      maxSurge: true\n"),
            "spec.strategy.rollingUpdate.maxSurge", "must be an integer or a string, got boolean true");
    }

    [Fact]
    public void Explicit_nulls_for_optional_fields_are_accepted()
    {
        AssertValid(Edit(ValidManifests.Deployment, "  revisionHistoryLimit: 3\n", "  revisionHistoryLimit: null\n  paused:\n"));
    }

    [Fact]
    public void Null_array_item_is_reported()
    {
        var yaml = Edit(ValidManifests.Job, "      command: [\"dotnet\", \"Migrate.dll\"]\n", "      command: [\"dotnet\", null]\n");
        AssertSingle(yaml, "spec.template.spec.containers[0].command[1]", "must be string, got null");
    }

    [Fact]
    public void Document_index_and_source_identify_the_object()
    {
        var yaml = ValidManifests.ConfigMap + "\n---\n" + Edit(ValidManifests.Job, "backoffLimit: 3", "backoffLimit: three");
        var violation = Assert.Single(Validator.Validate(yaml, "out/app.yaml"));
        Assert.Equal("out/app.yaml", violation.Source);
        Assert.Equal(1, violation.DocumentIndex);
        Assert.Equal("Job", violation.Kind);
        Assert.Equal("migrate-db", violation.Name);
        Assert.Equal("spec.backoffLimit", violation.Path);
        Assert.Contains("out/app.yaml:", violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_is_reported_after_validating_the_documents_before_it()
    {
        var yaml = Edit(ValidManifests.ConfigMap, "  name: api-config\n", "  name: Bad_Name\n") + "\n---\nkind: [\n";
        var violations = Validator.Validate(yaml, "t.yaml");
        Assert.Contains(violations, v => v.DocumentIndex == 0 && v.Path == "metadata.name");
        Assert.Contains(violations, v => v.DocumentIndex == 1 && v.Message.StartsWith("invalid YAML", StringComparison.Ordinal) && v.Line > 0);
    }

    [Fact]
    public void Duplicate_keys_are_invalid_yaml()
    {
        var violation = Assert.Single(Validator.Validate("apiVersion: v1\nkind: ConfigMap\nkind: Secret\n", "t.yaml"));
        Assert.Contains("invalid YAML", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_mapping_document_is_reported()
    {
        var violation = Assert.Single(Validator.Validate("- a\n- b\n", "t.yaml"));
        Assert.Contains("must be a mapping", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_items_are_validated_as_objects()
    {
        var yaml = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  datas: {}\n";
        var violation = AssertSingle(yaml, "items[0].datas", "unknown field \"datas\"");
        Assert.Equal("ConfigMap", violation.Kind);
        Assert.Equal("a", violation.Name);
    }

    [Fact]
    public void Free_form_builtin_objects_accept_any_content()
    {
        // RawExtension (type: object without properties) is free-form in the built-in schemas.
        AssertValid("""
            apiVersion: apps/v1
            kind: ControllerRevision
            metadata:
              name: rev-1
            revision: 1
            data:
              anything: [1, 2, {x: y}]
            """);
    }

    [Fact]
    public void Crd_object_without_declared_fields_rejects_fields()
    {
        // controller-gen emits "metadata: {type: object}" for embedded PVC templates; the API server prunes its content.
        const string yaml = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: llm
            spec:
              predictor:
                model:
                  modelFormat:
                    name: huggingface
                volumes:
                  - name: scratch
                    ephemeral:
                      volumeClaimTemplate:
                        metadata:
                          labels:
                            a: b
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources:
                            requests:
                              storage: 1Gi
            """;
        AssertSingle(yaml, "spec.predictor.volumes[0].ephemeral.volumeClaimTemplate.metadata.labels", "the API server would drop it");
    }

    private static string Edit(string yaml, string oldText, string newText)
    {
        Assert.True(yaml.Contains(oldText, StringComparison.Ordinal), $"test setup: '{oldText}' not found in manifest");

        return yaml.Replace(oldText, newText, StringComparison.Ordinal);
    }

    internal static void AssertValid(string yaml, string source = "test.yaml")
    {
        var violations = Validator.Validate(yaml, source);
        Assert.True(violations.Count == 0, "expected no violations, got:\n" + string.Join("\n", violations));
    }

    internal static SchemaViolation AssertSingle(string yaml, string path, string messagePart)
    {
        var violations = Validator.Validate(yaml, "test.yaml");
        var all = string.Join("\n", violations);
        Assert.True(violations.Count == 1, $"expected exactly one violation at '{path}', got {violations.Count}:\n{all}");
        var violation = violations[0];
        Assert.True(violation.Path == path, $"expected path '{path}', got:\n{all}");
        Assert.True(violation.Message.Contains(messagePart, StringComparison.Ordinal), $"expected message containing '{messagePart}', got:\n{all}");
        return violation;
    }

    [Fact]
    public void Golden_generator_outputs_are_schema_valid()
    {
        // The kustomize trees; Helm templates are checked after `helm template` (HelmLayoutTests).
        var trees = Directory.GetDirectories(KubeAi.TestSupport.RepoPaths.Golden).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "base")).ToList();
        Assert.True(trees.Count >= 16, $"expected the golden trees, found {trees.Count}");
        foreach (var directory in trees)
        {
            var result = Validator.ValidateDirectory(directory);
            Assert.True(result.IsValid, $"{directory}:\n" + string.Join("\n", result.Violations));
        }
    }
}
