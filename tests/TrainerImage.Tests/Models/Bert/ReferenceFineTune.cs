using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Bert;

/// <summary>The fixtures' full fine-tuning run: AdamW (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01 on every parameter), gradient norm clipped to 1.0.</summary>
public static class ReferenceFineTune
{
    public static (IReadOnlyList<float> Losses, IReadOnlyList<double> GradNorms) Run(PretrainedModel model, ModelBatch batch, int steps)
    {
        var losses = new List<float>();
        var norms = new List<double>();
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        model.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = model.forward(batch).Loss ?? throw new InvalidOperationException("the batch has labels, so the model must return a loss");
            loss.backward();
            norms.Add(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0));
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        model.eval();
        return (losses, norms);
    }
}
