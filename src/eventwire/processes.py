"""Worker processes that never outlive the process that started them.

A ``ProcessPoolExecutor`` worker waits for tasks on a pipe it holds both ends of: when
its driver is killed (``kill -9``, the out-of-memory killer), no end-of-file ever comes,
and the worker stays forever with the model in memory (~300 MB) and the store's file
open. So every pool worker calls :func:`worker_started` first (the pool's initializer):

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker as soon as
  its parent is gone, whatever killed the parent (strictly: the parent *thread* that
  started it, so a pool must be started on a thread that outlives it, as ours are);
- elsewhere: a daemon thread that checks the parent's pid every ``PARENT_POLL`` seconds
  and ends the worker once its parent has changed (the orphan was re-parented).

Signals: a worker ignores SIGINT (Ctrl-C reaches the whole process group; the driver
decides what an interrupt means and stops its workers) and dies on SIGTERM.

:func:`stop_pool` ends a pool at once: the driver was interrupted, and a running task
(a shard can take minutes) is not worth waiting for; its work is done again next run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["PARENT_POLL", "die_with_parent", "stop_pool", "watch_parent", "worker_started"]

# Seconds between two looks at the parent's pid where the kernel cannot watch it.
PARENT_POLL = 0.5
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _kernel_watch() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; ``False`` where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent: int, *, poll: float = PARENT_POLL) -> threading.Thread:
    """A daemon thread that ends this process (``os._exit``) once its parent is no
    longer ``parent``."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)

    thread = threading.Thread(target=watch, name="eventwire-parent-watch", daemon=True)
    thread.start()
    return thread


def die_with_parent(parent: int, *, kernel: bool = True) -> None:
    """End this process when ``parent`` (the pid that started it) dies: by the kernel's
    parent-death signal where there is one (``kernel``), else by :func:`watch_parent`."""
    if not (kernel and _kernel_watch()):
        watch_parent(parent)
    # the parent may have died before the watch began: then this process is an orphan
    if os.getppid() != parent:
        os._exit(1)


def worker_started(parent: int) -> None:
    """What every pool worker does first: Ctrl-C is the driver's to handle, SIGTERM
    ends the worker, and the worker dies with ``parent``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the CLI's
    die_with_parent(parent)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End ``pool`` now: queued tasks cancelled, running ones killed with their workers."""
    # ProcessPoolExecutor offers no way to end running tasks; its _processes (pid ->
    # process, CPython 3.8 to 3.13) are the workers to end.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for process in workers:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.join(timeout=5)
