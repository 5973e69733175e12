using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Local;

namespace KubeTune.Operator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [LocalCommand.Name, ..]) return await LocalCommand.RunAsync(args[1..], AddControllers).ConfigureAwait(false);
        var app = await OperatorHost.BuildAsync(args, AddControllers).ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    // One registration for both the cluster host and local mode, so the two cannot drift apart.
    private static void AddControllers(WebApplicationBuilder builder) => builder.Services.AddFineTuneJobController();
}
