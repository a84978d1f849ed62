/* ht-chart.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-analysis.h"
#include "ht-report.h"

G_BEGIN_DECLS

/* A timeline of one cost: the total and the top allocation locations, at the
 * row times of the analysis' series (docs/figures.md §15). */
typedef struct
{
  HtCostType  type;       /* HT_COST_PEAK: live bytes; ALLOCATIONS, TEMPORARY: running counts */
  guint       n_rows;
  guint64    *times;      /* ms, n_rows */
  gint64     *totals;     /* n_rows */
  GPtrArray  *groups;     /* HtLeafGroup: every location, largest first */
  guint       n_series;   /* the first n_series groups have a series */
  gint64    **values;     /* values[group][row], group < n_series */
} HtChart;

HtChart *ht_chart_new  (HtAnalysis    *analysis,
                        const char    *trace_path,
                        HtCostType     type,
                        guint          n_top,
                        GCancellable  *cancellable,
                        GError       **error);
void     ht_chart_free (HtChart       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtChart, ht_chart_free)

G_END_DECLS
