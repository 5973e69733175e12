using KubeTune.Trainer.Models.ResNet;

namespace KubeTune.Trainer.Import;

/// <summary>
/// Recognises a ResNet in an ONNX graph by following tensors from the input: stem Conv-BN-Relu-MaxPool, residual
/// blocks (Conv-BN chains joined by Add-Relu, a Conv-BN projection shortcut starting a new stage), then the average
/// pooling. Stage depths, widths, strides and the padding convention come from the graph; anything a Hugging Face
/// ResNet cannot express is an error naming the node.
/// </summary>
public sealed class OnnxResNetGraphWalker
{
    private const double HfBatchNormEpsilon = 1e-5;

    private readonly OnnxGraph graph;
    private readonly ILookup<string, OnnxNode> consumers;
    private readonly HashSet<OnnxNode> visited = [];
    private bool? asymmetric;

    private OnnxResNetGraphWalker(OnnxGraph graph)
    {
        this.graph = graph;
        consumers = graph.Nodes.SelectMany(node => node.Inputs.Distinct().Select(input => (input, node))).ToLookup(pair => pair.input, pair => pair.node);
    }

    public static OnnxResNet Walk(OnnxGraph graph) => new OnnxResNetGraphWalker(graph).Walk();

    private OnnxResNet Walk()
    {
        var inputs = graph.DataInputs;
        if (inputs.Count != 1 || inputs[0].Dims.Count != 4)
        {
            throw Error($"expected one image input [batch, channels, height, width], found [{string.Join(", ", inputs.Select(i => $"{i.Name} [{string.Join(", ", i.Dims)}]"))}]");
        }
        var input = inputs[0];
        var stem = ReadConvBatchNorm(OnlyConsumer(input.Name, "Conv"));
        asymmetric = IsAsymmetric(stem);
        CheckPads(stem.Conv, stem.KernelSize, stem.Stride, stem.Pads);
        var relu = OnlyConsumer(stem.Output, "Relu");
        var maxPool = OnlyConsumer(relu.Outputs[0], "MaxPool");
        var (poolKernel, poolStride, poolPads) = Window(maxPool);
        if (poolKernel != 3 || poolStride != 2)
        {
            throw Error($"{maxPool.Label}: the stem max pool must be 3x3 with stride 2 (Hugging Face ResNet), got {poolKernel}x{poolKernel} stride {poolStride}");
        }
        CheckPads(maxPool, poolKernel, poolStride, poolPads);

        var size = (Height: input.Dims[2], Width: input.Dims[3]);
        size = Shrink(Shrink(size, stem.KernelSize, stem.Stride, stem.Pads), poolKernel, poolStride, poolPads);
        var stages = new List<List<OnnxResNetBlock>>();
        var current = maxPool.Outputs[0];
        while (!IsAveragePool(consumers[current].ToList()))
        {
            var block = ReadBlock(current);
            if (stages.Count == 0 || block.Shortcut is not null)
            {
                stages.Add([]);
            }
            stages[^1].Add(block);
            size = block.Layers.Aggregate(size, (s, layer) => Shrink(s, layer.KernelSize, layer.Stride, layer.Pads));
            current = block.Output;
        }
        var pool = consumers[current].Single();
        CheckGlobalPool(pool, size);
        visited.Add(pool);
        CheckStages(stages);
        var ignored = graph.Nodes.Where(node => !visited.Contains(node)).ToList();
        return new OnnxResNet(input, stem, stages, asymmetric.Value, pool.Outputs[0], ignored);
    }

    private OnnxResNetBlock ReadBlock(string input)
    {
        var users = consumers[input].ToList();
        var convs = users.Where(node => node.OpType == "Conv").ToList();
        var chains = convs.Select(ReadChain).ToList();
        if (chains.Count is not (1 or 2) || chains.Select(chain => chain.Add).Distinct().Count() != 1)
        {
            throw Error($"after '{input}' expected a residual block (one or two Conv branches meeting in an Add), found [{string.Join(", ", users.Select(u => u.Label))}]");
        }
        var main = chains.MaxBy(chain => chain.Layers.Count);
        var shortcut = chains.Count == 2 ? chains.MinBy(chain => chain.Layers.Count) : default;
        if (shortcut.Layers is { Count: not 1 })
        {
            throw Error($"{main.Add.Label}: a projection shortcut must be a single Conv + BatchNormalization, found {shortcut.Layers.Count}");
        }
        if (shortcut.Layers is null && !main.Add.Inputs.Contains(input))
        {
            throw Error($"{main.Add.Label}: adds neither the block input '{input}' nor a projection of it");
        }
        var relu = OnlyConsumer(main.Add.Outputs[0], "Relu");
        return new OnnxResNetBlock(main.Layers, shortcut.Layers?[0], relu.Outputs[0]);
    }

