using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>Builds <see cref="IResourceClient{T}"/>s for the resources the operator watches.</summary>
public static class ResourceClients
{
    /// <summary>A namespaced custom resource, deserialized with KubernetesJson into T.</summary>
    public static IResourceClient<T> ForCustomObjects<T, TList>(IKubernetes client, string group, string version, string plural, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IMetadata<V1ListMeta>, IItems<T> =>
        new KubernetesResourceClient<T, TList>(plural, (request, ct) => request.Namespace is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TList>(
                group, version, plural, allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector,
                resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TList>(
                group, version, request.Namespace, plural, allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector,
                resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct));

    /// <summary>batch/v1 Jobs, optionally only those matching a label selector.</summary>
    public static IResourceClient<V1Job> ForJobs(IKubernetes client, string? labelSelector = null) =>
        new KubernetesResourceClient<V1Job, V1JobList>("jobs", (request, ct) => request.Namespace is null
            ? client.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct)
            : client.BatchV1.ListNamespacedJobWithHttpMessagesAsync(
                request.Namespace, allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector,
                resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct));

    /// <summary>core/v1 Pods, optionally only those matching a label selector.</summary>
    public static IResourceClient<V1Pod> ForPods(IKubernetes client, string? labelSelector = null) =>
        new KubernetesResourceClient<V1Pod, V1PodList>("pods", (request, ct) => request.Namespace is null
            ? client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct)
            : client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(
                request.Namespace, allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector,
                resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct));

    /// <summary>core/v1 ConfigMaps, optionally only those matching a label selector.</summary>
    public static IResourceClient<V1ConfigMap> ForConfigMaps(IKubernetes client, string? labelSelector = null) =>
        new KubernetesResourceClient<V1ConfigMap, V1ConfigMapList>("configmaps", (request, ct) => request.Namespace is null
            ? client.CoreV1.ListConfigMapForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct)
            : client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
                request.Namespace, allowWatchBookmarks: Bookmarks(request), labelSelector: labelSelector,
                resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, watch: request.Watch, cancellationToken: ct));

    private static bool? Bookmarks(ListRequest request) => request.Watch ? true : null;
}
