namespace Multiplex.Tests.Commands;

/// <summary>The text replies of INFO and CLIENT LIST, parsed without a server.</summary>
public sealed class ServerReplyTextTests
{
    [Test]
    public void Info_text_is_split_into_sections_and_fields()
    {
        var info = ServerInfo.Parse("# Server\r\nredis_version:7.0.15\r\nrun_id:abc:def\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0\r\n");

        Assert.That(info.Sections.Keys, Is.EqualTo(new[] { "Server", "Keyspace" }));
        Assert.That(info["server"]["redis_version"], Is.EqualTo("7.0.15"));
        Assert.That(info["SERVER"]["run_id"], Is.EqualTo("abc:def"));
        Assert.That(info.GetValue("db0"), Is.EqualTo("keys=1,expires=0"));
        Assert.That(info.GetValue("missing"), Is.Null);
        Assert.That(info["missing"], Is.Empty);
    }

    [Test]
    public void Info_fields_before_any_header_go_in_a_default_section()
    {
        var info = ServerInfo.Parse("loading:0\nuptime_in_seconds:5\n");
        Assert.That(info["default"]["uptime_in_seconds"], Is.EqualTo("5"));
    }

    [Test]
    public void Client_list_lines_become_entries_with_typed_fields()
    {
        const string line = "id=7 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=app age=12 idle=3 flags=N db=2 cmd=client|list user=default lib-name=multiplex resp=3";

        var entry = ClientInfo.Parse(line);

        Assert.That(entry.Id, Is.EqualTo(7));
        Assert.That(entry.Address, Is.EqualTo("127.0.0.1:5000"));
        Assert.That(entry.LocalAddress, Is.EqualTo("127.0.0.1:6379"));
        Assert.That(entry.Name, Is.EqualTo("app"));
        Assert.That(entry.Age, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(entry.Idle, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(entry.Flags, Is.EqualTo("N"));
        Assert.That(entry.Database, Is.EqualTo(2));
        Assert.That(entry.LastCommand, Is.EqualTo("client|list"));
        Assert.That(entry.User, Is.EqualTo("default"));
        Assert.That(entry.LibraryName, Is.EqualTo("multiplex"));
        Assert.That(entry.Protocol, Is.EqualTo(3));
        Assert.That(entry.Fields["fd"], Is.EqualTo("8"));
    }

    [Test]
    public void Empty_client_fields_and_unknown_numbers_read_as_defaults()
    {
        var entry = ClientInfo.Parse("id=1 name= lib-name= age=x");

        Assert.That(entry.Name, Is.Empty);
        Assert.That(entry.LibraryName, Is.Null);
        Assert.That(entry.Age, Is.EqualTo(TimeSpan.Zero));
        Assert.That(entry.LocalAddress, Is.Null);
    }

    [Test]
    public void Lua_script_digest_is_lower_case_hex_sha1()
    {
        Assert.That(new LuaScript("return 1").Sha1, Is.EqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
        Assert.That(new LuaScript("return 1").ToString(), Does.Contain("e0e1f9fa"));
    }
}
