namespace DwarfAbi.Cli;

/// <summary>The one place where errors become messages and exit codes: no stack trace reaches a user.</summary>
public static class CommandRunner
{
    public static int Run(Func<int> command, TextWriter stderr)
    {
        try
        {
            return command();
        }
        catch (DwarfAbiException e)
        {
            stderr.WriteLine($"dwarfabi: error: {e}");
            return ExitCodes.Error;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"dwarfabi: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"dwarfabi: error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"dwarfabi: error: {e.Message}");
            return ExitCodes.Error;
        }
    }
}

/// <summary>A command line that cannot be understood; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
