namespace Multiplex.IntegrationTests.Support;

public static class ProtocolKinds
{
    public static readonly ServerKind[] Both = [ServerKind.RedisResp3, ServerKind.RedisResp2];
}
