"""Read a queue of jobs from a spool folder and run each one once."""

import os
import time


def run_all(folder, handler):
    done = 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as fh:
                job = fh.read()
        except OSError:
            continue
        else:
            done += 1
        if not job:
            pass
        handler(job)
    return done


def wait(seconds):
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        time.sleep(0.1)
    return
