using Microsoft.ML.OnnxRuntime;

namespace KubeTune.Trainer.Tests.Import;

/// <summary>Runs an ONNX Runtime session on one float tensor and returns its first output's values.</summary>
public static class OnnxRuntimeFeatures
{
    public static float[] Run(InferenceSession session, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var options = new RunOptions();
        using var results = session.Run(options, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
