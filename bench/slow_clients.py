#!/usr/bin/env python3
"""Slow and idle clients against a running rassegna-server (docs/reliability.md).

Opens N connections that either send their request headers one line a second and never finish
(`slow`, a slowloris) or send nothing at all (`idle`), keeps them open, and meanwhile times
ordinary searches on fresh connections. Prints the latency of those searches and, with --pid,
the server's thread count and resident memory while the connections are held.

  build/rassegna-server --db data/rassegna.db --port 8080 -q &
  bench/slow_clients.py --port 8080 --clients 200 --mode slow --pid $!
"""
import argparse
import http.client
import os
import resource
import socket
import statistics
import sys
import time


def server_pid(pid):
    """The server itself when `pid` is a shell that started it."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            if f.read().strip().startswith("rassegna"):
                return pid
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = f.read().split()
        return int(children[0]) if children else pid
    except OSError:
        return pid


def still_open(s):
    try:
        return s.recv(65536) != b""  # an answer (408) before the close counts as closed next time
    except BlockingIOError:
        return True
    except OSError:
        return False


def proc_status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("Threads", "VmRSS"):
                    out[key] = value.strip()
        out["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        pass
    return out


def timed_search(host, port, query, timeout):
    start = time.monotonic()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request("GET", "/api/search?q=" + query)
        res = conn.getresponse()
        res.read()
        status = res.status
        conn.close()
    except (OSError, http.client.HTTPException) as e:
        status = type(e).__name__
    return time.monotonic() - start, status


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--clients", type=int, default=200, help="slow or idle connections to hold open")
    p.add_argument("--mode", choices=["slow", "idle"], default="slow")
    p.add_argument("--seconds", type=float, default=12, help="how long to hold them while timing searches")
    p.add_argument("--query", default="tiktok")
    p.add_argument("--timeout", type=float, default=60, help="give up on one search after this long")
    p.add_argument("--pid", type=int, help="the server's pid, to report its threads and memory")
    a = p.parse_args()

    if a.pid:
        a.pid = server_pid(a.pid)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < a.clients + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.clients + 256), hard))

    base, _ = timed_search(a.host, a.port, a.query, a.timeout)
    print(f"baseline search: {base * 1000:.1f} ms")
    if a.pid:
        print("server before:", proc_status(a.pid))

    socks = []
    for i in range(a.clients):
        s = socket.create_connection((a.host, a.port), timeout=10)
        s.setblocking(False)
        if a.mode == "slow":
            s.send(b"GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    print(f"{len(socks)} {a.mode} connections open")

    latencies = []
    statuses = []
    end = time.monotonic() + a.seconds
    line = 0
    while time.monotonic() < end:
        if a.mode == "slow":
            line += 1
            for s in list(socks):
                try:
                    s.send(b"X-Slow-%d: 1\r\n" % line)
                except BlockingIOError:
                    pass
                except OSError:
                    socks.remove(s)  # the server closed it
        t, status = timed_search(a.host, a.port, a.query, a.timeout)
        latencies.append(t)
        statuses.append(status)
        time.sleep(max(0.0, 1.0 - t))
    if a.pid:
        print("server while held:", proc_status(a.pid))
    still = sum(1 for s in socks if still_open(s) and still_open(s))
    for s in socks:
        s.close()

    print(f"searches while held: {len(latencies)}, statuses {sorted(set(map(str, statuses)))}")
    print(f"latency ms: median {statistics.median(latencies) * 1000:.1f}, max {max(latencies) * 1000:.1f}")
    print(f"{a.mode} connections the server had not closed after {a.seconds:.0f} s: {still}")
    ok = all(s == 200 for s in statuses) and max(latencies) < 1.0
    print("PASS: every search answered within 1 s" if ok else "FAIL: a search failed or took 1 s or more")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
