namespace DwarfAbi.Cli.Commands;

public static class DumpCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => 0;
}
