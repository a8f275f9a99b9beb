"""Entry point of the local model server process: run a server module, and die with the factalign that started it.

``python -m service.local_watchdog --parent-pid PID [--pdeathsig] --module llama_cpp.server -- ARGS...``

Two guards, so no llama.cpp server is ever left orphaned at 100% CPU (issue 10, faults 1 and 7):
- ``--pdeathsig``: the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``); only asked for when
  the parent started us from its main thread, because the signal follows the starting *thread*.
- a daemon thread polls ``getppid()`` twice a second and kills this process (and its group) once the parent is
  gone, which covers SIGKILL of the parent and starts from worker threads.
"""

import argparse
import contextlib
import ctypes
import os
import runpy
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_S = 0.5


def die_with_parent(parent_pid: int, *, pdeathsig: bool) -> None:
    if pdeathsig and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before we got here
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(POLL_S)
            if os.getppid() != parent_pid:
                with contextlib.suppress(OSError):
                    os.killpg(os.getpgid(0), signal.SIGKILL)
                os._exit(0)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="service.local_watchdog")
    parser.add_argument("--parent-pid", type=int, required=True)
    parser.add_argument("--pdeathsig", action="store_true")
    parser.add_argument("--module", required=True)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    ns = parser.parse_args(argv)
    args = ns.args[1:] if ns.args[:1] == ["--"] else ns.args
    die_with_parent(ns.parent_pid, pdeathsig=ns.pdeathsig)
    sys.argv = [ns.module, *args]
    runpy.run_module(ns.module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
