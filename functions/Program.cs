using Mao.Federation.Configuration;
using Mao.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host runs the same orchestrator and activities as the self-hosted site host; the trigger
// classes in this folder are thin hand-written wrappers (the Durable source generator is not used).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddMaoFunctions(FederationSettings.FromConfiguration(builder.Configuration), builder.Configuration);
await builder.Build().RunAsync();
