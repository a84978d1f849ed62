/* ht-trace-follower.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-analysis.h"
#include "ht-chart.h"

G_BEGIN_DECLS

/* Reads a trace while it is being written: each poll reads what has been
 * added since the last, and the figures so far can be had after any of
 * them (docs/trace-format.md §12). */
typedef struct _HtTraceFollower HtTraceFollower;

HtTraceFollower *ht_trace_follower_new           (const char        *path);
void             ht_trace_follower_free          (HtTraceFollower   *self);
void             ht_trace_follower_set_poll_time (HtTraceFollower   *self,
                                                  gint64             usec);
gboolean         ht_trace_follower_poll          (HtTraceFollower   *self,
                                                  gboolean          *changed,
                                                  GError           **error);
gboolean         ht_trace_follower_get_totals    (HtTraceFollower   *self,
                                                  HtAnalysisTotals  *totals);
gboolean         ht_trace_follower_get_charts    (HtTraceFollower   *self,
                                                  const HtCostType  *types,
                                                  guint              n_types,
                                                  guint              n_top,
                                                  HtChart          **charts);
HtAnalysis      *ht_trace_follower_finish        (HtTraceFollower   *self,
                                                  GError           **error);

gboolean         ht_trace_is_being_written       (const char        *path);
char            *ht_trace_next_program           (const char        *path,
                                                  gboolean          *wait);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtTraceFollower, ht_trace_follower_free)

G_END_DECLS
