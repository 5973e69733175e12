using System.Reflection;

namespace KubeTune.Trainer.Tests.Data;

/// <summary>The repository's root directory (it holds Operator.sln), found from the test binaries or the build metadata.</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Operator.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName
                ?? typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(attribute => attribute.Key == "RepositoryRoot").Value!;
        }
    }
}
