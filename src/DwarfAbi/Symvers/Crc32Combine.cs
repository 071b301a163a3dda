namespace DwarfAbi.Symvers;

/// <summary>
/// The CRC-32 (zlib's, reflected polynomial 0xEDB88320) of a concatenation A‖B from the CRCs of
/// A and B and the length of B, without reading either. Arithmetic is in GF(2)[x] modulo the
/// polynomial, in the reflected bit order, where bit 31 stands for x⁰: appending n zero bytes to
/// A multiplies its (pre- and post-inverted) CRC by x^(8n), and the CRC of B is added on top.
/// </summary>
internal static class Crc32Combine
{
    private const uint Polynomial = 0xEDB88320;
    private const uint One = 1u << 31;

    // PowersOfX[k] = x^(2^k) mod P.
    private static readonly uint[] PowersOfX = BuildPowers();

    public static uint Combine(uint crcA, uint crcB, long lengthB) => Multiply(XToThe8N((ulong)lengthB), crcA) ^ crcB;

    /// <summary>a·b mod P.</summary>
    private static uint Multiply(uint a, uint b)
    {
        uint product = 0;
        for (uint bit = One; bit != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
                product ^= b;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    /// <summary>x^(8n) mod P, by squaring: bit k of n contributes x^(8·2^k) = x^(2^(k+3)).</summary>
    private static uint XToThe8N(ulong n)
    {
        uint result = One;
        for (int k = 3; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
                result = Multiply(PowersOfX[k & 63], result);
        }
        return result;
    }

    private static uint[] BuildPowers()
    {
        var powers = new uint[64];
        powers[0] = One >> 1; // x¹
        for (int k = 1; k < powers.Length; k++)
            powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        return powers;
    }
}
