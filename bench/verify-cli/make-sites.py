#!/usr/bin/env python3
"""Writes the `mao verify` start-up benchmark's input: N records x S sites in the prototype's folder layout
(one sub-folder per site with meta.json and data.csv), as bench/Mao.Bench/Verify/SyntheticSite.cs shapes it:
the same truth for every site, +-1 % noise on performance metrics, ~1 % of records missing per site."""
import json, os, random, sys

folder, records, sites = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
meta = [{"prefix": "data", "index": "artifact", "metrics": ["pulls", "latency", "size"], "props": ["publisher", "arch"]}]
for s in range(sites):
    site = os.path.join(folder, f"node{s + 1}")
    os.makedirs(site, exist_ok=True)
    with open(os.path.join(site, "meta.json"), "w") as f:
        json.dump(meta, f)
    rng = random.Random(s)
    with open(os.path.join(site, "data.csv"), "w") as f:
        f.write("artifact,pulls,latency,size,publisher,arch\n")
        for i in range(records):
            if rng.random() < 0.01:
                continue
            truth = random.Random(i)
            jitter = 1 + rng.uniform(-0.01, 0.01)
            f.write(f"a{i},{truth.randrange(1, 10**6)},{truth.uniform(1, 500) * jitter:.3f},{truth.randrange(1, 10**9)},"
                    f"{truth.choice(['acme', 'bitnami', 'library'])},{truth.choice(['amd64', 'amd64;arm64'])}\n")
