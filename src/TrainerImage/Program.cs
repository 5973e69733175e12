namespace KubeTune.Trainer;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("KubeTune trainer");
        return args.Length >= 0 ? 0 : 1;
    }
}
