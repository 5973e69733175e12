using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Local;

namespace KubeTune.Operator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [LocalCommand.Name, ..]) return await LocalCommand.RunAsync(args[1..], builder => builder.Services.AddFineTuneJobController()).ConfigureAwait(false);
        // The reconciler registers here with one line: configure: builder => builder.Services.AddReconciler<TReconciler>().
        var app = await OperatorHost.BuildAsync(args, builder => builder.Services.AddFineTuneJobController()).ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
