#!/usr/bin/env python3
"""How long after a commit on the master a read replica finds the new article.

Runs the documented replica setup on loopback: rassegna-index writes the master (with
XAPIAN_MAX_CHANGESETS), xapian-replicate-server serves it, xapian-replicate keeps a replica with
--interval N, and a rassegna-server serves the replica. Then, several times: index one new
article on the master at a random moment of the replication cycle and poll, every 20 ms,
  - the replica database itself (xapian-delve: its document count), and
  - the replica's rassegna-server (a search for the article's own word),
and report both delays after rassegna-index returned, with the replication client's own log
lines (timestamped here) so a delay can be split into "waiting for the next connection",
"applying the changeset" and "the server noticing".

Usage: bench/replica_lag.py [--build build] [--commits 8] [--interval 1] [--reader-time 1]
                            [--corpus corpus/sample-mixed.jsonl] [--port-base 27110]
The setup's ports are PORT_BASE .. PORT_BASE+1. Prints one line per commit and a summary.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "common"))
from proctools import stop_groups, wait_until  # noqa: E402


def server_total(port, q):
    """The number of articles matching q (collapse=0: articles, not stories), None on error."""
    url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q, "facets": "0", "collapse": "0"})
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.load(r)["total"]
    except Exception:
        return None


def delve_count(db):
    out = subprocess.run(["xapian-delve", db], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("number of documents = "):
            return int(line.split("=")[1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--corpus", default="corpus/sample-mixed.jsonl")
    ap.add_argument("--commits", type=int, default=8)
    ap.add_argument("--interval", type=int, default=1)
    ap.add_argument("--reader-time", type=int, default=1)
    ap.add_argument("--port-base", type=int, default=27110)
    ap.add_argument("--burst", type=int, default=1, help="commits back to back per measurement (a run committing in batches)")
    ap.add_argument("--timeout", type=float, default=90.0, help="give up on one measurement after this")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="replica-lag.")
    env = dict(os.environ, XAPIAN_MAX_CHANGESETS="100")
    index = os.path.join(args.build, "rassegna-index")
    master, replica = os.path.join(work, "master"), os.path.join(work, "replica")
    os.makedirs(master)
    os.makedirs(replica)
    subprocess.run([index, "--db", os.path.join(master, "news"), "--quiet", args.corpus], env=env, check=True)

    rport, sport = args.port_base, args.port_base + 1
    procs = []
    log = []  # (time, line) of xapian-replicate -v

    def start(cmd, **kw):
        # Xapian's servers signal their whole process group on SIGTERM: a session of their own.
        p = subprocess.Popen(cmd, start_new_session=True, **kw)
        procs.append(p)
        return p

    try:
        start(["xapian-replicate-server", "--interface", "127.0.0.1", "--port", str(rport), master],
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        rep = start(["stdbuf", "-oL", "xapian-replicate", "--host", "127.0.0.1", "--port", str(rport),
                     "--master", "news", "--interval", str(args.interval), "--reader-time",
                     str(args.reader_time), "-v", os.path.join(replica, "news")],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

        def reader():
            for line in rep.stdout:
                log.append((time.monotonic(), line.strip()))
        threading.Thread(target=reader, daemon=True).start()
        if not wait_until(lambda: os.path.exists(os.path.join(replica, "news", "XAPIANDB")), 30):
            sys.exit("no replica after 30 s")
        start([os.path.join(args.build, "rassegna-server"), "--db", os.path.join(replica, "news"),
               "--port", str(sport), "--no-web", "-q"], stderr=subprocess.DEVNULL)
        if not wait_until(lambda: server_total(sport, "") is not None, 20):
            sys.exit("the replica server did not start")
        base = delve_count(os.path.join(master, "news"))
        if not wait_until(lambda: server_total(sport, "") == base, 30):
            sys.exit("the replica did not reach the master's first copy")

        rows = []
        for k in range(1, args.commits + 1):
            time.sleep(random.uniform(0, args.interval))  # a random phase of the replication cycle
            word = f"lagword{k}x"
            path = os.path.join(work, f"{k}.jsonl")
            with open(path, "w") as f:
                f.write(json.dumps({"id": f"lag-{k}", "title": f"Replica {word}", "body": f"Articolo {word} sul mercato.",
                                    "lang": "it", "date": "2024-05-01"}) + "\n")
            t0 = time.monotonic()
            for j in range(1, args.burst):  # commits before the one that holds the new article
                filler = os.path.join(work, f"{k}-{j}.jsonl")
                with open(filler, "w") as f:
                    f.write(json.dumps({"id": f"lag-{k}-{j}", "title": "Riempitivo", "body": "Un altro articolo.",
                                        "lang": "it", "date": "2024-05-01"}) + "\n")
                subprocess.run([index, "--db", os.path.join(master, "news"), "--quiet", filler], env=env, check=True)
            subprocess.run([index, "--db", os.path.join(master, "news"), "--quiet", path], env=env, check=True)
            t1 = time.monotonic()
            want = base + k * args.burst
            t_db = t_srv = None
            while time.monotonic() - t1 < args.timeout and (t_db is None or t_srv is None):
                if t_db is None and delve_count(os.path.join(replica, "news")) == want:
                    t_db = time.monotonic()
                if t_srv is None and server_total(sport, word) == 1:
                    t_srv = time.monotonic()
                time.sleep(0.02)
            applied = [t for t, line in log if t >= t0 and "changesets" in line and not line.startswith("Update complete: 0 copies, 0 changesets")]
            t_apply = applied[0] - t1 if applied else float("nan")
            db = (t_db - t1) if t_db else float("nan")
            srv = (t_srv - t1) if t_srv else float("nan")
            rows.append((k, t1 - t0, t_apply, db, srv))
            print(f"commit {k}: index {t1 - t0:5.2f} s; replicate log 'applied' +{t_apply:5.2f} s; "
                  f"replica db +{db:5.2f} s; replica server +{srv:5.2f} s", flush=True)

        srvs = [r[4] for r in rows]
        dbs = [r[3] for r in rows]
        print(f"replica server: min {min(srvs):.2f} s, median {statistics.median(srvs):.2f} s, max {max(srvs):.2f} s "
              f"over {len(rows)} commits (--interval {args.interval}, --reader-time {args.reader_time}); "
              f"replica db: median {statistics.median(dbs):.2f} s, max {max(dbs):.2f} s; "
              f"load average {os.getloadavg()[0]:.1f}")
    finally:
        stop_groups(procs)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
