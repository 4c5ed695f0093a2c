namespace KubeAi.Core.Tests.Validation;

/// <summary>Known-good manifests of each kind the generator emits.</summary>
internal static class ValidManifests
{
    public const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
          labels:
            app.kubernetes.io/name: api
            app.kubernetes.io/managed-by: kubeai
          annotations:
            kubeai.dev/source: "apphost"
          creationTimestamp: null
        spec:
          replicas: 2
          revisionHistoryLimit: 3
          selector:
            matchLabels:
              app.kubernetes.io/name: api
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 0
          template:
            metadata:
              labels:
                app.kubernetes.io/name: api
            spec:
              serviceAccountName: api
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: api
                  image: registry.example.com/api:1.0.0
                  imagePullPolicy: IfNotPresent
                  args: ["--port", "8080"]
                  ports:
                    - name: http
                      containerPort: 8080
                      protocol: TCP
                  env:
                    - name: ASPNETCORE_URLS
                      value: "http://+:8080"
                    - name: ConnectionStrings__db
                      valueFrom:
                        secretKeyRef:
                          name: db
                          key: connection
                  resources:
                    requests:
                      cpu: 250m
                      memory: 256Mi
                    limits:
                      cpu: 1
                      memory: 512Mi
                  readinessProbe:
                    httpGet:
                      path: /health
                      port: http
                    periodSeconds: 10
                  livenessProbe:
                    tcpSocket:
                      port: 8080
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop: [ALL]
                  volumeMounts:
                    - name: config
                      mountPath: /app/config
                      readOnly: true
              volumes:
                - name: config
                  configMap:
                    name: api-config
                    defaultMode: 0644
        """ + "\n";

    public const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          labels:
            app.kubernetes.io/name: api
        spec:
          type: ClusterIP
          selector:
            app.kubernetes.io/name: api
          ports:
            - name: http
              port: 80
              targetPort: http
              protocol: TCP
            - name: grpc
              port: 81
              targetPort: 8081
        """ + "\n";

    public const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate-db
        spec:
          backoffLimit: 3
          ttlSecondsAfterFinished: 600
          completionMode: NonIndexed
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: registry.example.com/migrate:1.0.0
                  command: ["dotnet", "Migrate.dll"]
        """ + "\n";

    public const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: api-config
        data:
          appsettings.json: |
            { "Logging": { "LogLevel": { "Default": "Information" } } }
          FEATURE_X: "true"
          PORT: "8080"
        """ + "\n";

    public const string JobSet = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: train
          labels:
            kueue.x-k8s.io/queue-name: team-a
        spec:
          failurePolicy:
            maxRestarts: 2
          successPolicy:
            operator: All
          replicatedJobs:
            - name: workers
              replicas: 1
              template:
                metadata:
                  labels:
                    role: worker
                spec:
                  parallelism: 2
                  completions: 2
                  backoffLimit: 0
                  template:
                    metadata:
                      labels:
                        role: worker
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: trainer
                          image: registry.example.com/trainer:1.0.0
                          ports:
                            - containerPort: 29500
                          resources:
                            requests:
                              cpu: 2
                              memory: 8Gi
                              nvidia.com/gpu: 1
                            limits:
                              memory: 8Gi
                              nvidia.com/gpu: 1
        """ + "\n";

    public const string LocalQueue = """
        apiVersion: kueue.x-k8s.io/v1beta1
        kind: LocalQueue
        metadata:
          name: team-a
          namespace: ml
        spec:
          clusterQueue: cluster-queue
        """ + "\n";

    public const string ScaledObject = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: worker
        spec:
          scaleTargetRef:
            name: worker
          pollingInterval: 15
          cooldownPeriod: 120
          minReplicaCount: 0
          maxReplicaCount: 10
          triggers:
            - type: rabbitmq
              metadata:
                queueName: orders
                mode: QueueLength
                value: "20"
              authenticationRef:
                name: rabbitmq-auth
        """ + "\n";

    public const string InferenceService = """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: llm
          annotations:
            serving.kserve.io/deploymentMode: RawDeployment
        spec:
          predictor:
            minReplicas: 1
            maxReplicas: 2
            model:
              modelFormat:
                name: huggingface
              storageUri: hf://Qwen/Qwen2.5-0.5B-Instruct
              args: ["--max-model-len", "4096"]
              resources:
                requests:
                  cpu: "2"
                  memory: 8Gi
                  nvidia.com/gpu: "1"
                limits:
                  memory: 8Gi
                  nvidia.com/gpu: "1"
        """ + "\n";

