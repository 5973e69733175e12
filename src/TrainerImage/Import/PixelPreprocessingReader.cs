namespace KubeTune.Trainer.Import;

/// <summary>
/// Reads a preprocessing graph made of an optional channel reorder (Split + Concat on axis 1) and a Sub of a constant
/// mean (ML.NET's ResNetPreprocess.onnx: RGB to BGR, minus the ImageNet mean image); other operators are errors.
/// </summary>
public static class PixelPreprocessingReader
{
    public static PixelPreprocessing Read(OnnxGraph graph, int channels)
    {
        var order = Enumerable.Range(0, channels).ToArray();
        Dictionary<string, int>? splitOutputs = null;
        OnnxTensor? mean = null;
        foreach (var node in graph.Nodes)
        {
            switch (node.OpType)
            {
                case "Split" when (node.Int("axis") ?? 0) == 1 && node.Outputs.Count == channels:
                    splitOutputs = node.Outputs.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index);
                    break;
                case "Concat" when node.Int("axis") == 1 && splitOutputs is not null && node.Inputs.All(splitOutputs.ContainsKey):
                    order = node.Inputs.Select(input => splitOutputs[input]).ToArray();
                    break;
                case "Sub" when node.Inputs.Count == 2 && graph.Initializers.ContainsKey(node.Inputs[1]):
                    mean = graph.RequireFloats(node.Inputs[1], node);
                    break;
                default:
                    throw new InvalidInputException(
                        $"{graph.Source}: preprocessing {node.Label} is not supported; expected a channel reorder (Split + Concat on axis 1) and a Sub of a constant mean");
            }
        }
        if (order.Distinct().Count() != channels)
        {
            throw new InvalidInputException($"{graph.Source}: the preprocessing Concat does not use every channel once ([{string.Join(", ", order)}])");
        }
        if (mean is null)
        {
            return new PixelPreprocessing(order, new float[channels], 1, 1);
        }
        var dims = mean.Dims.SkipWhile((dim, index) => dim == 1 && mean.Dims.Count - index > 3).ToList();
        if (dims.Count != 3 || dims[0] != channels)
        {
            throw new InvalidInputException(
                $"{graph.Source}: mean '{mean.Name}' has shape [{string.Join(", ", mean.Dims)}]; expected [1, {channels}, height, width] or [{channels}, 1, 1]");
        }
        return new PixelPreprocessing(order, mean.Floats!, dims[1], dims[2]);
    }
}
