using KubeTune.Trainer.Inference;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Tests.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Inference;

public sealed class TokenGeneratorTests
{
    private static readonly HashSet<long> NoStop = [];

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Generate_Greedy_FirstTokenIsTheArgmaxOfTransformersLogitsForEachReferencePrompt(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        using var model = fixture.LoadModel();
        var tensors = fixture.ReadTensors("reference.safetensors");
        var ids = tensors["input_ids"];
        var lengths = tensors["attention_mask"].sum(1).data<long>().ToArray();

        for (var row = 0; row < lengths.Length; row++)
        {
            var prompt = ids[row, ..(int)lengths[row]].data<long>().ToArray();
            var expected = tensors["logits"][row, lengths[row] - 1].argmax().item<long>();

            var generated = TokenGenerator.Generate(model, prompt, new GenerationSettings(MaxNewTokens: 1), NoStop, torch.CPU);

            Assert.Equal(expected, generated.Tokens.Single());
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Generate_GreedyWithCache_EqualsGenerationWithoutCacheAndEachTokenIsTheFullForwardArgmax(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        using var model = fixture.LoadModel();
        long[] prompt = [5, 17, 42, 99, 7];
        var settings = new GenerationSettings(MaxNewTokens: 24);

        var cached = TokenGenerator.Generate(model, prompt, settings, NoStop, torch.CPU, useCache: true);
        var uncached = TokenGenerator.Generate(model, prompt, settings, NoStop, torch.CPU, useCache: false);

        Assert.Equal(uncached.Tokens, cached.Tokens);
        Assert.Equal(24, cached.Tokens.Count);
        Assert.Equal(GeneratedTokens.Length, cached.FinishReason);
        using var noGrad = torch.no_grad();
        var full = prompt.Concat(cached.Tokens).ToArray();
        var logits = model.forward(new ModelBatch(InputIds: torch.tensor(full, [1, full.Length]))).Logits[0];
        var argmax = logits[(prompt.Length - 1)..^1].argmax(-1).data<long>().ToArray();
        Assert.Equal(argmax, cached.Tokens);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Generate_SampledWithCache_EqualsSampledWithoutCacheForTheSameSeed(string architecture)
    {
        using var model = HfReferenceFixture.Open(architecture).LoadModel();
        long[] prompt = [11, 3, 250];
        var settings = new GenerationSettings(MaxNewTokens: 16, Temperature: 1.5, TopP: 0.9, Seed: 7);

        var cached = TokenGenerator.Generate(model, prompt, settings, NoStop, torch.CPU, useCache: true);
        var uncached = TokenGenerator.Generate(model, prompt, settings, NoStop, torch.CPU, useCache: false);
        var otherSeed = TokenGenerator.Generate(model, prompt, settings with { Seed = 8 }, NoStop, torch.CPU);

        Assert.Equal(uncached.Tokens, cached.Tokens);
        Assert.NotEqual(cached.Tokens, otherSeed.Tokens);
    }

    [Fact]
    public void Generate_StopToken_EndsWithEosAtTheFirstOccurrence()
    {
        using var model = HfReferenceFixture.Open("gpt2").LoadModel();
        long[] prompt = [5, 17, 42];
        var free = TokenGenerator.Generate(model, prompt, new GenerationSettings(MaxNewTokens: 12), NoStop, torch.CPU);
        var stop = free.Tokens[3];

        var stopped = TokenGenerator.Generate(model, prompt, new GenerationSettings(MaxNewTokens: 12), new HashSet<long> { stop }, torch.CPU);

        Assert.Equal(GeneratedTokens.Eos, stopped.FinishReason);
        Assert.Equal(free.Tokens.Take(free.Tokens.ToList().IndexOf(stop) + 1), stopped.Tokens);
    }

    [Fact]
    public void Generate_PromptNearTheContextEnd_StopsAtTheModelsPositionLimit()
    {
        using var model = HfReferenceFixture.Open("gpt2").LoadModel();
        var prompt = Enumerable.Range(0, 60).Select(i => (long)(i % 300)).ToArray();

        var generated = TokenGenerator.Generate(model, prompt, new GenerationSettings(MaxNewTokens: 50), NoStop, torch.CPU, contextLength: 64);

        Assert.Equal(4, generated.Tokens.Count);
        Assert.Equal(GeneratedTokens.Length, generated.FinishReason);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Generate_PeftAdapterAppliedOrMerged_GivesTheSameTokensWithAndWithoutCache(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        var adapter = Path.Combine(fixture.Directory, "lora_adapter");
        using var applied = fixture.LoadModel();
        PeftAdapter.Load(adapter, applied);
        using var merged = fixture.LoadModel();
        LoraMerger.MergeAndUnload(merged, PeftAdapter.Load(adapter, merged));
        long[] prompt = [9, 8, 7, 6];
        var settings = new GenerationSettings(MaxNewTokens: 12);

        var appliedCached = TokenGenerator.Generate(applied, prompt, settings, NoStop, torch.CPU);
        var appliedUncached = TokenGenerator.Generate(applied, prompt, settings, NoStop, torch.CPU, useCache: false);
        var mergedCached = TokenGenerator.Generate(merged, prompt, settings, NoStop, torch.CPU);

        Assert.Equal(appliedUncached.Tokens, appliedCached.Tokens);
        Assert.Equal(appliedCached.Tokens, mergedCached.Tokens);
    }
}
