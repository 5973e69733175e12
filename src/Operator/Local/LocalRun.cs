using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Storage;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Local;

/// <summary>Applies the FineTuneJobs and follows them through the watch until each has succeeded or failed.</summary>
public static class LocalRun
{
    public static readonly GroupVersionResource FineTuneJobs = new(FineTuneJob.Group, FineTuneJob.Version, FineTuneJob.Plural);

    /// <summary>The jobs as they ended, in the file's order; a job the API server rejects throws <see cref="FormatException"/>.</summary>
    public static async Task<IReadOnlyList<FineTuneJob>> RunAsync(
        LocalEnvironment environment, string file, IReadOnlyList<JsonObject> manifests, IRunDisplay display, CancellationToken cancellationToken)
    {
        // Subscribed before the jobs exist, so no change is missed.
        using var watch = environment.Cluster.Store.Watch(FineTuneJobs, null, new WatchRequest());
        var keys = manifests.Select(Key).ToList();
        var latest = new Dictionary<string, FineTuneJob>(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            await ApplyAsync(environment.Client, file, manifest, cancellationToken).ConfigureAwait(false);
        }

        var tracker = new ConditionTracker();
        var waiting = new HashSet<string>(keys, StringComparer.Ordinal);
        await display.RunAsync(async () =>
        {
            while (waiting.Count > 0)
            {
                var change = await watch.Events.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (change.Type is not (WatchEvent.Added or WatchEvent.Modified or WatchEvent.Deleted))
                {
                    continue;
                }

                var job = KubernetesJson.Deserialize<FineTuneJob>(change.Object.ToJsonString());
                var key = JobText.Key(job);
                if (!waiting.Contains(key))
                {
                    continue;
                }

                latest[key] = job;
                foreach (var line in tracker.Changes(job))
                {
                    display.Line(line);
                }

                display.Show(job);
                if (change.Type == WatchEvent.Deleted)
                {
                    display.Line($"{JobText.Name(job)}: deleted before it finished");
                    waiting.Remove(key);
                }
                else if (JobText.IsFinished(job))
                {
                    waiting.Remove(key);
                }
            }
        }).ConfigureAwait(false);

        return [.. keys.Select(key => latest[key])];
    }

    private static string Key(JsonObject manifest) => $"{manifest["metadata"]!["namespace"]}/{manifest["metadata"]!["name"]}";

    private static async Task ApplyAsync(Kubernetes client, string file, JsonObject manifest, CancellationToken cancellationToken)
    {
        var ns = manifest["metadata"]!["namespace"]!.ToString();
        try
        {
            if (ns != LocalManifest.DefaultNamespace)
            {
                await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another job of the file already created it.
        }

        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(manifest, FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error)
        {
            var message = StatusMessage(error.Response.Content) ?? error.Message;
            throw new FormatException($"{file}: FineTuneJob {Key(manifest)} was rejected: {message}", error);
        }
    }

    // The API server's Status.message, which names the invalid field.
    private static string? StatusMessage(string? body)
    {
        try
        {
            return JsonNode.Parse(body ?? string.Empty)?["message"]?.ToString();
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }
}
