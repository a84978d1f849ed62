/* ht-replay.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-analysis.h"

G_BEGIN_DECLS

/* Called for each event of a second pass; @info (with its site) is set for
 * allocations and frees, NULL for the other events. */
typedef void (*HtReplayFunc) (const HtEvent     *event,
                              const HtAllocInfo *info,
                              gpointer           user_data);

gboolean ht_replay (HtAnalysis    *analysis,
                    const char    *trace_path,
                    HtReplayFunc   func,
                    gpointer       user_data,
                    GCancellable  *cancellable,
                    GError       **error);

G_END_DECLS
