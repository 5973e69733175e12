using System.Text.Json.Nodes;
using KubeTune.DevCluster.Pods;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class ContainerSecurityTests
{
    [Fact]
    public void Resolve_PodAndContainerContexts_ContainerWinsFsGroupFromPod()
    {
        var pod = JsonNode.Parse("""
            {"spec": {"securityContext": {"runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 3000, "runAsNonRoot": true, "supplementalGroups": [4000]}}}
            """)!.AsObject();
        var container = JsonNode.Parse("""
            {"securityContext": {"runAsUser": 1654, "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}
            """)!.AsObject();

        var security = ContainerSecurity.Resolve(pod, container);

        Assert.Equal(1654, security.RunAsUser);
        Assert.Equal(1000, security.RunAsGroup);
        Assert.Equal(3000, security.FsGroup);
        Assert.Equal([4000L], security.SupplementalGroups);
        Assert.True(security.RunAsNonRoot);
        Assert.True(security.ReadOnlyRootFilesystem);
        Assert.True(security.NoNewPrivileges);
        Assert.Equal(["ALL"], security.DropCapabilities);
    }

    [Fact]
    public void Resolve_NoContexts_RunsAsTheImageSaysWritable()
    {
        var security = ContainerSecurity.Resolve(new JsonObject(), new JsonObject());

        Assert.Null(security.RunAsUser);
        Assert.False(security.ReadOnlyRootFilesystem);
        Assert.False(security.RunAsNonRoot);
        Assert.False(security.NoNewPrivileges);
    }

    public static TheoryData<bool, long?, string, string?> NonRootCases => new()
    {
        { false, 0, "", null },
        { true, 1000, "", null },
        { true, 0, "1654", "container's runAsUser breaks non-root policy" },
        { true, null, "1654", null },
        { true, null, "1654:1654", null },
        { true, null, "", "container has runAsNonRoot and image will run as root" },
        { true, null, "0:0", "container has runAsNonRoot and image will run as root" },
        { true, null, "app", "container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root" },
    };

    [Theory]
    [MemberData(nameof(NonRootCases))]
    public void NonRootViolation_UserAndImageUser_KubeletsVerdict(bool runAsNonRoot, long? runAsUser, string imageUser, string? expected)
    {
        var security = new ContainerSecurity(runAsUser, null, runAsNonRoot, null, [], false, false, [], [], false);

        Assert.Equal(expected, security.NonRootViolation(imageUser));
    }
}
