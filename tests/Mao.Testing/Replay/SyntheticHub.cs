namespace Mao.Testing.Replay;

/// <summary>
/// Builds large Docker Hub worlds for paging tests and the crawl benchmark: repository and tag objects follow the
/// recorded/documented shapes, platforms come from the recorded registry indexes (rotating through them).
/// The names and dates are generated; say so when reporting on them.
/// </summary>
public static class SyntheticHub
{
    /// <param name="registryEvery">Every n-th tag lists no images on the Hub and must be read from the registry (0: never).</param>
    public static HubWorld Build(string @namespace, int repositories, int tagsPerRepository, int registryEvery = 0)
    {
        var world = new HubWorld();
        var indexes = RecordedIndexes.All;
        var start = new DateTimeOffset(2020, 2, 15, 0, 0, 0, TimeSpan.Zero);
        var n = 0;
        for (var r = 0; r < repositories; r++)
        {
            var repo = world.AddRepository(@namespace, $"repo{r:D5}", start.AddHours(r));
            for (var t = 0; t < tagsPerRepository; t++, n++)
            {
                var document = indexes[n % indexes.Count];
                var tag = new HubTagModel(t == 0 ? "latest" : $"1.{t}") { LastPushed = start.AddMinutes(n), FullSize = 1_000 + n };
                if (registryEvery > 0 && n % registryEvery == 0)
                {
                    tag.RegistryManifest = document.Bytes;
                    tag.RegistryMediaType = document.MediaType;
                    foreach (var (digest, blob) in document.Blobs)
                    {
                        tag.Blobs[digest] = blob;
                    }
                }
                else
                {
                    tag.Images = RecordedIndexes.AsHubImages(document, tag.LastPushed);
                    if (tag.Images.Count == 0)
                    {
                        // Single-image documents have no platform list: use the registry path for them.
                        tag.Images = null;
                        tag.RegistryManifest = document.Bytes;
                        tag.RegistryMediaType = document.MediaType;
                        foreach (var (digest, blob) in document.Blobs)
                        {
                            tag.Blobs[digest] = blob;
                        }
                    }
                }
                repo.Tags.Add(tag);
            }
        }
        return world;
    }
}
