using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Mao.Functions;

/// <summary>
/// Worker middleware in front of every HTTP trigger but health and the dashboard's files: the site host's
/// <see cref="DependencyCheck.GuardAsync"/>, so while storage or etcd is down a route answers 503 naming it with Retry-After
/// at once (the shared text, <see cref="DependencyCheck.Unavailable"/>), instead of a 500 with an empty body after the
/// SDKs' retries. It runs inside the ASP.NET Core integration's proxy, which writes the invocation result it sets.
/// </summary>
public sealed class DependencyGate(DependencyCheck dependencies) : IFunctionsWorkerMiddleware
{
    /// <summary>Triggers that need neither dependency (the dashboard's embedded files) or report them (health).</summary>
    private static readonly HashSet<string> Ungated = [SiteReadFunctions.Health, InsightFunctions.Dashboard];

    /// <summary>Whether an invocation goes through the gate: an HTTP trigger that needs storage or etcd.</summary>
    public static bool Applies(FunctionContext context) =>
        Applies(context.FunctionDefinition.Name, context.FunctionDefinition.InputBindings.Values.Select(b => b.Type));

    /// <param name="function">The function's name.</param>
    /// <param name="bindingTypes">Its input bindings' types, as functions.metadata lists them.</param>
    public static bool Applies(string function, IEnumerable<string> bindingTypes) =>
        !Ungated.Contains(function) && bindingTypes.Any(t => string.Equals(t, "httpTrigger", StringComparison.OrdinalIgnoreCase));

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        if (await RunAsync(http, () => next(context)) is { } refusal)
        {
            context.GetInvocationResult().Value = refusal;
        }
    }

    /// <summary>Runs <paramref name="invoke"/> (the trigger) behind the check; the 503 to answer instead, or null when it ran.</summary>
    public async Task<IActionResult?> RunAsync(HttpContext http, Func<Task> invoke)
    {
        var refusal = await dependencies.GuardAsync(invoke, () => !http.Response.HasStarted, http.RequestAborted);
        return refusal?.ToActionResult(http.Request);
    }
}
