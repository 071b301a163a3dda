using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace DwarfAbi.IO;

/// <summary>
/// A read-only memory mapping of a whole file, handed out as <see cref="ReadOnlyMemory{T}"/>
/// so that sections are slices of the mapping and never copies.
/// </summary>
public sealed unsafe class MappedFile : MemoryManager<byte>, IPinnedMemory
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private MappedFile(MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer, int length)
    {
        _map = map;
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    public static MappedFile Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DwarfAbiException($"cannot open: {e.Message}", file: path);
        }

        using (stream)
        {
            long length = stream.Length;
            if (length == 0)
                return new MappedFile(null, null, null, 0);
            if (length > int.MaxValue)
                throw new DwarfAbiException($"file of {length} bytes is larger than 2 GiB", file: path);
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            p += view.PointerOffset;
            return new MappedFile(map, view, p, (int)length);
        }
    }

    public int Length => _length;

    public byte* Pointer => _pointer;

    public ReadOnlySpan<byte> Span => new(_pointer, _length);

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }
}
