/* ht-preload.h: what the parts of the preload library share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to libheaptrack-gtk-preload.so: no GLib, nothing exported.
 */

#pragma once

#include <stdbool.h>

/* Starts recording into @fd, which the library owns from then on. Under
 * LD_PRELOAD the constructor calls this with HT_OUTPUT_FD; after a runtime
 * attach (heaptrack-gtk-record --pid) the injector calls it with
 * @attached true, which marks the trace as attached (`A`). Returns false
 * when already recording or when @fd is unusable. */
bool ht_preload_start (int  fd,
                       bool attached);

/* Writes the last timestamp, flushes and closes the stream. The hooks keep
 * passing calls through to the real functions afterwards. */
void ht_preload_stop (void);
