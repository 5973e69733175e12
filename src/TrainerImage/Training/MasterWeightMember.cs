using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>A parameter's fp32 master (a view of its group's flat master) and its bf16 gradient (a view of the flat buffer).</summary>
public sealed record MasterWeightMember(string Name, torch.Tensor MasterView, torch.Tensor GradientView);
