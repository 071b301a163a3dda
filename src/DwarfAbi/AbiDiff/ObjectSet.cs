using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.AbiDiff;

/// <summary>
/// A side made of many objects: a kernel build tree, a tree of modules (installed or from a debug
/// package) or any directory of objects. The linked objects (vmlinux, modules) stand for the build
/// when there are any; a build tree's <c>*.o</c> files are what they were linked from and would
/// give every export twice, so they count only in a directory without linked objects.
/// </summary>
public static class ObjectSet
{
    /// <summary>The objects of a directory, relative to it: the vmlinux first, then the rest by path.</summary>
    public static IReadOnlyList<string> Find(string directory)
    {
        var files = Files(directory);
        var vmlinux = files.Where(f => IsVmlinux(directory, f)).ToList();
        var modules = files.Where(f => f.EndsWith(".ko", StringComparison.Ordinal)).ToList();
        if (vmlinux.Count + modules.Count > 0)
            return [.. vmlinux, .. modules];
        return [.. files.Where(f => f.EndsWith(".o", StringComparison.Ordinal) && !f.EndsWith(".mod.o", StringComparison.Ordinal))];
    }

    /// <summary>The units of a directory's objects that export symbols, <paramref name="jobs"/> objects at a time.</summary>
    public static AbiSnapshot Load(string directory, bool stable, int jobs)
    {
        var objects = Find(directory);
        if (objects.Count == 0)
            throw new DwarfAbiException("no vmlinux, *.ko or *.o objects (and no *.symtypes files) in the directory", file: directory);
        // Biggest first, so that the vmlinux is not the one object still running at the end.
        var order = objects.Index()
            .OrderByDescending(o => new FileInfo(Path.Combine(directory, o.Item)).Length)
            .Select(o => o.Index).ToArray();
        var units = new AbiUnit?[objects.Count];
        var pool = new StringPool();
        Parallelism.For(order.Length, jobs, () => 0, (k, _, local) =>
        {
            int i = order[k];
            units[i] = ObjectUnitBuilder.TryBuild(Path.Combine(directory, objects[i]), objects[i], exports: null, stable, pool);
            return local;
        }, _ => { });
        var exporting = units.OfType<AbiUnit>().ToList();
        if (exporting.Count == 0)
            throw new DwarfAbiException($"none of the {objects.Count} objects in the directory exports symbols", file: directory);
        return new AbiSnapshot(exporting);
    }

    /// <summary>
    /// Every file below the directory, relative to it and sorted, each file once: debug packages
    /// link every object again (under .build-id/, and lib/modules/VERSION/vmlinux), so a link
    /// counts only when the file it names is not in the tree under its own name.
    /// </summary>
    private static List<string> Files(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        var files = System.IO.Directory.EnumerateFiles(directory, "*", options)
            .Select(f => (Path: Path.GetRelativePath(directory, f), Link: File.ResolveLinkTarget(f, returnFinalTarget: true)))
            .Where(f => f.Link is null || f.Link.Exists)
            .Select(f => (f.Path, IsLink: f.Link is not null, Target: f.Link?.FullName ?? Path.GetFullPath(Path.Combine(directory, f.Path))))
            .OrderBy(f => f.IsLink)
            .ThenBy(f => f.Path, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. files.Where(f => seen.Add(f.Target)).Select(f => f.Path).Order(StringComparer.Ordinal)];
    }

    /// <summary>A vmlinux by name (Debian's is vmlinux-VERSION) that is an object: build trees also have vmlinux-gdb.py.</summary>
    private static bool IsVmlinux(string directory, string path)
    {
        string name = Path.GetFileName(path);
        return (name == "vmlinux" || name.StartsWith("vmlinux-", StringComparison.Ordinal)) && ElfFile.IsElf(Path.Combine(directory, path));
    }
}
