using TorchSharp;

namespace KubeTune.Trainer.Tests.Native;

public sealed class TorchNativeLoadTests
{
    [Fact]
    public void OnesSum_NativeLibraryLoads_ReturnsTwo()
    {
        using var sum = torch.ones(2).sum();

        Assert.Equal(2f, sum.item<float>());
    }
}
