using Microsoft.AspNetCore.Builder;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// How the operator's web applications start: the content root is the binary's folder and appsettings are read once.
/// The defaults (content root the working directory, reload on change) watched the working directory's whole tree with
/// inotify: run from the repository, about 700 folders, and a wake-up in the process for every file written anywhere in it.
/// </summary>
public static class QuietWebApplication
{
    public const string NoReload = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplicationOptions Options(string[] args) => new() { Args = [NoReload, .. args], ContentRootPath = AppContext.BaseDirectory };
}
