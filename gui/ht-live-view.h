/* ht-live-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ht-analysis.h"
#include "ht-recorder-process.h"

G_BEGIN_DECLS

#define HT_TYPE_LIVE_VIEW (ht_live_view_get_type ())

/* A trace that is being written, as it grows: its charts and figures so far,
 * and, when the application records it, the recorder's state and output */
G_DECLARE_FINAL_TYPE (HtLiveView, ht_live_view, HT, LIVE_VIEW, GtkWidget)

const char        *ht_live_view_get_path     (HtLiveView        *self);
void               ht_live_view_set_path     (HtLiveView        *self,
                                              const char        *path);
HtRecorderProcess *ht_live_view_get_recorder (HtLiveView        *self);
void               ht_live_view_set_recorder (HtLiveView        *self,
                                              HtRecorderProcess *recorder);
gboolean           ht_live_view_get_done     (HtLiveView        *self);
gboolean           ht_live_view_get_totals   (HtLiveView        *self,
                                              HtAnalysisTotals  *totals);

G_END_DECLS
