using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>
/// Generated JSON for every type of ours that goes through the client's serializer (the native operator has no
/// reflection). Options match KubernetesJson's, so the generated fast paths name properties as the API server does.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(FineTuneJob))]
[JsonSerializable(typeof(FineTuneJobList))]
// The informers' watch events: the client's own generated JSON has no watch event types. It reads each line as a
// generic event first, and as a Status event when the server reports an error (410 Gone).
[JsonSerializable(typeof(Watcher<KubernetesObject>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Status>.WatchEvent))]
[JsonSerializable(typeof(Watcher<FineTuneJob>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Job>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Pod>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1ConfigMap>.WatchEvent))]
[JsonSerializable(typeof(FineTuneJobSpec))]
[JsonSerializable(typeof(FineTuneJobStatus))]
[JsonSerializable(typeof(List<TrialStatus>))]
[JsonSerializable(typeof(TrialStatus[]))]
[JsonSerializable(typeof(OutputStatus))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
// Untyped values (schema defaults, examples) read back as elements.
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
// Request bodies built as JSON (InferenceServices, patches).
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
// The credential a kubeconfig's exec plugin prints (the client's own context lacks it).
[JsonSerializable(typeof(k8s.KubeConfigModels.ExecCredentialResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
