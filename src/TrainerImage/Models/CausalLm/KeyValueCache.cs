using TorchSharp;

namespace KubeTune.Trainer.Models.CausalLm;

/// <summary>
/// The keys and values of the tokens a decoder has seen, per layer ([batch, kv heads, tokens, head dim]), so that
/// generation feeds only the new token (transformers' past_key_values). Kept outside any dispose scope until disposed.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly torch.Tensor?[] keys;
    private readonly torch.Tensor?[] values;

    public KeyValueCache(int layerCount)
    {
        keys = new torch.Tensor?[layerCount];
        values = new torch.Tensor?[layerCount];
    }

    /// <summary>Tokens cached by the forward passes that finished (the position of the next token).</summary>
    public long Length { get; private set; }

    /// <summary>Adds a layer's new keys and values after its cached ones and returns all of them.</summary>
    public (torch.Tensor Key, torch.Tensor Value) Append(int layer, torch.Tensor key, torch.Tensor value)
    {
        var allKeys = keys[layer] is { } pastKeys ? torch.cat([pastKeys, key], 2) : key.alias();
        var allValues = values[layer] is { } pastValues ? torch.cat([pastValues, value], 2) : value.alias();
        keys[layer]?.Dispose();
        values[layer]?.Dispose();
        keys[layer] = allKeys.alias().DetachFromDisposeScope();
        values[layer] = allValues.alias().DetachFromDisposeScope();
        return (allKeys, allValues);
    }

    /// <summary>Called by the model once every layer has appended the pass's tokens.</summary>
    public void Advance(long tokens) => Length += tokens;

    public void Dispose()
    {
        foreach (var tensor in keys.Concat(values))
        {
            tensor?.Dispose();
        }

        Array.Clear(keys);
        Array.Clear(values);
    }
}
