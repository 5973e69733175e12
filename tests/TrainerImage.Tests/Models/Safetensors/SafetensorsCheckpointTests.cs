using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Safetensors;

public sealed class SafetensorsCheckpointTests : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("kt-safetensors-").FullName;

    [Fact]
    public void WriteDirectory_OverShardLimit_WritesIndexAndReadsBackEveryDtype()
    {
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["a.weight"] = torch.arange(6, dtype: torch.ScalarType.Float32).reshape(2, 3),
            ["b.weight"] = torch.tensor(new[] { 1.5f, -2.25f }).to(torch.ScalarType.BFloat16),
            ["c.weight"] = torch.tensor(new[] { 0.5f, 3f, -1f }).to(torch.ScalarType.Float16),
            ["d.ids"] = torch.tensor(new long[] { 7, -100 }),
        };

        SafetensorsCheckpoint.WriteDirectory(workDirectory, tensors, maxShardBytes: 16);
        var read = SafetensorsCheckpoint.ReadDirectory(workDirectory);

        Assert.True(File.Exists(Path.Combine(workDirectory, SafetensorsCheckpoint.IndexFileName)));
        Assert.False(File.Exists(Path.Combine(workDirectory, SafetensorsCheckpoint.SingleFileName)));
        Assert.True(Directory.GetFiles(workDirectory, "model-*-of-*.safetensors").Length > 1);
        Assert.Equal(tensors.Keys.Order(), read.Keys.Order());
        foreach (var (name, tensor) in tensors)
        {
            Assert.Equal(tensor.dtype, read[name].dtype);
            Assert.True(tensor.eq(read[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Read_TruncatedFile_ErrorNamesFileAndTensor()
    {
        var path = Path.Combine(workDirectory, "model.safetensors");
        SafetensorsFile.Write(path, [KeyValuePair.Create("w", torch.ones(4, 4))]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);

        var error = Assert.Throws<InvalidInputException>(() => SafetensorsFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("'w'", error.Message);
    }

    [Fact]
    public void ReadDirectory_NoWeights_ErrorNamesExpectedFiles()
    {
        var error = Assert.Throws<InvalidInputException>(() => SafetensorsCheckpoint.ReadDirectory(workDirectory));

        Assert.Contains("model.safetensors", error.Message);
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);
}
