/* ht-comparison.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-diff.h"
#include "ht-overlay.h"

G_BEGIN_DECLS

#define HT_TYPE_COMPARISON (ht_comparison_get_type ())

/* Two traces loaded side by side, A (the base) and B, and their HtDiff
 * (docs/figures.md §21), for the comparison window. */
G_DECLARE_FINAL_TYPE (HtComparison, ht_comparison, HT, COMPARISON, GObject)

/* How a change reads: more memory, calls or time is worse */
typedef enum
{
  HT_CHANGE_NONE,
  HT_CHANGE_WORSE,
  HT_CHANGE_BETTER,
} HtChange;

/* One figure of the comparison's summary, as text */
typedef struct
{
  HtDiffFigure  figure;
  char         *label;
  char         *a;        /* "—" where a side lacks the figure */
  char         *b;
  char         *delta;    /* signed, with ▲ or ▼ when not 0 */
  char         *percent;  /* of A, signed; "—" when A is 0 or missing */
  HtChange      change;
} HtComparisonLine;

HtComparison *ht_comparison_new            (GFile                *base,
                                            GFile                *file);
HtComparison *ht_comparison_new_moments    (GFile                *file,
                                            guint64               t1,
                                            guint64               t2);
void          ht_comparison_load_async     (HtComparison         *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      ht_comparison_load_finish    (HtComparison         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gboolean      ht_comparison_load           (HtComparison         *self,
                                            GCancellable         *cancellable,
                                            GError              **error);
GFile        *ht_comparison_get_file       (HtComparison         *self,
                                            HtDiffSide            side);
GFile        *ht_comparison_get_failed_file (HtComparison        *self);
char         *ht_comparison_get_side_name  (HtComparison         *self,
                                            HtDiffSide            side);
char         *ht_comparison_describe_side  (HtComparison         *self,
                                            HtDiffSide            side);
char         *ht_comparison_get_title      (HtComparison         *self);
gboolean      ht_comparison_is_moments     (HtComparison         *self);
HtDiff       *ht_comparison_get_diff       (HtComparison         *self);
void          ht_comparison_swap           (HtComparison         *self);
void          ht_comparison_set_normalise  (HtComparison         *self,
                                            HtDiffNormalise       normalise);
void          ht_comparison_set_noise_threshold (HtComparison    *self,
                                            double                share);
GPtrArray    *ht_comparison_summary_lines  (HtComparison         *self);
char         *ht_comparison_unmatched_text (HtComparison         *self,
                                            HtDiffSide            side);
char         *ht_comparison_format_delta   (HtComparison         *self,
                                            HtCostType            type,
                                            double                delta,
                                            HtChange             *change);
char         *ht_comparison_format_value   (HtComparison         *self,
                                            HtCostType            type,
                                            double                value);
char         *ht_comparison_format_percent (double                a,
                                            double                delta);
char         *ht_comparison_side_label     (HtComparison         *self,
                                            HtDiffSide            side);
HtChartOverlay *ht_comparison_chart_overlay (HtComparison        *self,
                                            HtCostType            type,
                                            HtOverlayTime         time);
HtHistogramOverlay *ht_comparison_histogram_overlay (HtComparison *self);

G_END_DECLS
