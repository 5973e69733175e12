using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Where the pre-trained base model lives (Hugging Face layout: config.json, *.safetensors, tokenizer.json).</summary>
public sealed class ModelSource : IContractObject
{
    /// <summary>pvc://CLAIM/PATH, file:///PATH, hf://ORG/NAME[@REV] or https://...</summary>
    [JsonPropertyName("uri")]
    [RequiredField]
    public string Uri { get; set; } = "";
}