    private (List<ConvBatchNorm> Layers, OnnxNode Add) ReadChain(OnnxNode conv)
    {
        var layers = new List<ConvBatchNorm>();
        while (true)
        {
            var layer = ReadConvBatchNorm(conv);
            CheckPads(layer.Conv, layer.KernelSize, layer.Stride, layer.Pads);
            layers.Add(layer);
            var next = OnlyConsumer(layer.Output, null);
            if (next.OpType == "Add")
            {
                visited.Add(next);
                return (layers, next);
            }
            if (next.OpType != "Relu")
            {
                throw Error($"{next.Label}: expected Relu or Add after '{layer.Output}' inside a residual block");
            }
            conv = OnlyConsumer(next.Outputs[0], "Conv");
        }
    }

    private ConvBatchNorm ReadConvBatchNorm(OnnxNode conv)
    {
        if (conv.Inputs.Count > 2 && conv.Inputs[2].Length > 0)
        {
            throw Error($"{conv.Label}: has a bias; Hugging Face ResNet convolutions are bias-free (fold it into the following BatchNormalization)");
        }
        if (conv.Int("group") is { } group && group != 1)
        {
            throw Error($"{conv.Label}: group {group} is not supported (only dense convolutions)");
        }
        if (conv.Ints("dilations") is { } dilations && dilations.Any(d => d != 1))
        {
            throw Error($"{conv.Label}: dilations [{string.Join(", ", dilations)}] are not supported");
        }
        var weight = graph.RequireFloats(conv.Inputs[1], conv);
        var (kernel, stride, pads) = Window(conv);
        var norm = OnlyConsumer(conv.Outputs[0], "BatchNormalization");
        var epsilon = norm.Float("epsilon") ?? 1e-5f;
        if (Math.Abs(epsilon - HfBatchNormEpsilon) > 1e-9)
        {
            throw Error($"{norm.Label}: epsilon {epsilon} differs from the 1e-5 of Hugging Face ResNet batch norms");
        }
        if (norm.Inputs.Count != 5)
        {
            throw Error($"{norm.Label}: expected inputs X, scale, B, mean, var; found {norm.Inputs.Count}");
        }
        var parameters = norm.Inputs.Skip(1).Select(name => graph.RequireFloats(name, norm)).ToList();
        if (parameters.Any(p => p.ElementCount != weight.Dims[0]))
        {
            throw Error($"{norm.Label}: parameters must have {weight.Dims[0]} values, one per output channel of {conv.Label}");
        }
        visited.Add(conv);
        visited.Add(norm);
        return new ConvBatchNorm(conv, weight, parameters[0], parameters[1], parameters[2], parameters[3], stride, kernel, pads, norm.Outputs[0]);
    }

    private (long Kernel, long Stride, IReadOnlyList<long> Pads) Window(OnnxNode node)
    {
        if (node.Text("auto_pad") is { } autoPad && autoPad != "NOTSET")
        {
            throw Error($"{node.Label}: auto_pad {autoPad} is not supported (explicit pads only)");
        }
        var kernel = node.Ints("kernel_shape") ?? (node.Inputs.Count > 1 && graph.Initializers.TryGetValue(node.Inputs[1], out var w) ? w.Dims.Skip(2).ToList() : []);
        var strides = node.Ints("strides") ?? [1, 1];
        var pads = node.Ints("pads") ?? [0, 0, 0, 0];
        if (kernel.Count != 2 || kernel[0] != kernel[1] || strides.Count != 2 || strides[0] != strides[1] || pads.Count != 4)
        {
            throw Error($"{node.Label}: only square 2-D windows with equal strides are supported (kernel_shape [{string.Join(", ", kernel)}], strides [{string.Join(", ", strides)}], pads [{string.Join(", ", pads)}])");
        }
        visited.Add(node);
        return (kernel[0], strides[0], pads);
    }

    private bool IsAsymmetric(ConvBatchNorm stem)
    {
        var asymmetricPads = OnnxPads(AsymmetricPadding.For(stem.KernelSize, stem.Stride), stem.KernelSize);
        return stem.Pads.SequenceEqual(asymmetricPads) && !stem.Pads.SequenceEqual(SymmetricPads(stem.KernelSize));
    }

