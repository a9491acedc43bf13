"""Child processes that do not outlive the process that started them."""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Ask the system to kill this (child) process when its parent dies, however the parent dies.

    Called first thing in a forked child: a build's helper processes must never go on writing
    after ``kill -9`` of the build. Where ``prctl`` is missing (not Linux) this does nothing.
    """
    parent = os.getppid()
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGKILL)
