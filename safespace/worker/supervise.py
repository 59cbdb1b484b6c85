"""Keep a command running: start it again whenever it stops, until we are told to stop.

`manage.py worker --keep-running` uses it so that `make run` needs no service manager: a worker
killed by the kernel or by a bug is back within seconds. In production systemd does the same
(`Restart=always`; see the README).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from collections.abc import Sequence
from types import FrameType

logger = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A child that ran this long before stopping was healthy: start again without waiting long.
HEALTHY_RUN = 60.0


def keep_running(command: Sequence[str], *, restarts: int | None = None) -> int:
    """Run `command` until SIGTERM or SIGINT, restarting it when it exits; returns the number
    of restarts. `restarts` bounds them (for tests)."""
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.terminate()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    pause = FIRST_PAUSE
    count = 0
    try:
        while not stopping:
            started = time.monotonic()
            child = subprocess.Popen(list(command))  # noqa: S603 (our own command line)
            code = child.wait()
            if stopping or (restarts is not None and count >= restarts):
                break
            pause = FIRST_PAUSE if time.monotonic() - started > HEALTHY_RUN else pause
            logger.warning("The worker stopped (exit %s); starting it again in %.0f s", code, pause)
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
            count += 1
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return count
