using System.Buffers.Binary;
using System.Text;

namespace DwarfAbi.Btf;

/// <summary>
/// Rust names made into BTF identifiers with bpf-linker's scheme (aya-rs/bpf-linker,
/// <c>sanitize_type_name</c>; btf-spec §7.3), so that a BPF user finds a type under the same name
/// whichever tool wrote the BTF.
/// </summary>
public static class RustNames
{
    /// <summary>The smallest KSYM_NAME_LEN of all kernels: a longer name is cut and hashed.</summary>
    public const int MaxLength = 128;

    /// <summary>Bytes kept before the hash: room for <c>_</c> and 16 hex digits.</summary>
    private const int KeptBeforeHash = MaxLength - 16 - 1;

    /// <summary>
    /// The BTF name of a Rust name. Every byte of its UTF-8 form other than <c>[0-9A-Za-z_]</c>
    /// becomes <c>_</c>, the byte in upper-case hex without padding, and <c>_</c>
    /// (<c>Gen&lt;u64&gt;</c> → <c>Gen_3C_u64_3E_</c>). A result longer than 128 bytes keeps its
    /// first 111 bytes followed by <c>_</c> and the lower-case hex, without padding, of the
    /// SipHash-1-3 (keys 0, 0: Rust's <c>DefaultHasher</c>) of the whole escaped name.
    /// </summary>
    public static string Sanitize(string name)
    {
        var escaped = new StringBuilder(name.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            if (b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or (byte)'_')
                escaped.Append((char)b);
            else
                escaped.Append('_').Append(b.ToString("X")).Append('_');
        }
        if (escaped.Length <= MaxLength)
            return escaped.ToString();
        string full = escaped.ToString();
        ulong hash = SipHash13(Encoding.ASCII.GetBytes(full));
        return string.Concat(full.AsSpan(0, KeptBeforeHash), "_", hash.ToString("x"));
    }

    /// <summary>Whether the kernel takes the name as it is: <c>[A-Za-z_][A-Za-z0-9_]*</c>, at most 128 bytes (btf-spec §6, safest form).</summary>
    public static bool IsPortableIdentifier(string name)
    {
        if (name.Length is 0 or > MaxLength || char.IsAsciiDigit(name[0]))
            return false;
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                return false;
        }
        return true;
    }

    /// <summary>SipHash with one compression and three finalisation rounds, keys (0, 0).</summary>
    internal static ulong SipHash13(ReadOnlySpan<byte> data)
    {
        ulong v0 = 0x736f6d6570736575, v1 = 0x646f72616e646f6d, v2 = 0x6c7967656e657261, v3 = 0x7465646279746573;
        int whole = data.Length & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }
        ulong last = (ulong)(data.Length & 0xff) << 56;
        for (int i = whole; i < data.Length; i++)
            last |= (ulong)data[i] << (8 * (i - whole));
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        for (int i = 0; i < 3; i++)
            Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = ulong.RotateLeft(v1, 13) ^ v0;
        v0 = ulong.RotateLeft(v0, 32);
        v2 += v3;
        v3 = ulong.RotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = ulong.RotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = ulong.RotateLeft(v1, 17) ^ v2;
        v2 = ulong.RotateLeft(v2, 32);
    }
}
