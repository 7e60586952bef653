#!/usr/bin/env python3
"""Read replicas with Xapian's own tools, as docs/operations.md sets them up.

rassegna-index writes the master (with changesets: XAPIAN_MAX_CHANGESETS), xapian-replicate-server
serves it, xapian-replicate keeps a replica with --interval 1 --reader-time 1, and a second
rassegna-server serves the replica. Checks that
  1. the replica answers like the master (totals and the first page's ids and scores);
  2. an article committed on the master is found by the replica's server within the interval
     plus LAG_SLACK seconds, for each of several commits made at random moments of the
     replication cycle; and a run that commits 3 times back to back (as a big file committed in
     batches does) within the interval plus 2 reader times plus LAG_SLACK (with xapian-replicate's
     default reader time, 30 s, it takes 60 s);
  3. while batches are replicated, every answer of the replica server is whole: status 200 and a
     total that the master committed, never going back (a torn database would give anything else);
  4. the same while the master is replaced by a compacted copy (a new database: the replica gets
     a full copy in its other folder and switches its stub), and the replica then equals the
     master again.
Polling runs in this one process (urllib every 20 ms): starting a process costs up to seconds on
a loaded test machine, which earlier versions of this test counted as replication lag.

Usage: replica_test.py RASSEGNA_INDEX RASSEGNA_SERVER CORPUS.jsonl   (exit 77: skipped)
"""
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from proctools import fail, free_port, stop_groups, wait_until  # noqa: E402


INTERVAL = 1     # xapian-replicate --interval, as in docs/operations.md
READER_TIME = 1  # xapian-replicate --reader-time, as in docs/operations.md and the package
# Measured here (bench/replica_lag.py): 0.02-0.9 s after the commit for one commit, i.e. within
# the interval; the slack covers a connection and a changeset applied on a 2-core machine
# running other builds. Without the fix of each cause named in docs/operations.md (a server
# that does not reopen the replica, or the default reader time) the lag is unbounded or 60 s.
LAG_SLACK = 3.0


def get(port, q, **params):
    """(status, answer) of a search; collapse=0 so totals count articles."""
    query = urllib.parse.urlencode({"q": q, "collapse": "0", **params})
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{query}", timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, OSError, ValueError) as e:
        return str(e), None


def total(port, q):
    status, answer = get(port, q, facets="0")
    return answer["total"] if status == 200 else None


