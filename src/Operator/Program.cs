using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;

namespace KubeTune.Operator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var app = await OperatorHost.BuildAsync(args, AddControllers).ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>The controllers the operator runs; src/Local runs the same ones in process, so the two cannot drift apart.</summary>
    public static void AddControllers(WebApplicationBuilder builder) => builder.Services.AddFineTuneJobController();
}
