using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Tests.Models;

public sealed class BaseModelReferenceTests
{
    [Theory]
    [InlineData("hf://meta-llama/Llama-3.2-1B@4e20de3", "meta-llama/Llama-3.2-1B", "4e20de3", true)]
    [InlineData("hf://meta-llama/Llama-3.2-1B", "meta-llama/Llama-3.2-1B", null, true)]
    [InlineData("hf://gpt2", "gpt2", null, true)]
    [InlineData("pvc://models/gpt2-tiny", "gpt2-tiny", null, false)]
    [InlineData("pvc://models/base/llama-tiny/", "llama-tiny", null, false)]
    [InlineData("pvc://bert-base", "bert-base", null, false)]
    [InlineData("file:///opt/models/bert", "bert", null, false)]
    [InlineData("https://example.com/models/bert-tiny.tar.gz?sig=1", "bert-tiny", null, false)]
    [InlineData("https://example.com/models/resnet18.zip", "resnet18", null, false)]
    public void From_ModelUri_HubIdWithRevisionOrTheFolderName(string uri, string nameOrPath, string? revision, bool isHubId)
    {
        Assert.Equal(new BaseModelReference(nameOrPath, revision, isHubId), BaseModelReference.From(uri));
    }
}
