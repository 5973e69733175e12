using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using KubeTune.Operator.Runtime.LeaderElection;

namespace KubeTune.Operator.Hosting;

/// <summary>The operator's --help, listing every setting of <see cref="OperatorOptions"/> with its default, and its taken-port message.</summary>
public static class OperatorHelp
{
    public static string Text { get; } = Render();

    /// <summary>Names the setting whose port is taken (Kestrel's message carries the address it tried).</summary>
    public static PortInUseException PortInUse(OperatorOptions options, Exception failure)
    {
        var progress = failure.Message.Contains($":{options.ProgressPort.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
        var (port, setting) = progress ? (options.ProgressPort, nameof(OperatorOptions.ProgressPort)) : (options.MetricsPort, nameof(OperatorOptions.MetricsPort));
        return new PortInUseException(port, SettingHint(setting), failure);
    }

    /// <summary>Binds each configured port (0 needs no check) for a moment, as Kestrel will (IPv6 any, dual mode); a taken one throws naming its setting.</summary>
    public static void EnsurePortsFree(OperatorOptions options)
    {
        foreach (var (port, setting) in new[] { (options.MetricsPort, nameof(OperatorOptions.MetricsPort)), (options.ProgressPort, nameof(OperatorOptions.ProgressPort)) })
        {
            if (port == 0)
            {
                continue;
            }

            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            }
            catch (SocketException failure) when (failure.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new PortInUseException(port, SettingHint(setting), failure);
            }
        }
    }

    private static string SettingHint(string setting) => $"--{setting} N or {OperatorHost.EnvironmentPrefix}{setting.ToUpperInvariant()}";

    private static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("usage: KubeTune.Operator [--kubeconfig FILE] [--SETTING VALUE ...]");
        text.AppendLine();
        text.AppendLine("The KubeTune operator: reconciles FineTuneJobs into trainer Jobs, serves /healthz, /readyz and /metrics on");
        text.AppendLine("MetricsPort and the trainers' progress reports on ProgressPort. Without --kubeconfig it uses the in-cluster");
        text.AppendLine("service account, else the default kubeconfig.");
        text.AppendLine();
        text.AppendLine($"settings (appsettings.json, then {OperatorHost.EnvironmentPrefix}SETTING environment variables, e.g. {OperatorHost.EnvironmentPrefix}LEADERELECTION__ENABLED,");
        text.AppendLine("then --SETTING VALUE or --Section:Setting VALUE on the command line), with their defaults:");
        foreach (var (name, value) in Settings(new OperatorOptions(), ""))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  --{name,-34} {value}");
        }

        text.AppendLine("  -h, --help                           print this help and exit");
        return text.ToString().TrimEnd();
    }

    private static IEnumerable<(string Name, string Value)> Settings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T options, string prefix)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite))
        {
            var value = property.GetValue(options);
            // Sections are listed by their own type: the native operator keeps the properties of named types only.
            if (value is LeaderElectionOptions leaderElection)
            {
                foreach (var nested in Settings(leaderElection, prefix + property.Name + ":"))
                {
                    yield return nested;
                }
            }
            else if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                throw new InvalidOperationException($"--help does not know the settings section {prefix}{property.Name} ({property.PropertyType.Name}); list it in OperatorHelp.Settings");
            }
            else
            {
                yield return (prefix + property.Name, value switch
                {
                    string { Length: 0 } => "(empty)",
                    bool flag => flag ? "true" : "false",
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value?.ToString() ?? "(none)",
                });
            }
        }
    }
}
