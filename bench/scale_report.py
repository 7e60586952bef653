#!/usr/bin/env python3
"""One bench/scale.sh size folder -> a markdown table on stdout and summary.json beside.

    scale_report.py OUT/N
"""
import glob
import json
import os
import sys


def pct(vals, p):
    if not vals:
        return None
    v = sorted(vals)
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def time_v(path):
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            s = 0.0
            for x in line.rsplit(": ", 1)[1].split(":"):
                s = s * 60 + float(x)
            out["wall_s"] = s
        elif line.startswith("Maximum resident set size"):
            out["max_rss_mb"] = int(line.rsplit(": ", 1)[1]) / 1024
        elif line.startswith("User time"):
            out["user_s"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("System time"):
            out["sys_s"] = float(line.rsplit(": ", 1)[1])
    if "user_s" in out:
        out["cpu_s"] = out["user_s"] + out.get("sys_s", 0)
    return out


def read(path):
    try:
        return json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError):
        return None


def modes(path, key="lat_ns"):
    d = read(path)
    out = {}
    if not d:
        return out
    for m, v in d.get("modes", {}).items():
        lat = [x / 1e6 for x in v.get(key) or []]
        if lat:
            out[m] = {"p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99)}
    return out


def f(v, nd=1):
    return "–" if v is None else ("%.*f" % (nd, v))


def main():
    o = sys.argv[1]
    n = int(os.path.basename(os.path.abspath(o)))
    s = {"articles": n}
    for kind in ("year", "one"):
        t = time_v(os.path.join(o, "index-%s.time" % kind))
        c = time_v(os.path.join(o, "compact-%s.time" % kind))
        du = {}
        for w in ("before", "after"):
            try:
                du[w] = int(open(os.path.join(o, "du-%s.%s" % (kind, w))).read()) / 1e6
            except (OSError, ValueError):
                du[w] = None
        s[kind] = {"index": t, "index_rate": n / t["wall_s"] if t.get("wall_s") else None,
                   "index_cpu_rate": n / t["cpu_s"] if t.get("cpu_s") else None,
                   "compact": c, "mb_before": du["before"], "mb_after": du["after"],
                   "search_wall": modes(os.path.join(o, "search-%s.json" % kind)),
                   "search_cpu": modes(os.path.join(o, "search-%s.json" % kind), "cpu_ns"),
                   "refresh": read(os.path.join(o, "refresh-%s.json" % kind))}
    http = []
    if os.path.exists(os.path.join(o, "http.jsonl")):
        for line in open(os.path.join(o, "http.jsonl")):
            try:
                http.append(json.loads(line))
            except ValueError:
                pass
    s["http"] = http
    s["feed"] = read(os.path.join(o, "feed.json"))
    weight_file = os.path.join(o, "watch-weight")
    s["watch_weight"] = open(weight_file).read().strip() if os.path.exists(weight_file) else None
    luc = {}
    qf = sorted(glob.glob(os.path.join(o, "peers", "*", "lucene.q.*.json")))
    if qf:
        luc["search_wall"] = modes(qf[-1])
        d = os.path.dirname(qf[-1])
        luc["index"] = time_v(os.path.join(d, "lucene.index.time"))
        try:
            luc["mb"] = int(open(os.path.join(d, "lucene.du")).read().split()[0]) / 1e6
        except (OSError, ValueError, IndexError):
            luc["mb"] = None
    s["lucene"] = luc
    json.dump(s, open(os.path.join(o, "summary.json"), "w"), indent=1)

    print("### %d articles (synthetic)\n" % n)
    try:
        dbs = int(open(os.path.join(o, "databases-year")).read())
    except (OSError, ValueError):
        dbs = None
    print("| | collection by year%s | one database | Lucene 8 |" % (
        " (after --compact: %d databases, the archive and the live partitions)" % dbs if dbs else ""))
    print("| --- | --- | --- | --- |")
    y, one = s["year"], s["one"]
    li = luc.get("index", {})
    print("| bulk indexing, wall s (articles/s) | %s (%s) | %s (%s) | %s (%s) |" % (
        f(y["index"].get("wall_s"), 0), f(y["index_rate"], 0), f(one["index"].get("wall_s"), 0), f(one["index_rate"], 0),
        f(li.get("wall_s"), 0), f(n / li["wall_s"] if li.get("wall_s") else None, 0)))
    print("| bulk indexing, CPU s (articles per CPU s) | %s (%s) | %s (%s) | %s |" % (
        f(y["index"].get("cpu_s"), 0), f(y["index_cpu_rate"], 0), f(one["index"].get("cpu_s"), 0),
        f(one["index_cpu_rate"], 0), f(li.get("cpu_s"), 0)))
    print("| indexer peak RSS, MB | %s | %s | %s |" % (f(y["index"].get("max_rss_mb"), 0),
                                                      f(one["index"].get("max_rss_mb"), 0), f(li.get("max_rss_mb"), 0)))
    print("| size, MB: indexed → compacted (compaction wall s) | %s → %s (%s) | %s → %s (%s) | %s |" % (
        f(y["mb_before"], 0), f(y["mb_after"], 0), f(y["compact"].get("wall_s"), 0),
        f(one["mb_before"], 0), f(one["mb_after"], 0), f(one["compact"].get("wall_s"), 0), f(luc.get("mb"), 0)))
    ry, ro = y["refresh"] or {}, one["refresh"] or {}
    print("| DocTable build of what a commit changes, CPU ms | %s | %s | |" % (
        f(ry.get("changed_table_build_cpu_ms")), f(ro.get("changed_table_build_cpu_ms"))))
    print("| first search after a commit − steady (refresh), CPU ms | %s | %s | |" % (
        f(ry.get("refresh_cpu_ms_median")), f(ro.get("refresh_cpu_ms_median"))))
    names = {"plain": "plain", "snippet": "snippets", "facet": "facets", "all": "snippets+facets"}
    for m in ("plain", "snippet", "facet", "all"):
        a, b, l = y["search_wall"].get(m, {}), one["search_wall"].get(m, {}), luc.get("search_wall", {}).get(m, {})
        ac, bc = y["search_cpu"].get(m, {}), one["search_cpu"].get(m, {})
        print("| in process, %s: p50 / p95 / p99 wall ms (p50 CPU) | %s / %s / %s (%s) | %s / %s / %s (%s) | %s / %s / %s |" % (
            names[m], f(a.get("p50"), 2), f(a.get("p95"), 2), f(a.get("p99"), 2), f(ac.get("p50"), 2),
            f(b.get("p50"), 2), f(b.get("p95"), 2), f(b.get("p99"), 2), f(bc.get("p50"), 2),
            f(l.get("p50"), 2), f(l.get("p95"), 2), f(l.get("p99"), 2)))
    for h in http:
        w = h.get("wrk", {})
        print("| HTTP %s, %d conns, feed on: req/s, p50 / p99 ms | %s, %s / %s | | |" % (
            "snippets+facets" if h["mode"] == "full" else "snippets", h["conns"], f(w.get("rps"), 0),
            f(w.get("p50_us", 0) / 1e3 if w else None), f(w.get("p99_us", 0) / 1e3 if w else None)))
    if http:
        print("| server peak RSS (VmHWM), MB | %s | | |" % f(max(h.get("server_vmhwm_kb", 0) for h in http) / 1024, 0))
    fd = s["feed"]
    if fd:
        rate = (fd["docs_after"] - fd["docs_before"]) / fd["seconds"] if fd.get("seconds") else None
        print("| watch feed during the HTTP runs: articles indexed/s (offered %s in %s s) | %s | | |" % (
            fd.get("fed"), f(fd.get("seconds"), 0), f(rate, 0)))
        if fd.get("fed") is not None:
            print("| fed but not yet searchable when the feed stopped (one commit interval at the offered rate: %s) | %s | | |" % (
                f(fd["fed"] / fd["seconds"] * 5, 0) if fd.get("seconds") else "–",
                f(fd["fed"] - (fd["docs_after"] - fd["docs_before"]), 0)))
        if fd.get("steady_docs") and fd.get("steady_seconds"):
            steady = (fd["docs_after"] - fd["steady_docs"]) / fd["steady_seconds"]
            print("| the same from 15 s into the feed to its end (steady state: one commit interval in flight at both ends) | %s | | |" % f(steady, 0))
        if fd.get("watch_cpu_s") is not None and fd.get("seconds"):
            weight = s.get("watch_weight") or "?"
            print("| CPU the watch used meanwhile, cores (of %s; its weight against the server's: %s) | %s | | |" % (
                os.cpu_count(), weight, f(fd["watch_cpu_s"] / fd["seconds"], 2)))
            if fd["watch_cpu_s"] > 0:
                print("| articles indexed per CPU second of the watch | %s | | |" % f((fd["docs_after"] - fd["docs_before"]) / fd["watch_cpu_s"], 0))
    print()


if __name__ == "__main__":
    main()
