/* ht-overlay.h: the charts and size histograms of two traces on shared axes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-analysis.h"
#include "ht-diff.h"

G_BEGIN_DECLS

/* What the overlays keep of one trace once its analysis is gone: the
 * timeline's rows (at most 1023, docs/figures.md §15.1) and the calls per
 * power-of-two size bucket (§11); nothing that grows with the events */
typedef struct
{
  GArray  *rows;       /* HtSeriesRow */
  guint64  runtime;    /* ms */
  guint    n_buckets;
  guint64 *buckets;    /* calls per bucket of ht-histogram.h */
} HtOverlaySide;

/* The time axis shared by both traces (docs/figures.md §21.11) */
typedef enum
{
  HT_OVERLAY_ABSOLUTE,    /* ms since each trace's start */
  HT_OVERLAY_NORMALISED,  /* each trace's time in % of its own runtime */
} HtOverlayTime;

/* One cost of both traces, on one time axis: x[side][row] is where the
 * row lies on the axis, in ms or in % */
typedef struct
{
  HtCostType     type;       /* HT_COST_PEAK: consumed bytes; ALLOCATIONS, TEMPORARY: running counts */
  HtOverlayTime  time;
  double         end;        /* the axis' end: the longer runtime, or 100 */
  gint64         max;        /* the highest value of either side, at least 1 */
  char          *labels[2];  /* "A: file name", "B: file name" */
  guint64        runtime[2]; /* ms */
  guint          n_rows[2];
  double        *x[2];
  guint64       *times[2];   /* ms, each row's own time */
  gint64        *values[2];
} HtChartOverlay;

/* Both traces' calls per size bucket, on the union of their buckets */
typedef struct
{
  char    *labels[2];
  guint    first_bucket;  /* the first bucket with calls on either side; 0 if none */
  guint    n_buckets;     /* buckets 0 to n_buckets - 1, the last with calls on a side */
  guint64 *calls[2];      /* n_buckets each */
  guint64  max;           /* the most calls of one bucket of one side */
} HtHistogramOverlay;

HtOverlaySide      *ht_overlay_side_new           (HtAnalysis               *analysis);
void                ht_overlay_side_free          (HtOverlaySide            *self);

HtChartOverlay     *ht_chart_overlay_new          (HtOverlaySide * const     sides[2],
                                                   char * const              labels[2],
                                                   HtCostType                type,
                                                   HtOverlayTime             time);
gboolean            ht_chart_overlay_is_bytes     (const HtChartOverlay     *self);
int                 ht_chart_overlay_row_at       (const HtChartOverlay     *self,
                                                   HtDiffSide                side,
                                                   double                    x);
char               *ht_chart_overlay_describe     (const HtChartOverlay     *self,
                                                   double                    x);
void                ht_chart_overlay_free         (HtChartOverlay           *self);

HtHistogramOverlay *ht_histogram_overlay_new      (HtOverlaySide * const     sides[2],
                                                   char * const              labels[2]);
char               *ht_histogram_overlay_describe (const HtHistogramOverlay *self,
                                                   guint                     bucket);
void                ht_histogram_overlay_free     (HtHistogramOverlay       *self);

void                ht_overlay_side_rgb           (HtDiffSide                side,
                                                   gboolean                  dark,
                                                   double                    rgb[3]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtChartOverlay, ht_chart_overlay_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtHistogramOverlay, ht_histogram_overlay_free)

G_END_DECLS
