#!/usr/bin/env python3
# launch-time.py: when a program that opens a file has done its work
#
# Copyright 2026 The heaptrack-gtk authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: launch-time.py COMMAND [ARGS...]
#
# Starts COMMAND and samples the CPU time of all its threads (ended ones
# included) every 2 ms
# until it has used none for 1.5 s (at most 60 s), then kills it. Prints
#   ready  ms from the start to the moment it had used all but one clock
#          tick (10 ms) of its CPU time: its work done, data shown
#   cpu    ms of CPU time, all threads
#   rss    peak RSS in MiB
# It needs nothing from the program, so heaptrack_gui and heaptrack-gtk
# are timed alike, from their start, in the same run (bench/gui-bench.sh).

import os
import subprocess
import sys
import time

QUIET = 1.5
LIMIT = 60.0
TICK_MS = 1000 / os.sysconf('SC_CLK_TCK')


def cpu_ms(pid):
    # The process's own stat sums every thread, those that have ended too
    # (a loading thread); summing /proc/PID/task/*/stat would drop them and
    # call the program ready too early.
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def peak_rss_mib(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmHWM'):
                return int(line.split()[1]) // 1024
    return 0


def main():
    if len(sys.argv) < 2:
        sys.exit('usage: launch-time.py COMMAND [ARGS...]')
    start = time.monotonic()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    series = []
    rss = 0
    back = 0  # the first sample of the last QUIET seconds
    while True:
        now = time.monotonic() - start
        try:
            used = cpu_ms(child.pid)
            rss = peak_rss_mib(child.pid)
        except (FileNotFoundError, ProcessLookupError):
            break
        if child.poll() is not None:
            break
        series.append((now, used))
        while series[back][0] < now - QUIET:
            back += 1
        if now > LIMIT or (now > QUIET and used == series[back][1]):
            break
        time.sleep(0.002)
    child.kill()
    child.wait()
    if not series:
        sys.exit('launch-time.py: the program ended at once')
    final = series[-1][1]
    ready = next(t for t, c in series if c >= final - TICK_MS)
    print(f'ready {1000 * ready:.0f} cpu {final:.0f} rss {rss}')


main()
