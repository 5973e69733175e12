namespace KubeTune.Local;

/// <summary><c>dotnet run --project src/Local -- FILE.yaml [-o yaml|json] [--metrics-port 9090] [--work-dir DIR]</c>.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => LocalCommand.RunAsync(args, Operator.Program.AddControllers);
}
