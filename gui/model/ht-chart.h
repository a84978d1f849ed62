/* ht-chart.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-analysis.h"
#include "ht-location-colours.h"
#include "ht-report.h"

G_BEGIN_DECLS

/* A resident-size sample of the trace, in bytes, at its current time */
typedef struct
{
  guint64 time;   /* ms */
  gint64  bytes;
} HtRssSample;

/* A timeline of one cost: the total and the top allocation locations, at the
 * row times of the analysis' series (docs/figures.md §15). */
typedef struct
{
  HtCostType  type;       /* HT_COST_PEAK: live bytes; ALLOCATIONS, TEMPORARY: running counts */
  guint       n_rows;
  guint64    *times;      /* ms, n_rows */
  gint64     *totals;     /* n_rows; for live bytes the highest since the previous row */
  gint64     *live;       /* n_rows, live bytes only: the live total at the row's time; else NULL */
  GArray     *rss;        /* HtRssSample, live bytes only: the trace's R samples; else NULL */
  guint64     peak_time;  /* ms, and the peak (docs/figures.md §4), live bytes only */
  gint64      peak;
  guint64     runtime;    /* ms */
  GPtrArray  *groups;     /* HtLeafGroup: every location, largest first */
  guint       n_series;   /* the first n_series groups have a series */
  gint64    **values;     /* values[group][row], group < n_series */
  char      **names;      /* n_series: "function (file:line)" of each series */
  int        *slots;      /* n_series: each series' colour slot (ht-location-colours) */
} HtChart;

HtChart  *ht_chart_new          (HtAnalysis         *analysis,
                                 const char         *trace_path,
                                 HtCostType          type,
                                 guint               n_top,
                                 GCancellable       *cancellable,
                                 GError            **error);
gboolean  ht_chart_new_several  (HtAnalysis         *analysis,
                                 const char         *trace_path,
                                 const HtCostType   *types,
                                 guint               n_types,
                                 guint               n_top,
                                 HtLocationColours  *colours,
                                 HtChart           **charts,
                                 GCancellable       *cancellable,
                                 GError            **error);
HtChart  *ht_chart_new_live     (HtAnalysisFeed     *feed,
                                 HtCostType          type,
                                 guint               n_top,
                                 HtLocationColours  *colours);
gboolean  ht_chart_is_bytes     (const HtChart      *self);
gint64    ht_chart_get_max      (const HtChart      *self);
guint     ht_chart_row_at       (const HtChart      *self,
                                 guint64             time);
gint64    ht_chart_rss_at       (const HtChart      *self,
                                 guint64             time,
                                 gboolean           *found);
char     *ht_chart_describe_row (const HtChart      *self,
                                 guint               row,
                                 gboolean            with_series);
char     *ht_chart_to_csv       (const HtChart      *self);
void      ht_chart_free         (HtChart            *self);

/* Axes in human units: ticks at 1, 2 or 5 times a power of ten of a unit */
double    ht_chart_nice_step    (double              range,
                                 guint               max_ticks);
double    ht_chart_time_unit    (double              span_ms);
char     *ht_chart_format_moment (guint64            ms);
char     *ht_chart_format_time  (double              ms,
                                 double              unit);
double    ht_chart_value_unit   (gint64              max,
                                 gboolean            bytes);
char     *ht_chart_format_value (double              value,
                                 double              unit,
                                 gboolean            bytes);
char     *ht_chart_format_exact (const HtChart      *self,
                                 gint64              value);
char     *ht_chart_format_amount (gint64             value,
                                 gboolean            bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtChart, ht_chart_free)

G_END_DECLS
