namespace KubeTune.Operator.Controllers.Serving;

/// <summary>KServe's InferenceService API (serving.kserve.io/v1beta1), the names the operator uses to reach it.</summary>
public static class InferenceServices
{
    public const string Group = "serving.kserve.io";
    public const string Version = "v1beta1";
    public const string GroupVersion = Group + "/" + Version;
    public const string Kind = "InferenceService";
    public const string Plural = "inferenceservices";

    /// <summary>Where the predictor finds the model (the Hugging Face runtime's default --model_dir).</summary>
    public const string ModelMountPath = "/mnt/models";

    /// <summary>Where a LoRA adapter is mounted beside the base model.</summary>
    public const string AdapterMountPath = "/mnt/adapters";

    public const string HuggingFaceFormat = "huggingface";
}
