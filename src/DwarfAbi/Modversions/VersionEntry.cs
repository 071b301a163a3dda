namespace DwarfAbi.Modversions;

/// <summary>
/// One imported symbol's expected CRC. The legacy table stores an <c>unsigned long</c>, so on
/// 64-bit targets the value may carry upper bits that a 32-bit kernel CRC can never match.
/// </summary>
public readonly record struct VersionEntry(ulong Crc, string Name);
