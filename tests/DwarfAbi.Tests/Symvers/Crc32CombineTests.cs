using System.IO.Hashing;
using DwarfAbi.Symvers;
using Xunit;

namespace DwarfAbi.Tests.Symvers;

/// <summary>Combined CRCs equal zlib's CRC-32 (System.IO.Hashing) of the concatenated bytes.</summary>
public sealed class Crc32CombineTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 17)]
    [InlineData(5, 0)]
    [InlineData(1, 1)]
    [InlineData(100, 3)]
    [InlineData(3, 4096)]
    [InlineData(12345, 70001)]
    public void Combine_equals_crc_of_concatenation(int lengthA, int lengthB)
    {
        var random = new Random(lengthA * 31 + lengthB);
        var a = new byte[lengthA];
        var b = new byte[lengthB];
        random.NextBytes(a);
        random.NextBytes(b);
        uint whole = Crc32.HashToUInt32([.. a, .. b]);
        Assert.Equal(whole, Crc32Combine.Combine(Crc32.HashToUInt32(a), Crc32.HashToUInt32(b), lengthB));
    }
}
