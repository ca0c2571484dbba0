namespace Multiplex.Samples.WebApi;

/// <summary>A counter's name and value.</summary>
public sealed record CounterResponse(string Name, long Value);
