using TorchSharp;

namespace KubeTune.Trainer.Models.CausalLm;

/// <summary>The boolean mask scaled_dot_product_attention takes: true where query t may attend to key s.</summary>
public static class CausalAttentionMask
{
    /// <summary>
    /// Null when nothing but causality restricts attention (attention then runs with is_causal). Otherwise
    /// [batch or 1, 1, T, T]: causal, within the sliding window, not padding; a query whose keys are all padding
    /// attends to itself so no row is empty (no NaN).
    /// </summary>
    public static torch.Tensor? Build(torch.Tensor? attentionMask, long sequenceLength, torch.Device device, int? slidingWindow = null)
    {
        var windowed = slidingWindow is { } window && window < sequenceLength;
        if (attentionMask is null && !windowed)
        {
            return null;
        }

        var causal = torch.ones(sequenceLength, sequenceLength, torch.ScalarType.Bool, device).tril();
        if (windowed)
        {
            causal = causal.logical_and(torch.ones(sequenceLength, sequenceLength, torch.ScalarType.Bool, device).triu(1 - slidingWindow!.Value));
        }

        var keys = attentionMask is null
            ? torch.ones(1, 1, 1, sequenceLength, torch.ScalarType.Bool, device)
            : attentionMask.to(device).to(torch.ScalarType.Bool)[.., torch.TensorIndex.None, torch.TensorIndex.None, ..];
        var mask = causal[torch.TensorIndex.None, torch.TensorIndex.None, .., ..].logical_and(keys);
        var diagonal = torch.eye(sequenceLength, dtype: torch.ScalarType.Bool, device: device)[torch.TensorIndex.None, torch.TensorIndex.None, .., ..];
        var emptyRows = mask.any(-1, keepdim: true).logical_not();
        return mask.logical_or(diagonal.logical_and(emptyRows));
    }

    /// <summary>
    /// The mask for <paramref name="queryLength"/> new tokens after <paramref name="pastLength"/> cached ones (no
    /// padding): [1, 1, T, past + T], key s allowed for query t when s ≤ past + t and within the sliding window. Null
    /// when nothing restricts attention (one new token, no window) or, with nothing cached, when is_causal says it all.
    /// </summary>
    public static torch.Tensor? ForCache(long queryLength, long pastLength, torch.Device device, int? slidingWindow = null)
    {
        if (pastLength == 0)
        {
            return Build(null, queryLength, device, slidingWindow);
        }

        var total = pastLength + queryLength;
        if (queryLength == 1 && (slidingWindow is not { } w || w >= total))
        {
            return null;
        }

        var allowed = torch.ones(queryLength, total, torch.ScalarType.Bool, device).tril(pastLength);
        if (slidingWindow is { } window && window < total)
        {
            allowed = allowed.logical_and(torch.ones(queryLength, total, torch.ScalarType.Bool, device).triu(pastLength + 1 - window));
        }

        return allowed[torch.TensorIndex.None, torch.TensorIndex.None, .., ..];
    }
}
