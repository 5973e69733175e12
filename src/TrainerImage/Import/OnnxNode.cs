namespace KubeTune.Trainer.Import;

/// <summary>One ONNX graph node: operator, input and output tensor names, attributes by name.</summary>
public sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    /// <summary>How errors name the node: its name, else its first output.</summary>
    public string Label => $"{OpType} node '{(Name.Length > 0 ? Name : Outputs.FirstOrDefault() ?? "?")}'";

    public IReadOnlyList<long>? Ints(string name) => Attributes.GetValueOrDefault(name)?.Ints;

    public long? Int(string name) => Attributes.GetValueOrDefault(name)?.Int;

    public float? Float(string name) => Attributes.GetValueOrDefault(name)?.Float;

    public string? Text(string name) => Attributes.GetValueOrDefault(name)?.Text;
}
