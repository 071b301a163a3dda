using DwarfAbi.Dump;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Elf;

/// <summary>
/// Thousands of truncated and byte-flipped copies of real objects: each read ends in a result or
/// a <see cref="DwarfAbiException"/>, never another exception, and within a time bound.
/// </summary>
public class CorruptionTests
{
    private const int MutationsPerObject = 400;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Objects() =>
    [
        "x86_64-gcc-dwarf5-O2/types.o",
        "x86_64-gcc-dwarf4-types-O2/types.o",
        "x86_64-gcc-dwarf5-O2-gz-zlib/inline.o",
        "x86_64-gcc-dwarf5-O2-gz-zstd/inline.o",
        "x86_64-clang-dwarf5-O2/inline.o",
        "x86_64-gcc-dwarf5-O2-split/types.dwo",
        "arm-gcc-dwarf4-O2/types.o",
        "riscv64-gcc-dwarf5-O2/inline.o",
        "s390x-gcc-dwarf5-O2/types.o",
        "x86_64-rustc-dwarf4-O2/rustlib.o",
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public async Task MutatedObjectsFailCleanly(string fixture)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(Repo.Fixtures, fixture));
        var random = new Random((int)System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(fixture)));
        string path = Path.Combine(Path.GetTempPath(), $"dwarfabi-corrupt-{Guid.NewGuid():N}.o");
        int clean = 0, errors = 0;
        try
        {
            for (int i = 0; i < MutationsPerObject; i++)
            {
                byte[] mutated = Mutate(original, random, out string how);
                File.WriteAllBytes(path, mutated);
                var outcome = Task.Run(() => ReadEverything(path));
                var finished = await Task.WhenAny(outcome, Task.Delay(Bound));
                Assert.True(finished == outcome, $"{fixture} with {how}: no result after {Bound.TotalSeconds} s");
                var (unexpected, succeeded) = await outcome;
                if (unexpected is not null)
                    Assert.Fail($"{fixture} with {how}: {unexpected.GetType().Name}: {unexpected.Message}\n{unexpected.StackTrace}");
                if (succeeded)
                    clean++;
                else
                    errors++;
            }
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Equal(MutationsPerObject, clean + errors);
        Assert.True(errors > 0, "no mutation was detected as corrupt: the mutations are not reaching the reader");
    }

    /// <summary>Reads all that the reader offers: success, a clean error, or any other exception.</summary>
    private static (Exception? Unexpected, bool Succeeded) ReadEverything(string path)
    {
        try
        {
            Walk(path);
            return (null, true);
        }
        catch (DwarfAbiException)
        {
            return (null, false);
        }
        catch (Exception e)
        {
            return (e, false);
        }
    }

    private static void Walk(string path)
    {
        using var elf = ElfFile.Open(path);
        _ = elf.Symbols;
        var dwarf = DwarfData.FromElf(elf);
        new DwarfDumper(dwarf, TextWriter.Null, new DumpOptions()).Dump();
        DwarfWalk.Run(dwarf, 1);
        foreach (var unit in dwarf.Units)
        {
            foreach (var child in unit.Root.Children())
                _ = child.Name;
        }
    }

    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        switch (random.Next(3))
        {
            case 0:
                {
                    int length = random.Next(original.Length);
                    how = $"truncation to {length} bytes";
                    return original[..length];
                }
            case 1:
                {
                    var copy = (byte[])original.Clone();
                    int flips = 1 + random.Next(8);
                    var at = new List<int>();
                    for (int k = 0; k < flips; k++)
                    {
                        int p = random.Next(copy.Length);
                        copy[p] ^= (byte)(1 << random.Next(8));
                        at.Add(p);
                    }
                    how = $"bit flips at {string.Join(",", at.Select(p => $"0x{p:x}"))}";
                    return copy;
                }
            default:
                {
                    var copy = (byte[])original.Clone();
                    int p = random.Next(copy.Length - 4);
                    uint value = random.Next(2) == 0 ? 0xffffffff : (uint)random.Next();
                    BitConverter.GetBytes(value).CopyTo(copy, p);
                    how = $"word 0x{value:x} at 0x{p:x}";
                    return copy;
                }
        }
    }
}
