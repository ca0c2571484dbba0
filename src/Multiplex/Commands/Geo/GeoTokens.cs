using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Geo;

/// <summary>Pre-encoded geo command names and keywords.</summary>
internal static class GeoTokens
{
    public static readonly CommandSpec GeoAdd = CommandSpec.Write("GEOADD", KeySpec.First);
    public static readonly CommandSpec GeoDist = CommandSpec.Read("GEODIST", KeySpec.First);
    public static readonly CommandSpec GeoPos = CommandSpec.Read("GEOPOS", KeySpec.First);
    public static readonly CommandSpec GeoHash = CommandSpec.Read("GEOHASH", KeySpec.First);
    public static readonly CommandSpec GeoSearch = CommandSpec.Read("GEOSEARCH", KeySpec.First);
    public static readonly CommandSpec GeoSearchStore = CommandSpec.Write("GEOSEARCHSTORE", KeySpec.Range(1, 2));

    // Keywords
    public static readonly CommandToken Nx = CommandToken.Get("NX");
    public static readonly CommandToken Xx = CommandToken.Get("XX");
    public static readonly CommandToken Ch = CommandToken.Get("CH");
    public static readonly CommandToken FromMember = CommandToken.Get("FROMMEMBER");
    public static readonly CommandToken FromLonLat = CommandToken.Get("FROMLONLAT");
    public static readonly CommandToken ByRadius = CommandToken.Get("BYRADIUS");
    public static readonly CommandToken ByBox = CommandToken.Get("BYBOX");
    public static readonly CommandToken Asc = CommandToken.Get("ASC");
    public static readonly CommandToken Desc = CommandToken.Get("DESC");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken Any = CommandToken.Get("ANY");
    public static readonly CommandToken WithCoord = CommandToken.Get("WITHCOORD");
    public static readonly CommandToken WithDist = CommandToken.Get("WITHDIST");
    public static readonly CommandToken WithHash = CommandToken.Get("WITHHASH");
    public static readonly CommandToken StoreDist = CommandToken.Get("STOREDIST");

    // Units
    public static readonly CommandToken Meters = CommandToken.Get("m");
    public static readonly CommandToken Kilometers = CommandToken.Get("km");
    public static readonly CommandToken Miles = CommandToken.Get("mi");
    public static readonly CommandToken Feet = CommandToken.Get("ft");

    public static CommandToken For(GeoUnit unit) => unit switch
    {
        GeoUnit.Meters => Meters,
        GeoUnit.Kilometers => Kilometers,
        GeoUnit.Miles => Miles,
        GeoUnit.Feet => Feet,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit."),
    };
}
