using System.Diagnostics;

namespace DwarfAbi.Symvers;

/// <summary>
/// Wall-clock times of a run's phases, written to the log when <c>DWARFABI_TIMINGS</c> is set in
/// the environment: the way to see where a big object's time goes.
/// </summary>
internal sealed class PhaseTimer(SymversLog log)
{
    private readonly bool _enabled = Environment.GetEnvironmentVariable("DWARFABI_TIMINGS") is { Length: > 0 };
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    public void Lap(string phase)
    {
        if (!_enabled)
            return;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        log.Write($"timing: {phase}: {_watch.Elapsed.TotalMilliseconds:F0} ms, CPU {(cpu - _cpu).TotalMilliseconds:F0} ms (GC heap {GC.GetTotalMemory(false) >> 20} MiB, gen2 {GC.CollectionCount(2)}, GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms)\n");
        _cpu = cpu;
        _watch.Restart();
    }
}
