#!/usr/bin/env python3
"""One markdown table: Rassegna's figures, each peer's, and the ratios ours/theirs; the
targets checked; an SVG of the latency distributions beside.

  bench/report.py OUR_DIR [PEERS_RESULTS_DIR]

OUR_DIR is what bench/run.sh wrote for one corpus (rassegna.index.time, rassegna.du,
rassegna.compact.*, rassegna.q.<queries>.json, http.jsonl, corpus.*); PEERS_RESULTS_DIR a
folder written by ../shared/bench/peers/run_all.sh. Percentiles, GNU time parsing and the
peers' figures come from the peers' own report.py, so both sides are computed the same way.
Writes OUR_DIR/summary.json and OUR_DIR/latency-<queries>.svg.
"""
import glob
import importlib.util
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_REPORT = os.path.join(HERE, "..", "..", "shared", "bench", "peers", "report.py")
ORDER = ["xapian", "lucene", "postgresql", "sqlite-fts5", "groonga"]
MODES = ["plain", "snippet", "facet", "all"]


def load_peer_report():
    spec = importlib.util.spec_from_file_location("peer_report", SHARED_REPORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PR = load_peer_report()


def read_num(path):
    try:
        return int(open(path).read().split()[0])
    except (OSError, IndexError, ValueError):
        return None


def load_side(d, peer):
    """Index and query figures of one engine from a results folder, peers' layout."""
    side = {"index_time": PR.parse_time_v(os.path.join(d, peer + ".index.time")), "queries": {}, "raw": {}}
    ix = {}
    f = os.path.join(d, peer + ".index.json")
    if os.path.exists(f):
        ix = json.load(open(f, encoding="utf-8"))
    side["index"] = ix
    side["du_bytes"] = read_num(os.path.join(d, peer + ".du"))
    if side["du_bytes"] is None:
        side["du_bytes"] = ix.get("index_bytes")
    for f in glob.glob(os.path.join(d, peer + ".q.*.json")):
        qname = re.match(r"^.*?\.q\.(.*)\.json$", os.path.basename(f)).group(1)
        r = json.load(open(f, encoding="utf-8"))
        modes = {}
        for mode, m in (r.get("modes") or {}).items():
            if not m:
                continue
            s = PR.lat_stats(m["lat_ns"])
            tots = [t for t in m.get("totals") or [] if t is not None]
            if tots:
                s["mean_matches"] = sum(tots) / len(tots)
            modes[mode] = s
        side["queries"][qname] = modes
        side["raw"][qname] = r
    return side


def fmt(v, nd=2):
    return PR.fmt(v, nd)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def cell(ours, theirs, nd=2, show_ratio=True):
    if theirs is None:
        return "n/a"
    r = ratio(ours, theirs)
    return "%s (%s×)" % (fmt(theirs, nd), fmt(r, 2)) if (show_ratio and r is not None) else fmt(theirs, nd)


def overlap(ref, other):
    vals = []
    for a, b in zip(ref or [], other or []):
        if a or b:
            vals.append(len(set(a or []) & set(b or [])) / float(max(len(a or []), len(b or []))))
    return 100.0 * sum(vals) / len(vals) if vals else None


def svg_cdf(path, title, series):
    """series: {mode: {engine: sorted latencies ms}} -> small multiples of CDFs, log x-axis."""
    colors = {"rassegna": "#d62728", "xapian": "#1f77b4", "lucene": "#ff7f0e", "postgresql": "#2ca02c",
              "sqlite-fts5": "#9467bd", "groonga": "#8c564b"}
    modes = [m for m in MODES if series.get(m)]
    W, H, pad_l, pad_b, pad_t, gap = 330, 260, 48, 36, 28, 20
    total_w = len(modes) * (W + gap) + 150
    all_v = [v for m in modes for vals in series[m].values() for v in vals if v > 0]
    if not all_v:
        return
    lo = 10 ** math.floor(math.log10(min(all_v)))
    hi = 10 ** math.ceil(math.log10(max(all_v)))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (total_w, H + pad_t + pad_b + 10),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="8" y="16" font-size="13" font-weight="bold">%s</text>' % title]

    def x_of(v, x0):
        return x0 + (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (W - pad_l - 10)

    for i, m in enumerate(modes):
        x0 = i * (W + gap) + pad_l
        y0, y1 = pad_t + 10, pad_t + H - pad_b + 10
        label = "all (snippets+facets); dashed: peers' snippet mode" if m == "all" else m
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (x0, pad_t + 4, label))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#888"/>' % (x0, y0, W - pad_l - 10, y1 - y0))
        e = lo
        while e <= hi * 1.001:
            x = x_of(e, x0)
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x, y0, x, y1))
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x, y1 + 13, ("%g" % e)))
            e *= 10
        for f in (0.1, 0.5, 0.9):
            y = y1 - f * (y1 - y0)
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/>' % (x0, y, x0 + W - pad_l - 10, y))
            out.append('<text x="%d" y="%.1f" text-anchor="end">p%d</text>' % (x0 - 3, y + 4, round(f * 100)))
        out.append('<text x="%d" y="%d" text-anchor="middle">latency ms (log)</text>' % (x0 + (W - pad_l) / 2, y1 + 27))
        for eng, vals in series[m].items():
            if not vals:
                continue
            n = len(vals)
            step = max(1, n // 400)
            pts = ["%.1f,%.1f" % (x_of(v, x0), y1 - (k + 1) / n * (y1 - y0)) for k, v in enumerate(vals) if k % step == 0 or k == n - 1]
            w = 2.5 if eng == "rassegna" else 1.4
            dash = ' stroke-dasharray="4,3"' if (m == "all" and eng != "rassegna") else ""
            out.append('<polyline fill="none" stroke="%s" stroke-width="%.1f"%s points="%s"/>' % (colors.get(eng, "#333"), w, dash, " ".join(pts)))
    lx = len(modes) * (W + gap) + 5
    for k, eng in enumerate([e for e in ["rassegna"] + ORDER if any(e in series[m] for m in modes)]):
        y = pad_t + 20 + k * 16
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>' % (lx, y, lx + 20, y, colors.get(eng, "#333")))
        out.append('<text x="%d" y="%d">%s</text>' % (lx + 25, y + 4, eng))
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    d = sys.argv[1]
    pd = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    ours = load_side(d, "rassegna")
    articles = read_num(os.path.join(d, "corpus.articles"))
    corpus_bytes = read_num(os.path.join(d, "corpus.bytes"))
    ours["compact_bytes"] = read_num(os.path.join(d, "rassegna.compact.du"))
    ours["docs"] = articles
    peers = {}
    if pd and os.path.isdir(pd):
        for f in glob.glob(os.path.join(pd, "*.index.json")) + glob.glob(os.path.join(pd, "*.q.*.json")):
            p = re.match(r"^(.*?)\.(index|q\.)", os.path.basename(f)).group(1)
            peers.setdefault(p, None)
        for p in list(peers):
            peers[p] = load_side(pd, p)
            peers[p]["docs"] = peers[p]["index"].get("docs")
        cdu = read_num(os.path.join(pd, "xapian.compact.du"))
        if "xapian" in peers:
            peers["xapian"]["compact_bytes"] = cdu
    order = [p for p in ORDER if p in peers] + sorted(p for p in peers if p not in ORDER)
    http = []
    hp = os.path.join(d, "http.jsonl")
    if os.path.exists(hp):
        http = [json.loads(l) for l in open(hp) if l.strip()]
    corpus = "?"
    if os.path.exists(os.path.join(d, "run.txt")):
        for line in open(os.path.join(d, "run.txt")):
            if line.startswith("corpus: "):
                corpus = os.path.basename(line.split(": ", 1)[1].strip())

    def idx(side):
        tv = side["index_time"]
        wall = tv.get("wall_s")
        docs = side.get("docs")
        rss = tv.get("max_rss_kb")
        srv = side["index"].get("server_peak_rss_kb")
        rss_mb = (rss / 1024.0) if rss else None
        if srv:  # PostgreSQL: server backend + client; Groonga: the child (the driver's time -v covers it)
            rss_mb = (srv + (rss if side is peers.get("postgresql") else 0)) / 1024.0
        cpu = (tv.get("user_s") or 0) + (tv.get("sys_s") or 0) or None
        if side is peers.get("postgresql"):
            cpu = None  # time -v sees only the Python client; the server backend does the work
        return {"wall": wall, "dps": docs / wall if docs and wall else None, "cpu": cpu,
                "dpcs": docs / cpu if docs and cpu else None,
                "mbs": corpus_bytes / 1e6 / wall if corpus_bytes and wall else None,
                "size": side["du_bytes"] / 1e6 if side.get("du_bytes") else None,
                "csize": side["compact_bytes"] / 1e6 if side.get("compact_bytes") else None,
                "rss": rss_mb}

    oi = idx(ours)
    pi = {p: idx(peers[p]) for p in order}
    lines = []
    summary = {"corpus": corpus, "articles": articles, "corpus_bytes": corpus_bytes, "ours_index": oi,
               "peers_index": pi, "http": http, "queries": {}, "targets": []}
    qnames = sorted(ours["queries"])
    for qname in qnames:
        om = ours["queries"][qname]
        lines.append("#### %s, queries %s (%s articles, %.0f MB of JSONL)\n" % (corpus, qname, articles or "?",
                                                                             (corpus_bytes or 0) / 1e6))
        lines.append("| " + " | ".join(["metric", "rassegna"] + order) + " |")
        lines.append("|---|---:|" + "---:|" * len(order))

        def add(cells):
            lines.append("| " + " | ".join(cells) + " |")

        def row(label, ov, getter, nd=2, show_ratio=True):
            add([label, fmt(ov, nd)] + [cell(ov, getter(p), nd, show_ratio) for p in order])

        row("index build wall s", oi["wall"], lambda p: pi[p]["wall"])
        row("index docs/s", oi["dps"], lambda p: pi[p]["dps"], 0)
        row("index CPU s (user+sys, all threads)", oi["cpu"], lambda p: pi[p]["cpu"])
        row("index docs per CPU-s", oi["dpcs"], lambda p: pi[p]["dpcs"], 0)
        row("index MB/s (uncompressed JSONL)", oi["mbs"], lambda p: pi[p]["mbs"])
        row("index size MB", oi["size"], lambda p: pi[p]["size"], 1)
        row("index size MB after xapian-compact", oi["csize"], lambda p: pi[p]["csize"], 1)
        row("indexer peak RSS MB", oi["rss"], lambda p: pi[p]["rss"], 0)
        for mode in ["plain", "snippet", "facet", "all"]:
            o = om.get(mode)
            for k in ("p50_ms", "p95_ms", "p99_ms"):
                row("search %s %s" % (mode, k.replace("_ms", " ms")), o and o[k],
                    lambda p, mode=mode, k=k: (peers[p]["queries"].get(qname, {}).get(mode) or {}).get(k), 3)
        row("QPS plain, 1 thread", om.get("plain") and om["plain"]["qps"],
            lambda p: (peers[p]["queries"].get(qname, {}).get("plain") or {}).get("qps"), 0)
        row("mean matches (facet pass)", om.get("facet") and om["facet"].get("mean_matches"),
            lambda p: (peers[p]["queries"].get(qname, {}).get("facet") or {}).get("mean_matches"), 1)
        ref = ((peers.get("xapian") or {}).get("raw", {}).get(qname, {}).get("modes", {}).get("plain") or {}).get("top10")
        our_top = ours["raw"][qname]["modes"]["plain"]["top10"]
        ov = overlap(ref, our_top) if ref else None
        add(["top-10 overlap vs xapian %", fmt(ov, 0)] + [
            "ref" if p == "xapian" else fmt(overlap(ref, (peers[p]["raw"].get(qname, {}).get("modes", {}).get("plain") or {}).get("top10")) if ref else None, 0)
            for p in order])
        for h in http:
            w = h.get("wrk") or {}
            if not w:
                continue
            label = "HTTP %s c=%d: req/s; p50 / p99 ms" % ("facets=0" if h["mode"] == "plain" else "facets=1", h["conns"])
            err = sum((w.get("errors") or {}).values())
            add([label, "%s; %s / %s%s" % (fmt(w.get("rps"), 0), fmt(w.get("p50_us", 0) / 1e3, 2),
                                              fmt(w.get("p99_us", 0) / 1e3, 2), (" (%d errors)" % err) if err else "")]
                + ["—" for _ in order])
        if http:
            hwm = max(h.get("server_vmhwm_kb") or 0 for h in http)
            add(["rassegna-server VmHWM MB (after all wrk runs)", fmt(hwm / 1024.0, 0)] + ["—" for _ in order])
        lines.append("")
        lines.append("Cells: the peer's figure (ours / theirs). Times, sizes, RSS: below 1× is better for us; "
                     "docs/s, MB/s, QPS: above 1× is better. HTTP: rassegna-server always builds snippets.")
        lines.append("")

        # ---- targets ----
        t = []
        xd = pi.get("xapian", {}).get("dps")
        if xd and oi["dps"]:
            t.append(("indexing >= 1.5x raw Xapian docs/s", oi["dps"] >= 1.5 * xd,
                      "%.0f vs %.0f docs/s = %.2f×" % (oi["dps"], xd, oi["dps"] / xd)))
            xc = pi["xapian"].get("dpcs")
            if xc and oi["dpcs"]:
                t.append(("(same, per CPU-second: robust to a loaded machine)", oi["dpcs"] >= 1.5 * xc,
                          "%.0f vs %.0f docs/CPU-s = %.2f×" % (oi["dpcs"], xc, oi["dpcs"] / xc)))
        a = om.get("all")
        sn = {p: (peers[p]["queries"].get(qname, {}).get("snippet") or {}).get("p50_ms") for p in order}
        sn = {p: v for p, v in sn.items() if v is not None}
        if a and sn:
            best = min(sn, key=sn.get)
            t.append(("search snippets+facets p50 below every peer's snippet p50", a["p50_ms"] < sn[best],
                      "%.3f ms vs best peer %s %.3f ms" % (a["p50_ms"], best, sn[best])))
        lf = (peers.get("lucene", {}).get("queries", {}).get(qname, {}).get("facet") or {}).get("p50_ms")
        if om.get("facet") and lf:
            t.append(("facets alone p50 below Lucene's", om["facet"]["p50_ms"] < lf,
                      "%.3f ms vs %.3f ms" % (om["facet"]["p50_ms"], lf)))
        c64 = [h for h in http if h.get("conns") == 64]
        if c64:
            hwm = max(h.get("server_vmhwm_kb") or 0 for h in http) / 1024.0
            t.append(("server RSS (VmHWM) under 64 connections < 1 GiB", hwm < 1024,
                      "%.0f MiB%s" % (hwm, "" if articles and articles > 50000 else " (target is set on the 101k DB)")))
        if t:
            lines.append("Targets:")
            lines.append("")
            for name, ok, txt in t:
                lines.append("* %s: **%s** (%s)" % (name, "met" if ok else "not met", txt))
            lines.append("")
        summary["targets"] += [{"target": n, "met": ok, "figures": txt, "queries": qname} for n, ok, txt in t]
        summary["queries"][qname] = {"rassegna": om, "peers": {p: peers[p]["queries"].get(qname) for p in order}}

        series = {}
        for mode in MODES:
            s = {}
            m = ours["raw"][qname]["modes"].get(mode)
            if m:
                s["rassegna"] = sorted(v / 1e6 for v in m["lat_ns"])
            for p in order:
                pm = peers[p]["raw"].get(qname, {}).get("modes", {}).get("snippet" if mode == "all" else mode)
                if pm:
                    s[p] = sorted(v / 1e6 for v in pm["lat_ns"])
            if s:
                series[mode] = s
        svg = os.path.join(d, "latency-%s.svg" % qname)
        svg_cdf(svg, "Search latency CDF, %s, %s (one process, warm; log scale)" % (corpus, qname), series)
        lines.append("Latency plot: %s" % svg)
        lines.append("")
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(d, "summary.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, indent=1, default=str)


if __name__ == "__main__":
    main()
