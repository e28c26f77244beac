"""Worker processes that die with the run that started them.

When a run's process is killed outright (SIGKILL, the out-of-memory killer), a plain
ProcessPoolExecutor's workers stay behind, blocked on their task queue for ever, each holding
the memory of its extraction. Every worker started here watches the process that created the
pool through a pidfd (Linux 5.3+), which becomes readable the moment that process ends, whatever
the start method (with forkserver the worker's parent is not the run): the worker then exits.
"""

from __future__ import annotations

import os
import select
import threading
from concurrent.futures import ProcessPoolExecutor


def parent_watched_pool(max_workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=max_workers, initializer=_exit_with, initargs=(os.getpid(),))


def _exit_with(owner_pid: int) -> None:
    try:
        owner = os.pidfd_open(owner_pid)
    except ProcessLookupError:
        os._exit(1)  # the run ended before this worker started

    def watch() -> None:
        select.select([owner], [], [])
        os._exit(1)  # no cleanup to run: the work belonged to the run that is gone

    threading.Thread(target=watch, name=f"exit-with-{owner_pid}", daemon=True).start()
