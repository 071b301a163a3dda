namespace DwarfAbi.Symvers;

/// <summary>
/// The 32-bit FNV-1a hash that the reference tool buckets symbol and type names by. Its
/// 4096-bucket order is the order of the <c>#SYMVER</c> lines, so it is part of the output format.
/// </summary>
internal static class NameHash
{
    public const int Buckets = 4096;

    public static uint Fnv1a(string name)
    {
        uint h = 2166136261;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            // The reference hashes a plain (signed) char, so bytes >= 0x80 are sign-extended.
            h ^= (uint)(sbyte)b;
            h *= 16777619;
        }
        return h;
    }

    public static int Bucket(string name) => (int)(Fnv1a(name) % Buckets);
}
