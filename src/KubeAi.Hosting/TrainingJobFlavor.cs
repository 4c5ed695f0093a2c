namespace Aspire.Hosting.KubeAi;

/// <summary>Which Kubernetes object runs a training job.</summary>
public enum TrainingJobFlavor
{
    /// <summary>An indexed <c>batch/v1</c> Job (one pod per worker) with a headless Service.</summary>
    Job,
    /// <summary>A JobSet (jobset.x-k8s.io).</summary>
    JobSet,
    /// <summary>A Kubeflow Trainer v2 TrainJob.</summary>
    TrainJob,
    /// <summary>A Kubeflow PyTorchJob (training-operator v1).</summary>
    PyTorchJob,
}
