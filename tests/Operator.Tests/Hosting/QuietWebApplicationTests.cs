using KubeTune.Operator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace KubeTune.Operator.Tests.Hosting;

public sealed class QuietWebApplicationTests
{
    [Fact]
    public void CreateBuilder_AnyWorkingDirectory_AppsettingsFromTheBinaryFolderReadOnce()
    {
        var builder = OperatorHost.CreateBuilder(["--Workers", "3"]);

        // Reload on change watched the content root's whole tree with inotify (the repository, when run from there).
        var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.ReloadOnChange, file.Path));
        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(builder.Environment.ContentRootPath));
        Assert.Equal(3, OperatorServiceCollectionExtensions.BindOptions(builder.Configuration).Workers);
    }
}
