using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>Creates a trial's ConfigMap and Job when missing (a trial's spec never changes) and deletes an early-stopped trial's Job.</summary>
public sealed class TrialChildren(IKubernetes client, ILogger<TrialChildren> logger)
{
    /// <summary>Creates what is missing; true when this call created the Job.</summary>
    public async Task<bool> CreateAsync(V1ConfigMap configMap, V1Job job, CancellationToken cancellationToken)
    {
        var ns = job.Metadata.NamespaceProperty;
        try
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(configMap, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier pass: its content is the same, as it derives only from the spec and the trial index.
        }

        try
        {
            await client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Created trial Job {Namespace}/{Name}", ns, job.Metadata.Name);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // The cache has not seen an earlier create yet.
            return false;
        }
    }

    /// <summary>Deletes a trial's Job and, through garbage collection, its pods.</summary>
    public async Task DeleteAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty,
                body: new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = job.Metadata.Uid } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Deleted early-stopped trial Job {Namespace}/{Name}", job.Metadata.NamespaceProperty, job.Metadata.Name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or replaced.
        }
    }
}
