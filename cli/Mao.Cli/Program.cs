using Mao.Cli;

return await MaoRoot.Build().Parse(args).InvokeAsync();
