using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Source-generated JSON for job.json and manifests: unknown members are rejected, nulls left out.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    WriteIndented = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(TrainerJobFile))]
[JsonSerializable(typeof(TrainingSpec))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
