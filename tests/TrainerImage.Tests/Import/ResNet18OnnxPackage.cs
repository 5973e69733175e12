namespace KubeTune.Trainer.Tests.Import;

/// <summary>Where restore put the ONNX files of the PackageDownload Microsoft.ML.DnnImageFeaturizer.ResNet18 (see the csproj).</summary>
public static class ResNet18OnnxPackage
{
    public static string Directory
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var directory = Path.Combine(packages, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels");
            return System.IO.Directory.Exists(directory)
                ? directory
                : throw new DirectoryNotFoundException($"{directory} is missing: run 'dotnet restore tests/TrainerImage.Tests' (it downloads the package)");
        }
    }

    public static string Model => Path.Combine(Directory, "ResNet18Onnx", "ResNet18.onnx");

    public static string Preprocess => Path.Combine(Directory, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
}
