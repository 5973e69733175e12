using System.Reflection;
using System.Runtime.CompilerServices;

namespace KubeTune.Testing;

/// <summary>
/// The repository the tests belong to (the folder holding Operator.sln): above the test binaries, else above this
/// source file, else where the build ran (the RepositoryRoot assembly metadata), since builds may put binaries
/// outside the repository (an --artifacts-path). Linked into every test project by TestSupport.props.
/// </summary>
internal static class RepositoryRoot
{
    public const string SolutionFile = "Operator.sln";

    private static readonly Lazy<string> Found = new(Find);

    public static string Path => Found.Value;

    /// <summary>../shared/fixtures/hf-reference: tiny Hugging Face models and transformers' outputs, kept beside the repository.</summary>
    public static string HfReferenceFixtures => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared", "fixtures", "hf-reference"));

    private static string Find()
    {
        string?[] starts = [AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(SourceFile()), BuildMetadata()];
        foreach (var start in starts.OfType<string>().Where(start => start.Length > 0))
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"no {SolutionFile} above any of: {string.Join(", ", starts)}");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;

    private static string? BuildMetadata() =>
        typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
}
