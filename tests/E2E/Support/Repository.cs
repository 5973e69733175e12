using System.Runtime.CompilerServices;

namespace KubeTune.E2E.Tests.Support;

/// <summary>Paths in the repository the test runs from (found from this source file: binaries live under a separate artifacts folder).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/fixtures/hf-reference: tiny Hugging Face models every developer and CI run has beside the project.</summary>
    public static string SharedFixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "hf-reference"));

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Operator.sln above {sourceFile}");
    }
}
