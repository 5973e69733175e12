using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProgressReport))]
[JsonSerializable(typeof(FinalSummary))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;
