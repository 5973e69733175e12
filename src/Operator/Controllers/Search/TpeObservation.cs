using System.Text.Json;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>A finished trial as the TPE sampler learns from it: its parameters and objective.</summary>
public sealed record TpeObservation(IReadOnlyDictionary<string, JsonElement> Parameters, double Objective);
