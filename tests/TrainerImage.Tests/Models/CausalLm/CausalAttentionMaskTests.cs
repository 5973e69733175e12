using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.CausalLm;

public sealed class CausalAttentionMaskTests
{
    [Theory]
    [InlineData(3, 5, null)]
    [InlineData(1, 5, 3)]
    [InlineData(4, 6, 3)]
    [InlineData(2, 1, 8)]
    public void ForCache_AfterPastTokens_EqualsTheLastRowsOfTheFullSequencesMask(int queryLength, int pastLength, int? window)
    {
        var total = queryLength + pastLength;
        var full = CausalAttentionMask.Build(null, total, torch.CPU, window)
            ?? torch.ones(total, total, torch.ScalarType.Bool).tril()[torch.TensorIndex.None, torch.TensorIndex.None, .., ..];

        var cached = CausalAttentionMask.ForCache(queryLength, pastLength, torch.CPU, window)
            ?? torch.ones(1, 1, queryLength, total, torch.ScalarType.Bool);

        Assert.Equal(full[.., .., pastLength.., ..].data<bool>().ToArray(), cached.data<bool>().ToArray());
    }
}
