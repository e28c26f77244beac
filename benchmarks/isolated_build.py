"""One `make run` in a folder of its own, for the benchmarks that build whole warehouses: its
environment (raw folder, warehouse, Dagster home, telemetry off), the set-up for that warehouse,
and `orchestration.materialize` started in a new session so that its whole process tree can be
sampled and, if need be, killed together. Not the product.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def build_environment(root: Path, raw_dir: Path, warehouse: Path, **settings: str) -> dict[str, str]:
    """The environment of a build of `raw_dir` into `warehouse`, its run history under `root`."""
    return {
        **os.environ,
        "NONFERROUS_RAW_DIR": str(raw_dir),
        "NONFERROUS_WAREHOUSE": str(warehouse),
        **settings,
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }


def start_build(env: dict[str, str], log: Path) -> subprocess.Popen:
    """Set up for the environment's warehouse, then start materializing it, output into `log`."""
    subprocess.run([sys.executable, "-m", "orchestration.setup"], env=env, cwd=PROJECT_ROOT, check=True,
                   capture_output=True)
    with open(log, "wb") as handle:
        return subprocess.Popen([sys.executable, "-m", "orchestration.materialize"], env=env, cwd=PROJECT_ROOT,
                                stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def session_processes(session_id: int) -> dict[int, list[str]]:
    """The processes of a session, from /proc: pid -> the fields of its stat line after the
    command name (state, ppid, pgrp, session, …, utime at index 11). A process that ends while
    it is read is left out."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session_id:
            processes[int(entry.name)] = fields
    return processes
