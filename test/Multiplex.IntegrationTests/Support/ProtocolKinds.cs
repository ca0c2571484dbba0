namespace Multiplex.IntegrationTests.Support;

/// <summary>The fixture sources of the typed-command tests: the same server over RESP3 and over RESP2.</summary>
public static class ProtocolKinds
{
    public static readonly ServerKind[] Both = [ServerKind.RedisResp3, ServerKind.RedisResp2];
}