def main():
    index, server, corpus = sys.argv[1:4]
    for tool in ("xapian-replicate", "xapian-replicate-server", "xapian-compact"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (scripts/install-deps.sh installs it)")
            sys.exit(77)

    work = tempfile.mkdtemp(prefix="rassegna-replica.")
    procs = []
    env = dict(os.environ, XAPIAN_MAX_CHANGESETS="100")  # the master keeps changesets
    master_db = os.path.join(work, "master", "news")
    replica_db = os.path.join(work, "replica", "news")
    os.makedirs(os.path.join(work, "replica"))
    os.makedirs(os.path.join(work, "in"))

    def start(cmd, log):
        # A session of their own: on SIGTERM Xapian's servers signal their whole process group.
        p = subprocess.Popen(cmd, start_new_session=True, stdout=open(os.path.join(work, log), "w"),
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        procs.append(p)
        return p

    counter = [0]

    def commit(articles, tag):
        """Index articles (title words) on the master in one rassegna-index run."""
        counter[0] += 1
        path = os.path.join(work, "in", f"{counter[0]}.jsonl")
        with open(path, "w") as f:
            for i, word in enumerate(articles):
                f.write(json.dumps({"id": f"replica-{tag}-{i}", "title": f"Replica {word}",
                                    "body": f"Articolo di prova {word} sul mercato.", "lang": "it",
                                    "date": "2024-05-01"}) + "\n")
        subprocess.run([index, "--db", master_db, "--quiet", path], env=env, check=True)

    try:
        subprocess.run([index, "--db", master_db, "--quiet", corpus], env=env, check=True)
        rport = free_port()
        start(["xapian-replicate-server", "--interface", "127.0.0.1", "--port", str(rport),
               os.path.join(work, "master")], "replicate-server.log")
        if not wait_until(lambda: socket.socket().connect_ex(("127.0.0.1", rport)) == 0, 10, 0.1):
            fail("xapian-replicate-server did not listen")
        start(["xapian-replicate", "--host", "127.0.0.1", "--port", str(rport), "--master", "news",
               "--interval", str(INTERVAL), "--reader-time", str(READER_TIME), "--quiet", replica_db],
              "replicate.log")
        if not wait_until(lambda: os.path.exists(os.path.join(replica_db, "XAPIANDB")), 30, 0.1):
            fail("no replica after 30 s: " + open(os.path.join(work, "replicate.log")).read())
        mport, sport = free_port(), free_port()
        start([server, "--db", master_db, "--port", str(mport), "--no-web", "-q"], "master-server.log")
        start([server, "--db", replica_db, "--port", str(sport), "--no-web", "-q"], "replica-server.log")
        for port, name in ((mport, "master"), (sport, "replica")):
            if not wait_until(lambda: total(port, "") is not None, 20, 0.1):
                fail(f"the {name} server did not start")
        base = total(mport, "")
        if not base:
            fail(f"the master server answers {base!r}")
        if not wait_until(lambda: total(sport, "") == base, 30):
            fail(f"the replica holds {total(sport, '')} articles, not the master's {base}")

        # 1. The replica answers like the master.
        def same_answers(queries):
            for q in queries:
                (ms, m), (rs, r) = get(mport, q), get(sport, q)
                if ms != 200 or rs != 200:
                    fail(f"query {q!r}: status master {ms}, replica {rs}")
                mh = [(h["id"], round(h["score"], 9)) for h in m["hits"]]
                rh = [(h["id"], round(h["score"], 9)) for h in r["hits"]]
                if (m["total"], mh) != (r["total"], rh):
                    fail(f"query {q!r}: master {m['total']} {mh[:3]}..., replica {r['total']} {rh[:3]}...")
        queries = ["", "mercato", "borsa OR market", "tiktok", "apple -google"]
        same_answers(queries)
        print(f"replica equals master ({base} articles, {len(queries)} queries)")

        # 2. A commit reaches the replica server within the interval (+ slack).
        lags = []
        for k in range(5):
            time.sleep(random.uniform(0, INTERVAL))  # a random moment of the replication cycle
            word = f"zefiro{k}qua"
            commit([word], f"new{k}")
            done = time.monotonic()
            if not wait_until(lambda: total(sport, word) == 1, INTERVAL + LAG_SLACK + 10):
                fail(f"the replica did not find article {k} within {INTERVAL + LAG_SLACK + 10} s")
            lags.append(time.monotonic() - done)
        print("new article on the replica server after the commit: "
              + ", ".join(f"{x:.2f}" for x in lags) + f" s (median {statistics.median(lags):.2f} s; "
              f"interval {INTERVAL} s, bound {INTERVAL + LAG_SLACK:.1f} s)")
        if max(lags) > INTERVAL + LAG_SLACK:
            fail(f"replication took {max(lags):.2f} s, more than the interval {INTERVAL} s + {LAG_SLACK} s")

        burst = []
        for k in range(2):
            commit(["riempitivo"], f"fill{k}a")
            commit(["riempitivo"], f"fill{k}b")
            word = f"raffica{k}vento"
            commit([word], f"burst{k}")
            done = time.monotonic()
            if not wait_until(lambda: total(sport, word) == 1, 90):
                fail(f"the replica did not find the last of 3 commits within 90 s")
            burst.append(time.monotonic() - done)
        bound = INTERVAL + 2 * READER_TIME + LAG_SLACK
        print("the last of 3 back-to-back commits on the replica server: "
              + ", ".join(f"{x:.2f}" for x in burst) + f" s (bound {bound:.1f} s)")
        if max(burst) > bound:
            fail(f"3 commits took {max(burst):.2f} s to reach the replica, more than {bound:.1f} s")

        # 3 and 4. Every answer of the replica whole while commits and a full copy are replicated.
        committed = {total(mport, "")}
        if total(sport, "") not in committed:
            if not wait_until(lambda: total(sport, "") in committed, 15):
                fail("the replica did not catch up before the batches")
        answers, bad, stop = [], [], threading.Event()

        def poll():
            last = 0
            while not stop.is_set():
                status, answer = get(sport, "", facets="1")
                t = answer["total"] if status == 200 else None
                answers.append(t)
                # Committed totals are recorded before the commit runs, so a whole answer is
                # always among them; a torn read would give another total or an error.
                if status != 200 or t not in committed or t < last:
                    bad.append((status, t))
                else:
                    last = t
                time.sleep(0.01)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            now = min(committed)
            for k in range(6):
                committed.add(now + 20)
                commit([f"lotto{k}"] * 20, f"batch{k}")
                now += 20
                time.sleep(0.7)
            if not wait_until(lambda: total(sport, "") == now, 20):
                fail(f"the replica did not reach the master's {now} articles")
            during_batches = len(answers)
            # The master replaced by a compacted copy: a new database (new UUID), so the replica
            # gets a full copy in its other folder and switches its stub.
            stub_before = open(os.path.join(replica_db, "XAPIANDB")).read()
            compact = master_db + ".compact"
            subprocess.run(["xapian-compact", master_db, compact], check=True, stdout=subprocess.DEVNULL)
            committed.add(now + 20)
            os.rename(master_db, master_db + ".old")
            os.rename(compact, master_db)
            commit(["dopocompatto"] * 20, "after-compact")
            now += 20
            if not wait_until(lambda: total(sport, "") == now, 30):
                fail(f"the replica did not reach the compacted master's {now} articles")
            time.sleep(0.5)
        finally:
            stop.set()
            poller.join()
        stub_after = open(os.path.join(replica_db, "XAPIANDB")).read()
        if stub_after == stub_before:
            fail("the replica was not switched to a full copy after the master was replaced")
        if bad:
            fail(f"{len(bad)} of {len(answers)} answers of the replica were not whole: {bad[:5]}")
        if len(answers) < 50:
            fail(f"only {len(answers)} answers while replicating: the check saw too little")
        same_answers(queries + ["lotto3", "dopocompatto"])
        print(f"PASS: {during_batches} answers during 6 replicated commits and {len(answers) - during_batches} "
              f"during a full copy after the master was compacted, all whole; replica equals master at {now} articles")
    finally:
        stop_groups(procs)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
