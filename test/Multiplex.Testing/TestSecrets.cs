namespace Multiplex.Testing;

/// <summary>
/// The one password every fixture sets. It is a canary: a test searches client output (logs,
/// exception messages, <c>ToString()</c>) for it to prove that secrets are never written anywhere.
/// </summary>
public static class TestSecrets
{
    /// <summary>The password used for <c>requirepass</c>, ACL users and anything else that needs one.</summary>
    public const string Password = "Canary-9c2f7d1e-NeverLog";
}