    /// <summary>Other kinds a generated or hand-written overlay may hold, in one stream.</summary>
    public const string MoreKinds = """
        apiVersion: kubeflow.org/v1
        kind: PyTorchJob
        metadata:
          name: pt
        spec:
          runPolicy:
            cleanPodPolicy: None
            backoffLimit: 2
          pytorchReplicaSpecs:
            Master:
              replicas: 1
              restartPolicy: OnFailure
              template:
                metadata:
                  annotations:
                    sidecar.istio.io/inject: "false"
                spec:
                  containers:
                    - name: pytorch
                      image: pytorch/pytorch:2.4.0
                      command: ["python", "train.py"]
                      resources:
                        limits:
                          nvidia.com/gpu: 1
            Worker:
              replicas: 2
              restartPolicy: OnFailure
              template:
                spec:
                  containers:
                    - name: pytorch
                      image: pytorch/pytorch:2.4.0
        ---
        apiVersion: trainer.kubeflow.org/v1alpha1
        kind: TrainJob
        metadata:
          name: tj
        spec:
          runtimeRef:
            name: torch-distributed
          trainer:
            image: registry.example.com/train:1
            numNodes: 2
            resourcesPerNode:
              limits:
                nvidia.com/gpu: 1
            env:
              - name: EPOCHS
                value: "3"
        ---
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: LocalQueue
        metadata:
          name: q
          namespace: ml
        spec:
          clusterQueue: cq
        ---
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: ClusterQueue
        metadata:
          name: cq
        spec:
          namespaceSelector: {}
          resourceGroups:
            - coveredResources: ["cpu", "memory", "nvidia.com/gpu"]
              flavors:
                - name: default-flavor
                  resources:
                    - name: cpu
                      nominalQuota: 9
                    - name: memory
                      nominalQuota: 36Gi
                    - name: nvidia.com/gpu
                      nominalQuota: 4
        ---
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: ResourceFlavor
        metadata:
          name: default-flavor
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: api
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: api
          minReplicas: 1
          maxReplicas: 5
          metrics:
            - type: Resource
              resource:
                name: cpu
                target:
                  type: Utilization
                  averageUtilization: 70
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: api
          annotations:
            nginx.ingress.kubernetes.io/rewrite-target: /
        spec:
          ingressClassName: nginx
          tls:
            - hosts: [api.example.com]
              secretName: api-tls
          rules:
            - host: api.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: api
                        port:
                          number: 80
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          replicas: 1
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              terminationGracePeriodSeconds: 30
              containers:
                - name: postgres
                  image: postgres:17
                  ports: [{containerPort: 5432, name: tcp}]
                  volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
          volumeClaimTemplates:
            - metadata:
                name: data
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests:
                    storage: 10Gi
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
        spec:
          schedule: "0 3 * * *"
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: job
                      image: busybox
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: api
        spec:
          minAvailable: 1
          selector:
            matchLabels: {app: api}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: api
        automountServiceAccountToken: false
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: reader
        rules:
          - apiGroups: [""]
            resources: [pods]
            verbs: [get, list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: reader
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: reader
        subjects:
          - kind: ServiceAccount
            name: api
            namespace: default
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: models
        spec:
          accessModes: [ReadWriteMany]
          storageClassName: nfs
          resources:
            requests:
              storage: 100Gi
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ml
          labels:
            pod-security.kubernetes.io/enforce: restricted
        ---
        apiVersion: serving.kserve.io/v1alpha1
        kind: ServingRuntime
        metadata:
          name: vllm
        spec:
          supportedModelFormats:
            - name: huggingface
              version: "1"
              autoSelect: true
          containers:
            - name: kserve-container
              image: kserve/huggingfaceserver:latest
              args: ["--model_name={{.Name}}"]
              resources:
                requests: {cpu: "1", memory: 2Gi}
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: cpu
        spec:
          scaleTargetRef:
            name: api
          advanced:
            horizontalPodAutoscalerConfig:
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 300
          fallback:
            failureThreshold: 3
            replicas: 2
          triggers:
            - type: cpu
              metricType: Utilization
              metadata:
                value: "60"
        """ + "\n";

    public static readonly string[] All =
        [Deployment, Service, Job, ConfigMap, JobSet, LocalQueue, ScaledObject, InferenceService];
}
