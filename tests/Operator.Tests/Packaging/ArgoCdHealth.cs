using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>Runs config/argocd/health.lua with the real Lua 5.1 and cjson (Debian's lua5.1, lua-cjson), as Argo CD runs it.</summary>
internal sealed record ArgoCdHealth(string Status, string Message)
{
    public const string ScriptPath = "config/argocd/health.lua";
    public const string LuaExecutable = "lua5.1";
    private const string DriverPath = "tests/Operator.Tests/Packaging/TestData/argocd-health-driver.lua";

    public static async Task<ArgoCdHealth> OfAsync(string objectJson)
    {
        var start = new ProcessStartInfo(LuaExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(DriverPath);
        start.ArgumentList.Add(ScriptPath);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{LuaExecutable} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{LuaExecutable} is not on PATH ({e.Message}); install Debian's lua5.1 and lua-cjson (.ci/run does)", e);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(objectJson);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            Assert.True(process.ExitCode == 0, $"lua5.1 {ScriptPath} failed with exit code {process.ExitCode}:\n{await stderr}{output}");
            using var health = JsonDocument.Parse(output);
            return new ArgoCdHealth(health.RootElement.GetProperty("status").GetString()!, health.RootElement.GetProperty("message").GetString()!);
        }
    }
}
