using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>RUN --mount=type=cache|tmpfs,target=... : caches that never end up in a layer.</summary>
internal static class Mounts
{
    public static bool HasCacheOrTmpfs(Instruction run, string targetFragment)
    {
        foreach (var mount in run.FlagValues("mount"))
        {
            string type = "bind", target = "";
            foreach (var option in mount.Split(','))
            {
                var pair = option.Split('=', 2);
                var value = pair.Length > 1 ? pair[1].Trim() : "";
                switch (pair[0].Trim())
                {
                    case "type": type = value; break;
                    case "target" or "dst" or "destination": target = value; break;
                }
            }
            if (type is "cache" or "tmpfs" && target.Contains(targetFragment, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
