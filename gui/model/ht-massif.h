/* ht-massif.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ht-analysis.h"

G_BEGIN_DECLS

/* How many snapshots a massif file gets at most, besides the peak. */
#define HT_MASSIF_MAX_SNAPSHOTS 100

gboolean ht_massif_write (HtAnalysis  *analysis,
                          const char  *trace_path,
                          double       threshold,
                          guint        detailed_freq,
                          GString     *out,
                          GError     **error);

G_END_DECLS
