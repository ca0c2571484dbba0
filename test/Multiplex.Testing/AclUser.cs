namespace Multiplex.Testing;

/// <summary>An ACL user a fixture server creates at start (<c>user Name on &gt;Password Rules</c>).</summary>
/// <param name="Name">The user name.</param>
/// <param name="Password">The user's password.</param>
/// <param name="Rules">ACL rules, space separated; defaults to every key, channel and command.</param>
public sealed record AclUser(string Name, string Password, string Rules = "~* &* +@all");
