"""B7's baselines: networkx and igraph on the link graph's edge list.

Usage: b7.py EDGES PAIRS ROUNDS, where EDGES holds one `from|to` link a
line (as the sqlite3 shell prints them) and PAIRS a JSON list of person
pairs to find shortest paths between. Prints one JSON object: for each
library, the median seconds of each analysis (loading excluded) and what
it found, so the runner can check all three agree.
"""
import json
import statistics
import sys
import time

import igraph
import networkx


def timed(f, rounds):
    """Median seconds of `rounds` calls of f, and f's last answer."""
    times, answer = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        answer = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), answer


def with_networkx(edges, pairs, rounds):
    g = networkx.Graph()
    g.add_edges_from(e for e in edges if e[0] != e[1])

    def paths():
        out = []
        for a, b in pairs:
            try:
                out.append(networkx.shortest_path_length(g, a, b))
            except networkx.NetworkXNoPath:
                out.append(None)
        return out

    comp = timed(lambda: sum(1 for _ in networkx.connected_components(g)), rounds)
    path = timed(paths, rounds)
    # Exact betweenness once: tens of seconds at the city tier.
    btw = timed(lambda: max(networkx.betweenness_centrality(g, normalized=False).values()), 1)
    return comp, path, btw


def with_igraph(edges, pairs, rounds):
    g = igraph.Graph.TupleList((e for e in edges if e[0] != e[1]), directed=False)
    g.simplify()
    index = {v["name"]: v.index for v in g.vs}

    def paths():
        out = []
        for a, b in pairs:
            p = g.get_shortest_path(index[a], index[b])
            out.append(len(p) - 1 if p else None)
        return out

    comp = timed(lambda: len(g.connected_components()), rounds)
    path = timed(paths, rounds)
    btw = timed(lambda: max(g.betweenness(directed=False)), rounds)
    return comp, path, btw


def main():
    edges_file, pairs_json, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(edges_file, encoding="utf-8") as f:
        edges = [tuple(line.split("|")[:2]) for line in f.read().splitlines() if line]
    with open(pairs_json, encoding="utf-8") as f:
        pairs = json.load(f)
    out = {}
    for name, run in [("networkx", with_networkx), ("igraph", with_igraph)]:
        (ct, c), (pt, p), (bt, b) = run(edges, pairs, rounds)
        out[name] = {
            "components": [ct, c],
            "paths": [pt, p],
            "betweenness": [bt, b],
        }
    out["versions"] = {"networkx": networkx.__version__, "igraph": igraph.__version__}
    print(json.dumps(out))


main()
