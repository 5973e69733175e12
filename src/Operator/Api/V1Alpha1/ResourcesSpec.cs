using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>What one trainer pod asks for.</summary>
public sealed class ResourcesSpec : IContractObject
{
    /// <summary>GPUs per pod; 0 trains on CPU.</summary>
    [JsonPropertyName("gpus")]
    [Bounds(0, 64)]
    public int? Gpus { get; set; }

    /// <summary>The extended resource name of the GPU, for example nvidia.com/gpu or amd.com/gpu.</summary>
    [JsonPropertyName("gpuResourceName")]
    public string? GpuResourceName { get; set; }

    [JsonPropertyName("cpu")]
    public ResourceQuantity? Cpu { get; set; }

    [JsonPropertyName("memory")]
    public ResourceQuantity? Memory { get; set; }
}
