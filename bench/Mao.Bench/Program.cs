using System.Reflection;
using System.Runtime.InteropServices;
using Mao.Bench;

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine(args.Length == 0 ? "usage: Mao.Bench <benchmark> [args]" : $"unknown benchmark '{args[0]}'");
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Name,-12} {benchmark.Description}");
    }
    return args.Length == 0 ? 0 : 2;
}

Console.WriteLine($"# {chosen.Name} on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await chosen.RunAsync(args[1..], cancel.Token);
