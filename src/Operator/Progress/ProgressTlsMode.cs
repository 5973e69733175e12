namespace KubeTune.Operator.Progress;

/// <summary>How the progress endpoint gets its certificate (configuration Progress:TlsMode).</summary>
public enum ProgressTlsMode
{
    /// <summary>The default: a serving certificate the operator issues from its own CA, kept in a Secret.</summary>
    SelfIssued,

    /// <summary>A mounted certificate (Progress:CertificatePath, e.g. from cert-manager), re-read when its file changes.</summary>
    Files,

    /// <summary>Plain HTTP: bearer tokens cross the network unencrypted; only when chosen explicitly (local mode, tests).</summary>
    Disabled,
}
