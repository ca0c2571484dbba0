namespace Multiplex.Samples.WebApi;

/// <summary>A cached value and whether it came from the cache (<c>hit</c>) or was computed (<c>miss</c>).</summary>
public sealed record CachedResponse(string Id, string Value, string Cache);
