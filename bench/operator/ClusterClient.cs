using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Bench.Operator;

/// <summary>The few API calls the benchmark makes against the dev cluster, over plain HTTP like any client.</summary>
public sealed class ClusterClient(Uri server, string token) : IDisposable
{
    public const string JobsPath = "/apis/batch/v1/namespaces/default/jobs";
    private const string FineTuneJobsPath = "/apis/kubetune.io/v1alpha1/namespaces/default/finetunejobs";

    private readonly HttpClient _http = Create(server, token);

    /// <summary>The store's resourceVersion: it moves by one on every stored write, so a difference counts writes.</summary>
    public async Task<long> ResourceVersionAsync(CancellationToken ct)
    {
        var list = JsonNode.Parse(await _http.GetStringAsync("/api/v1/namespaces", ct))!;
        return long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task CreateFineTuneJobAsync(string name, CancellationToken ct)
    {
        using var body = new StringContent(FineTuneJobJson(name), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(FineTuneJobsPath, body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"creating FineTuneJob {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>Streams Job events from <paramref name="resourceVersion"/> and calls <paramref name="added"/> with each new Job's name.</summary>
    public async Task WatchJobsAsync(long resourceVersion, Action<string> added, CancellationToken ct)
    {
        var url = $"{JobsPath}?watch=true&resourceVersion={resourceVersion}&timeoutSeconds=3600";
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            using var change = JsonDocument.Parse(line);
            if (change.RootElement.GetProperty("type").GetString() == "ADDED")
            {
                added(change.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(Uri server, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = server, Timeout = TimeSpan.FromMinutes(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // A valid LoRA job like config/samples: what the operator renders a ConfigMap and a Job for.
    private static string FineTuneJobJson(string name) => FineTuneJobTemplate.Replace("NAME", name, StringComparison.Ordinal);

    private const string FineTuneJobTemplate = """
        {"apiVersion":"kubetune.io/v1alpha1","kind":"FineTuneJob","metadata":{"name":"NAME","namespace":"default"},
         "spec":{"model":{"uri":"hf://google-bert/bert-base-uncased"},"task":"text-classification",
          "dataset":{"uri":"pvc://datasets/sst2/train.jsonl","fields":{"text":"sentence","label":"label"}},
          "method":{"type":"lora"},"hyperparameters":{"learningRate":2.0e-5,"batchSize":32,"epochs":1},
          "output":{"uri":"pvc://models/NAME","format":"peft-adapter"},"resources":{"gpus":1}}}
        """;
}
