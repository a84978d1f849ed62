/* ht-inject.h: runtime attach, the entry points gdb calls
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `heaptrack-gtk-record --pid PID` loads libheaptrack-gtk-preload.so into a
 * running process with gdb (dlopen, not LD_PRELOAD: its hooks interpose on
 * nothing) and calls these two functions there. They are exported from the
 * library; nothing else in it needs them.
 */

#pragma once

/* heaptrack_gtk_inject's results besides 0 (recording) and -errno (the
 * socket could not be reached) */
#define HT_INJECT_ALREADY_RECORDING 1  /* the process is being recorded already */
#define HT_INJECT_UNSUPPORTED       2  /* no hooks found, or an unknown CPU */

/* Connects to the launcher's AF_UNIX stream socket at @socket_path, starts
 * recording into it (the trace is marked attached) and points the GOT slots
 * of malloc & co., dlopen and dlclose of every loaded object at our hooks.
 * Objects loaded later through a patched dlopen get patched too. */
int  heaptrack_gtk_inject   (const char *socket_path);

/* Puts the original addresses back into the slots we patched and stops
 * recording: the trace ends, the process runs on without us. */
void heaptrack_gtk_uninject (void);
