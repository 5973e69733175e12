using k8s;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Http;

public sealed class EvselWatchRepro(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public async Task Repro(int run)
    {
        var name = Names.Unique("w" + run);
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        var path = Path.Combine(cluster.Directory, $"{name}.yaml");
        File.WriteAllText(path, $"apiVersion: test.kubetune.io/v1\nkind: Widget\nmetadata:\n  name: {name}\nspec:\n  size: 2\n");
        (await _kubectl.RunAsync("apply", "-f", path)).ShouldSucceed();
        using var watch = _kubectl.Start("get", "widgets", name, "--watch", "-v=6");
        var stderr = watch.StandardError.ReadToEndAsync();
        string? changed = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await watch.StandardOutput.ReadLineAsync(timeout.Token);
            await watch.StandardOutput.ReadLineAsync(timeout.Token);
            var t0 = DateTime.UtcNow;
            await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new k8s.Models.V1Patch("""{"status":{"phase":"Training"}}""", k8s.Models.V1Patch.PatchType.MergePatch), "test.kubetune.io", "v1", "default", "widgets", name, cancellationToken: timeout.Token);
            Console.Error.WriteLine($"patched at {t0:HH:mm:ss.ffffff}");
            changed = await watch.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }

        Assert.True(changed is not null, await stderr);
    }
}
