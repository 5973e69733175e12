using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Storage;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Local;

/// <summary>Applies the FineTuneJobs and follows them through the watch until each has succeeded or failed.</summary>
public static class LocalRun
{
    public static readonly GroupVersionResource FineTuneJobs = new(FineTuneJob.Group, FineTuneJob.Version, FineTuneJob.Plural);

    /// <summary>The fieldValidation the jobs are created with: unknown fields are rejected, naming them.</summary>
    public const string StrictFieldValidation = "Strict";

    /// <summary>The jobs as they ended, in the file's order; a job the API server rejects throws <see cref="FormatException"/>.</summary>
    public static async Task<IReadOnlyList<FineTuneJob>> RunAsync(
        LocalEnvironment environment, string file, IReadOnlyList<JsonObject> manifests, IRunDisplay display, CancellationToken cancellationToken)
    {
        // Subscribed before the jobs exist, so no change is missed.
        using var watch = environment.Cluster.Store.Watch(FineTuneJobs, null, new WatchRequest());

        // Trial progress lives in the operator's memory, not in the FineTuneJob: the store says when a trial reported.
        var trialReports = environment.Operator.Services.GetRequiredService<TrialProgressStore>();
        var reported = Channel.CreateUnbounded<ObjectKey>(new UnboundedChannelOptions { SingleReader = true });
        void OnReport(ObjectKey job) => reported.Writer.TryWrite(job);
        trialReports.Recorded += OnReport;
        try
        {
            foreach (var manifest in manifests)
            {
                await ApplyAsync(environment.Client, file, manifest, cancellationToken).ConfigureAwait(false);
            }

            var follower = new JobFollower(manifests.Select(Key), display, trialReports);
            await display.RunAsync(async () =>
            {
                while (!follower.AllFinished)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (watch.Events.TryRead(out var change))
                    {
                        follower.OnChange(change);
                    }
                    else if (reported.Reader.TryRead(out var job))
                    {
                        follower.OnTrialReport(job);
                    }
                    else if (watch.Events.Completion.IsCompleted)
                    {
                        throw new InvalidOperationException("the local cluster closed the FineTuneJob watch before the jobs finished");
                    }
                    else
                    {
                        await Task.WhenAny(watch.Events.WaitToReadAsync(cancellationToken).AsTask(), reported.Reader.WaitToReadAsync(cancellationToken).AsTask()).ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);

            return follower.Final;
        }
        finally
        {
            trialReports.Recorded -= OnReport;
        }
    }

    internal static string Key(JsonObject manifest) => $"{manifest["metadata"]!["namespace"]}/{manifest["metadata"]!["name"]}";

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
            // Strict, as kubectl apply: a misspelt field (maxStep for maxSteps) is an error, not a silently different job.
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                manifest, FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, fieldValidation: StrictFieldValidation, cancellationToken: cancellationToken).ConfigureAwait(false);
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
