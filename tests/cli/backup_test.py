#!/usr/bin/env python3
"""Backing up a database while rassegna-index commits into it, and restoring it (docs/operations.md).

Two ways the guide gives, each run while a writer indexes batches of 20 new articles back to back:
  - compact: `xapian-compact LIVE BACKUP`; it reads one revision, and fails (DatabaseModifiedError)
    when commits overtake it, in which case it is run again;
  - replicate: `xapian-replicate --one-shot` from the master's xapian-replicate-server; the copy is
    the replica's live folder named in its stub.
Each backup is restored to a new path (copied as the guide says), checked with `xapian-check`, and
compared with an independent expectation: the articles committed up to the backup are the
bundled corpus plus the first K batches for some K the writer had reached (the ids in the copy
must be exactly those, no batch in part), and the restored copy must answer searches exactly as
a database built from scratch from those same files in one run: every hit's id and score, the
totals, the company and day counts.

Usage: backup_test.py BUILD_DIR SOURCE_DIR   (exit 77: skipped without Xapian's tools)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from proctools import fail, free_port, stop_groups  # noqa: E402


BATCH = 20


def ids_in(db):
    """The article ids in a database, from its unique-id terms (Q prefix, schema.h)."""
    out = subprocess.run(["xapian-delve", "-a", "-1", db], capture_output=True, text=True, check=True).stdout
    return {line[1:] for line in out.splitlines() if line.startswith("Q")}


def main():
    build, src = sys.argv[1:3]
    for tool in ("xapian-compact", "xapian-check", "xapian-delve", "xapian-replicate", "xapian-replicate-server"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (scripts/install-deps.sh installs it)")
            sys.exit(77)
    index, server = os.path.join(build, "rassegna-index"), os.path.join(build, "rassegna-server")
    corpus = os.path.join(src, "corpus", "sample-mixed.jsonl")
    work = tempfile.mkdtemp(prefix="rassegna-backup.")
    procs = []
    env = dict(os.environ, XAPIAN_MAX_CHANGESETS="100")

    def start(cmd, log):
        # A session of their own: on SIGTERM Xapian's servers signal their whole process group.
        p = subprocess.Popen(cmd, start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=open(os.path.join(work, log), "w"), stderr=subprocess.STDOUT)
        procs.append(p)
        return p

    # The batches the writer will commit, one rassegna-index run each (companies and dates vary
    # so facets have something to count).
    companies = ["Apple", "Google", "Microsoft", "Meta", "Amazon"]
    batch_files = []
    for k in range(1, 41):
        path = os.path.join(work, f"batch-{k}.jsonl")
        with open(path, "w") as f:
            for i in range(BATCH):
                c = companies[(k + i) % len(companies)]
                f.write(json.dumps({"id": f"backup-{k}-{i}", "title": f"{c} e il mercato, lotto {k}",
                                    "body": f"Notizia {i} del lotto {k}: {c} annuncia risultati sul mercato.",
                                    "lang": "it", "date": f"2024-06-{1 + (k + i) % 28:02d}"}) + "\n")
        batch_files.append(path)
    batch_ids = [{f"backup-{k}-{i}" for i in range(BATCH)} for k in range(1, len(batch_files) + 1)]

    try:
        master = os.path.join(work, "master", "news")
        subprocess.run([index, "--db", master, "--quiet", corpus], env=env, check=True)
        corpus_ids = ids_in(master)
        if len(corpus_ids) < 100:
            fail(f"the corpus gave {len(corpus_ids)} ids")
        rport = free_port()
        start(["xapian-replicate-server", "--interface", "127.0.0.1", "--port", str(rport),
               os.path.join(work, "master")], "replicate-server.log")

        committed = [0]  # batches whose rassegna-index run has returned
        begun = [0]  # batches whose run has started: its commit may land before the run returns
        stop = threading.Event()

        def writer():
            for k, path in enumerate(batch_files, 1):
                if stop.is_set():
                    return
                begun[0] = k
                subprocess.run([index, "--db", master, "--quiet", path], env=env, check=True)
                committed[0] = k

        def backup_compact(dest):
            tries = 0
            while True:
                tries += 1
                shutil.rmtree(dest, ignore_errors=True)
                r = subprocess.run(["xapian-compact", master, dest], capture_output=True, text=True)
                if r.returncode == 0:
                    return dest, tries
                if "DatabaseModifiedError" not in r.stderr + r.stdout or tries >= 20:
                    fail(f"xapian-compact failed ({tries} tries): {r.stderr.strip()}")

        def backup_replicate(dest):
            r = subprocess.run(["xapian-replicate", "--host", "127.0.0.1", "--port", str(rport), "--master", "news",
                                "--one-shot", "--quiet", dest], capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                fail(f"xapian-replicate --one-shot failed: {r.stderr.strip()}")
            stub = [l for l in open(os.path.join(dest, "XAPIANDB")) if l.strip() and not l.startswith("#")]
            return os.path.join(dest, stub[0].split()[1]), 1

        thread = threading.Thread(target=writer)
        thread.start()
        results = []
        start_at = 3  # batches committed before the first backup starts; 2 more before the next
        try:
            for method, backup in (("compact", backup_compact), ("replicate", backup_replicate)):
                while committed[0] < start_at:
                    if not thread.is_alive():
                        fail("the writer stopped before the backup")
                    time.sleep(0.05)
                before = committed[0]
                copy, tries = backup(os.path.join(work, f"backup-{method}"))
                after = begun[0]
                # Restore: the backup copied to a new path, as a restore from backup media would.
                restored = os.path.join(work, f"restored-{method}", "news")
                shutil.copytree(copy, restored)
                results.append((method, restored, before, after, tries))
                start_at = committed[0] + 2
        finally:
            stop.set()
            thread.join()
        print(f"writer committed {committed[0]} batches of {BATCH} while the backups ran")

        for method, restored, before, after, tries in results:
            r = subprocess.run(["xapian-check", restored], capture_output=True, text=True)
            if r.returncode != 0 or "No errors found" not in r.stdout:
                fail(f"{method}: xapian-check of the restored copy: {r.stdout[-300:]} {r.stderr[-300:]}")
            got = ids_in(restored)
            # Independent expectation: the corpus and whole batches 1..K, K between the batches
            # committed when the backup started and when it ended.
            k = (len(got) - len(corpus_ids)) // BATCH
            want = corpus_ids.union(*batch_ids[:k])
            if got != want:
                extra, missing = sorted(got - want)[:5], sorted(want - got)[:5]
                fail(f"{method}: the restored ids are not the corpus plus whole batches 1..{k} "
                     f"(extra {extra}, missing {missing}, {len(got)} ids)")
            if not before <= k <= after:
                fail(f"{method}: the copy holds {k} batches; {before} were committed when it started, "
                     f"at most {after} when it ended")
            # The same articles indexed from scratch in one run: the oracle for searches.
            reference = os.path.join(work, f"reference-{method}", "news")
            subprocess.run([index, "--db", reference, "--quiet", corpus] + batch_files[:k], env=env, check=True)
            compare_searches(server, restored, reference, method, start)
            print(f"{method}: backup of batch {k} (writer at {before}..{after} during it; {tries} "
                  f"{'try' if tries == 1 else 'tries'}), restored, xapian-check clean, {len(got)} ids as "
                  f"committed, searches equal to a fresh index of the same files")
        print("PASS")
    finally:
        stop_groups(procs)
        shutil.rmtree(work, ignore_errors=True)


def compare_searches(server, restored, reference, method, start):
    ports = []
    for db, name in ((restored, "restored"), (reference, "reference")):
        port = free_port()
        start([server, "--db", db, "--port", str(port), "--no-web", "-q"], f"{method}-{name}.log")
        ports.append(port)

    def ask(port, q, offset):
        query = urllib.parse.urlencode({"q": q, "collapse": "0", "facets": "1", "size": "100", "page": str(offset // 100 + 1)})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{query}", timeout=20) as r:
            return json.load(r)

    def everything(port, q):
        """Every hit (id, score), the total and the facets of a search, page by page."""
        first = None
        hits = []
        offset = 0
        while True:
            a = ask(port, q, offset)
            first = first or a
            hits += [(h["id"], round(h["score"], 9)) for h in a["hits"]]
            offset += 100
            if offset >= a["total"] or not a["hits"]:
                break
        return first["total"], sorted(hits, key=lambda h: (-h[1], h[0])), first.get("facets")

    for port in ports:
        end = time.monotonic() + 20
        while True:
            try:
                ask(port, "", 0)
                break
            except OSError:
                if time.monotonic() > end:
                    fail(f"{method}: a server did not start")
                time.sleep(0.1)
    queries = ["mercato", "apple", "lotto", "company:Google", "borsa OR market", "\"annuncia risultati\"",
               "mercato date:2024-06-01..2024-06-10", ""]
    for q in queries:
        r, f = everything(ports[0], q), everything(ports[1], q)
        if r[0] != f[0]:
            fail(f"{method}: query {q!r}: restored total {r[0]}, fresh index {f[0]}")
        if r[1] != f[1]:
            diff = [(a, b) for a, b in zip(r[1], f[1]) if a != b][:3]
            fail(f"{method}: query {q!r}: hits differ from the fresh index: {diff}")
        if r[2] != f[2]:
            fail(f"{method}: query {q!r}: facets differ from the fresh index")
        if q == "lotto" and r[0] == 0:
            fail(f"{method}: no batch article in the restored copy")


if __name__ == "__main__":
    main()