    private void CheckPads(OnnxNode node, long kernel, long stride, IReadOnlyList<long> pads)
    {
        var expected = asymmetric == true ? OnnxPads(AsymmetricPadding.For(kernel, stride), kernel) : SymmetricPads(kernel);
        if (!pads.SequenceEqual(expected))
        {
            var convention = asymmetric == true ? "the asymmetric strided padding of the stem" : "symmetric kernel/2 padding";
            throw Error($"{node.Label}: pads [{string.Join(", ", pads)}] do not follow {convention} (expected [{string.Join(", ", expected)}])");
        }
    }

    // ONNX pads are [top, left, bottom, right]; AsymmetricPadding gives [left, right, top, bottom].
    private static long[] OnnxPads(long[]? padding, long kernel) =>
        padding is null ? SymmetricPads(kernel) : [padding[2], padding[0], padding[3], padding[1]];

    private static long[] SymmetricPads(long kernel) => [kernel / 2, kernel / 2, kernel / 2, kernel / 2];

    private static (long Height, long Width) Shrink((long Height, long Width) size, long kernel, long stride, IReadOnlyList<long> pads) =>
        ((size.Height + pads[0] + pads[2] - kernel) / stride + 1, (size.Width + pads[1] + pads[3] - kernel) / stride + 1);

    private static bool IsAveragePool(List<OnnxNode> users) => users.Count == 1 && users[0].OpType is "GlobalAveragePool" or "AveragePool";

    private void CheckGlobalPool(OnnxNode pool, (long Height, long Width) size)
    {
        if (pool.OpType == "GlobalAveragePool")
        {
            return;
        }
        // The stride does not matter when the window covers the whole map.
        var (kernel, _, pads) = Window(pool);
        if (pads.Any(p => p != 0) || size.Height != kernel || size.Width != kernel)
        {
            throw Error($"{pool.Label}: a {kernel}x{kernel} average pool (pads [{string.Join(", ", pads)}]) over the {size.Height}x{size.Width} final feature map is not a global average pool");
        }
    }

    private void CheckStages(List<List<OnnxResNetBlock>> stages)
    {
        var blocks = stages.SelectMany(stage => stage).ToList();
        if (blocks.Count == 0)
        {
            throw Error("no residual blocks between the stem max pool and the average pool");
        }
        if (blocks.Select(block => block.Layers.Count).Distinct().Count() != 1 || blocks[0].Layers.Count is not (2 or 3))
        {
            throw Error($"blocks have {string.Join(", ", blocks.Select(b => b.Layers.Count).Distinct())} main-path convolutions; Hugging Face ResNet needs 2 (basic) or 3 (bottleneck) in every block");
        }
        // Basic blocks stride in their first conv; bottleneck blocks in the first or second, the same in every block.
        var stridedLayer = blocks.Count == 0 || blocks[0].Layers.Count == 2 ? 0 : blocks.Select(StridedLayer).FirstOrDefault(index => index >= 0, 1);
        for (var s = 0; s < stages.Count; s++)
        {
            for (var b = 0; b < stages[s].Count; b++)
            {
                var block = stages[s][b];
                var expected = b > 0 ? 1 : s > 0 ? 2 : block.Stride;
                var strided = StridedLayer(block);
                if (block.Stride != expected || block.Layers.Count(layer => layer.Stride > 1) > 1 || (strided >= 0 && strided != stridedLayer))
                {
                    throw Error($"{block.Layers[0].Conv.Label}: stage {s} block {b} strides in a way Hugging Face ResNet cannot express (stride {block.Stride}, expected {expected})");
                }
            }
        }
    }

    private static int StridedLayer(OnnxResNetBlock block) =>
        block.Layers.Select((layer, index) => layer.Stride > 1 ? index : -1).FirstOrDefault(index => index >= 0, -1);

    private OnnxNode OnlyConsumer(string tensor, string? opType)
    {
        var users = consumers[tensor].ToList();
        if (users.Count != 1 || (opType is not null && users[0].OpType != opType))
        {
            var found = users.Count == 0 ? "nothing" : string.Join(", ", users.Select(u => u.Label));
            throw Error($"expected {(opType is null ? "one node" : $"one {opType}")} reading '{tensor}', found {found}");
        }
        visited.Add(users[0]);
        return users[0];
    }

    private InvalidInputException Error(string message) =>
        new($"{graph.Source}: not an importable ResNet graph: {message}");
}
