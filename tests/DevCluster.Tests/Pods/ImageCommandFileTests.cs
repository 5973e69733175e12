using KubeTune.DevCluster.Pods;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class ImageCommandFileTests
{
    [Fact]
    public void Parse_YamlAndJsonEntries_CommandsAndWorkingDir()
    {
        var images = ImageCommandFile.Parse("""
            kubetune/trainer:dev:
              command: [dotnet, /opt/trainer/KubeTune.TrainerImage.dll]
              workingDir: /opt/trainer
            "busybox": {"command": ["/bin/sh", "-c"]}
            """, "images.yaml");

        Assert.Equal(["dotnet", "/opt/trainer/KubeTune.TrainerImage.dll"], images["kubetune/trainer:dev"].Command);
        Assert.Equal("/opt/trainer", images["kubetune/trainer:dev"].WorkingDir);
        Assert.Equal(["/bin/sh", "-c"], images["busybox"].Command);
        Assert.Null(images["busybox"].WorkingDir);
    }

    [Theory]
    [InlineData("busybox:\n  command: /bin/sh\n", "images.yaml:2: busybox.command: should be a list of strings")]
    [InlineData("busybox:\n  workingDir: /tmp\n", "images.yaml:2: busybox.command: required")]
    [InlineData("busybox:\n  command: [sh]\n  cwd: /tmp\n", "images.yaml:3: busybox: unknown field \"cwd\"")]
    [InlineData("- busybox\n", "images.yaml:1: the file should map each image")]
    public void Parse_Mistake_ErrorNamesFileLineAndField(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ImageCommandFile.Parse(text, "images.yaml"));

        Assert.StartsWith(expected, error.Message);
    }
}
