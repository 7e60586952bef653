"""Small helpers shared by the Python tests and benches that run Rassegna and Xapian's servers
as real processes on loopback (tests/cli/backup_test.py, tests/remote/replica_test.py,
bench/replica_lag.py). Import with sys.path pointing at this folder."""

import os
import signal
import socket
import subprocess
import sys
import time


def fail(msg):
    """Ends a test script with a message on stderr and exit status 1."""
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def free_port():
    """A loopback port the kernel had free a moment ago."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(pred, timeout, step=0.02):
    """Polls pred() until it is true (True) or timeout seconds pass (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return False


def stop_groups(procs, grace=10):
    """SIGTERM to each process's group (each started with start_new_session=True: Xapian's
    servers signal their whole group on stop), then SIGKILL to any still there after grace s."""
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        try:
            p.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
