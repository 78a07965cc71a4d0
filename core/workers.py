"""Which process holds an upload, and whether it is still alive.

A submission records the process that holds its file or is checking it, as
"host:pid:start" (the start time tells a live process from a later one that reused the
pid). When the service starts again after a crash, the sweep ends at once every check
whose process on this host has gone, and deletes its file, rather than waiting for the
check to look lost (docs/returns.md, "Files in flight"). Whether a process elsewhere
has gone is told by its heartbeat (core/queue.py, `worker_gone`).
"""

import os
import socket
from functools import lru_cache


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return fields[19]  # field 22 of proc(5): starttime, counting from field 3 here
    except (OSError, IndexError):
        return ""


@lru_cache(maxsize=1)
def this_host() -> str:
    return socket.gethostname()


def this_worker() -> str:
    pid = os.getpid()
    return f"{this_host()}:{pid}:{_start_time(pid)}"


def is_alive(worker: str) -> bool | None:
    """True or False for a process on this host; None when it ran elsewhere (or is unknown)."""
    try:
        host, pid_text, started = worker.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return None
    if host != this_host():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, but another user's
    return _start_time(pid) == started if started else True
