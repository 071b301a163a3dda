using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DwarfAbi.IO;

/// <summary>Memory whose address never moves: a file mapping or an array on the pinned heap.</summary>
internal unsafe interface IPinnedMemory
{
    byte* Pointer { get; }
}

/// <summary>
/// A view of pinned bytes as a pointer and a length, so that the hot paths of the reader get a
/// span with no indirection. The owner is held so the memory lives as long as the view.
/// </summary>
public readonly unsafe struct MemoryBlock
{
    private readonly object? _owner;
    private readonly byte* _pointer;

    private MemoryBlock(object? owner, byte* pointer, int length)
    {
        _owner = owner;
        _pointer = pointer;
        Length = length;
    }

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_pointer, Length);
    }

    /// <summary>Views memory handed out by the ELF layer; other memory is copied to the pinned heap once.</summary>
    public static MemoryBlock From(ReadOnlyMemory<byte> memory)
    {
        if (memory.IsEmpty)
            return default;
        if (MemoryMarshal.TryGetMemoryManager(memory, out MemoryManager<byte>? manager, out int start, out int length) && manager is IPinnedMemory pinned)
            return new MemoryBlock(manager, pinned.Pointer + start, length);
        var copy = PinnedArray.Allocate(memory.Length);
        memory.Span.CopyTo(copy.Array);
        return new MemoryBlock(copy, copy.Pointer, memory.Length);
    }
}

/// <summary>An array on the pinned object heap, handed out as <see cref="Memory{T}"/>.</summary>
internal sealed unsafe class PinnedArray : MemoryManager<byte>, IPinnedMemory
{
    private PinnedArray(byte[] array) => Array = array;

    public byte[] Array { get; }

    public byte* Pointer => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Array));

    public static PinnedArray Allocate(int length) => new(GC.AllocateUninitializedArray<byte>(length, pinned: true));

    public override Span<byte> GetSpan() => Array;

    public override MemoryHandle Pin(int elementIndex = 0) => new(Pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
