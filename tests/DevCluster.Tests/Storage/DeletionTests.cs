using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Storage;

public sealed class DeletionTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client = cluster.Client;

    [Fact]
    public async Task Delete_WithFinalizer_KeepsObjectWithDeletionTimestampUntilFinalizerRemoved()
    {
        var name = Names.Unique("cm");
        var configMap = TestResources.ConfigMap(name);
        configMap.Metadata.Finalizers = ["kubetune.io/cleanup"];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "default");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default");
        var terminating = await _client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), name, "default");

        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(["kubetune.io/cleanup"], terminating.Metadata.Finalizers);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync(name, "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Update_ObjectBeingDeleted_CannotClearDeletionTimestamp()
    {
        var name = Names.Unique("cm");
        var configMap = TestResources.ConfigMap(name);
        configMap.Metadata.Finalizers = ["a", "b"];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "default");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default");
        var terminating = await _client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        terminating.Metadata.DeletionTimestamp = null;
        terminating.Metadata.Finalizers = ["b"];

        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(terminating, name, "default");

        Assert.NotNull(updated.Metadata.DeletionTimestamp);
        Assert.Equal(["b"], updated.Metadata.Finalizers);
    }

    [Fact]
    public async Task Delete_Owner_GarbageCollectsDependents()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("owner")), "default");
        var dependentName = Names.Unique("dependent");
        var dependent = TestResources.ConfigMap(dependentName);
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true }];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(dependent, "default");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, "default", new V1DeleteOptions { PropagationPolicy = "Background" });

        await Eventually.TrueAsync(async () => !await ExistsAsync(dependentName), "the dependent to be garbage-collected");
    }

    [Fact]
    public async Task Create_WithMissingOwner_IsGarbageCollectedWhileOwnedSiblingsStay()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("owner")), "default");
        var keptName = Names.Unique("kept");
        var kept = TestResources.ConfigMap(keptName);
        kept.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid }];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(kept, "default");
        var orphanName = Names.Unique("orphan");
        var orphan = TestResources.ConfigMap(orphanName);
        orphan.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "never-created", Uid = Guid.NewGuid().ToString() }];

        await _client.CoreV1.CreateNamespacedConfigMapAsync(orphan, "default");

        await Eventually.TrueAsync(async () => !await ExistsAsync(orphanName), "the dependent of a missing owner to be garbage-collected");
        Assert.True(await ExistsAsync(keptName));
    }

    [Fact]
    public async Task Delete_OwnerWithOrphanPolicy_KeepsDependentAndDropsOwnerReference()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("owner")), "default");
        var dependentName = Names.Unique("dependent");
        var dependent = TestResources.ConfigMap(dependentName);
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid }];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(dependent, "default");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, "default", new V1DeleteOptions { PropagationPolicy = "Orphan" });

        var kept = await _client.CoreV1.ReadNamespacedConfigMapAsync(dependentName, "default");
        Assert.Null(kept.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task Delete_OwnerInForeground_OwnerStaysUntilDependentsAreGone()
    {
        var ownerName = Names.Unique("owner");
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(ownerName), "default");
        var dependentName = Names.Unique("dependent");
        var dependent = TestResources.ConfigMap(dependentName);
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = ownerName, Uid = owner.Metadata.Uid, BlockOwnerDeletion = true }];
        dependent.Metadata.Finalizers = ["test/hold"];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(dependent, "default");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync(ownerName, "default", new V1DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ReadNamespacedConfigMapAsync(dependentName, "default")).Metadata.DeletionTimestamp is not null, "the dependent to be deleting");
        var ownerWhileWaiting = await _client.CoreV1.ReadNamespacedConfigMapAsync(ownerName, "default");
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), dependentName, "default");

        Assert.Contains("foregroundDeletion", ownerWhileWaiting.Metadata.Finalizers);
        await Eventually.TrueAsync(async () => !await ExistsAsync(ownerName), "the foreground-deleted owner to go");
    }

    [Fact]
    public async Task Delete_Namespace_DeletesItsObjects()
    {
        var ns = Names.Unique("ns");
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap("inside"), ns);

        await _client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.TrueAsync(async () => (await _client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Count == 0, "the namespace's config maps to be deleted");
    }

    private async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await _client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
            return true;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
