namespace KubeTune.Trainer.Import;

/// <summary>The parts of an ONNX model the importer reads: nodes in file order, initializers, inputs and outputs.</summary>
public sealed record OnnxGraph(
    string Source,
    string Producer,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyDictionary<string, OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs)
{
    /// <summary>The inputs a caller feeds (ONNX also lists initializers as inputs in older IR versions).</summary>
    public IReadOnlyList<OnnxValueInfo> DataInputs => Inputs.Where(input => !Initializers.ContainsKey(input.Name)).ToList();

    /// <summary>A float initializer, or an error naming the node that needs it.</summary>
    public OnnxTensor RequireFloats(string name, OnnxNode user)
    {
        if (!Initializers.TryGetValue(name, out var tensor))
        {
            throw new InvalidInputException($"{Source}: {user.Label} reads '{name}', which is not an initializer (only constant weights can be imported)");
        }
        return tensor.Floats is not null
            ? tensor
            : throw new InvalidInputException($"{Source}: initializer '{name}' has ONNX data type {tensor.DataType}; only float (1) weights are supported");
    }
}
