using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DwarfAbi.IO;

/// <summary>
/// Unchecked reads of fixed-size integers in one byte order, as a type parameter: a loop generic
/// over it is compiled once per order, with no test of the order in each read. The caller has
/// checked the bounds.
/// </summary>
internal interface IByteOrder
{
    static abstract ushort U16(ref byte start, int at);
    static abstract uint U24(ref byte start, int at);
    static abstract uint U32(ref byte start, int at);
    static abstract ulong U64(ref byte start, int at);
}

/// <summary>The byte order of the machine.</summary>
internal struct NativeOrder : IByteOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort U16(ref byte start, int at) => Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U24(ref byte start, int at) => BitConverter.IsLittleEndian
        ? (uint)(Unsafe.Add(ref start, at) | Unsafe.Add(ref start, at + 1) << 8 | Unsafe.Add(ref start, at + 2) << 16)
        : (uint)(Unsafe.Add(ref start, at) << 16 | Unsafe.Add(ref start, at + 1) << 8 | Unsafe.Add(ref start, at + 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ref byte start, int at) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(ref byte start, int at) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, at));
}

/// <summary>The other byte order.</summary>
internal struct ReversedOrder : IByteOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort U16(ref byte start, int at) => BinaryPrimitives.ReverseEndianness(NativeOrder.U16(ref start, at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U24(ref byte start, int at) => BinaryPrimitives.ReverseEndianness(NativeOrder.U24(ref start, at)) >> 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ref byte start, int at) => BinaryPrimitives.ReverseEndianness(NativeOrder.U32(ref start, at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(ref byte start, int at) => BinaryPrimitives.ReverseEndianness(NativeOrder.U64(ref start, at));
}
