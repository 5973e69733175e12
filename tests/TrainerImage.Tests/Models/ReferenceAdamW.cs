using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models;

/// <summary>The fixtures' training run: AdamW (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01 on every trainable parameter), grad norm clipped to 1.0.</summary>
public static class ReferenceAdamW
{
    /// <summary>Runs <paramref name="steps"/> steps (the fixtures record three); returns each step's loss and gradient norm before clipping.</summary>
    public static (IReadOnlyList<double> Losses, IReadOnlyList<double> GradNorms) Run(PretrainedModel model, ModelBatch batch, int steps = 3)
    {
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = torch.optim.AdamW(trainable, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        var losses = new List<double>();
        var norms = new List<double>();
        model.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = model.forward(batch).Loss ?? throw new InvalidOperationException("a batch with labels must give a loss");
            loss.backward();
            norms.Add(torch.nn.utils.clip_grad_norm_(trainable, 1.0));
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        model.eval();
        return (losses, norms);
    }
}
