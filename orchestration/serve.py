"""`make ui` and `make serve`: the Dagster processes, started with the environment the settings
give them (DAGSTER_HOME derived beside the warehouse unless exported, telemetry off), so that a
desk, a server and `make run` all find the same run history.

    python -m orchestration.serve ui         # dagster dev (webserver and daemon) and the pages server
    python -m orchestration.serve serve      # dagster-daemon, dagster-webserver and the pages server
    python -m orchestration.serve daemon     # one of them (a systemd unit each)
    python -m orchestration.serve webserver
    python -m orchestration.serve pages

The webserver listens on DAGSTER_HOST (default 127.0.0.1) and DAGSTER_PORT (default 3000); the
pages server (orchestration/pages.py: index, proofreading pages, charts, Data Docs, which the UI's
links open) at NONFERROUS_PAGES_URL (default http://127.0.0.1:3001).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from orchestration.settings import Settings

CODE_LOCATION = ["-m", "orchestration.definitions"]


def commands(mode: str, host: str, port: str) -> list[list[str]]:
    bin_dir = Path(sys.executable).parent
    daemon = [str(bin_dir / "dagster-daemon"), "run", *CODE_LOCATION]
    webserver = [str(bin_dir / "dagster-webserver"), *CODE_LOCATION, "--host", host, "--port", port]
    pages = [sys.executable, "-m", "orchestration.pages"]
    return {
        "ui": [[str(bin_dir / "dagster"), "dev", *CODE_LOCATION, "--host", host, "--port", port], pages],
        "serve": [daemon, webserver, pages],
        "daemon": [daemon],
        "webserver": [webserver],
        "pages": [pages],
    }[mode]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("ui", "serve", "daemon", "webserver", "pages"):
        print(__doc__, file=sys.stderr)
        return 2
    environment = Settings.from_env().process_environment()
    to_start = commands(argv[0], os.environ.get("DAGSTER_HOST", "127.0.0.1"), os.environ.get("DAGSTER_PORT", "3000"))
    if len(to_start) == 1:
        os.execve(to_start[0][0], to_start[0], environment)
    # All or none: when one process ends, the others are stopped too.
    processes = [subprocess.Popen(command, env=environment) for command in to_start]

    def forward(signum, _frame) -> None:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, forward)
    try:
        _, status = os.wait()
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            process.wait()
    return os.waitstatus_to_exitcode(status) if status else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
