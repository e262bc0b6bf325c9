using Mao.Federation.Configuration;
using Mao.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host runs the same orchestrator and activities as the self-hosted site host; the trigger
// classes in this folder are thin hand-written wrappers (the Durable source generator is not used).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// After the ASP.NET Core integration's proxy, so the 503 it sets as the invocation result is written like a trigger's.
builder.UseWhen<DependencyGate>(DependencyGate.Applies);
builder.Services.AddMaoFunctions(FederationSettings.FromConfiguration(builder.Configuration), builder.Configuration);
await builder.Build().RunAsync();
