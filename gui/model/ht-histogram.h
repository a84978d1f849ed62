/* ht-histogram.h: allocation sizes in powers of two, stacked by location
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-analysis.h"

G_BEGIN_DECLS

/* Bucket 0 holds the allocations of 0 bytes; bucket b > 0 those of 2^(b-1)
 * to 2^b - 1 bytes. */
typedef struct
{
  guint       n_buckets;
  guint64    *totals;     /* calls per bucket */
  GArray    **sizes;      /* per bucket: HtSizeCount, ascending: the exact sizes */
  GPtrArray  *groups;     /* HtLeafGroup: every location, most calls first */
  guint       n_series;   /* the first n_series groups are stacked ... */
  guint64   **values;     /* ... values[group][bucket], and values[n_series] is
                           * the rest of the locations */
} HtHistogram;

HtHistogram *ht_histogram_new            (HtAnalysis  *analysis,
                                          guint        n_top);
guint64      ht_histogram_bucket_lower   (guint        bucket);
guint64      ht_histogram_bucket_upper   (guint        bucket);
char        *ht_histogram_bucket_label   (guint        bucket);
guint        ht_histogram_first_bucket   (HtHistogram *self);
guint        ht_histogram_tallest_bucket (HtHistogram *self);
guint64      ht_histogram_total_calls    (HtHistogram *self);
char        *ht_histogram_series_name    (HtHistogram *self,
                                          HtAnalysis  *analysis,
                                          guint        series);
char        *ht_histogram_bucket_summary (HtHistogram *self,
                                          guint        bucket);
char        *ht_histogram_bucket_details (HtHistogram *self,
                                          HtAnalysis  *analysis,
                                          guint        bucket,
                                          guint        max_sizes);
char        *ht_histogram_to_csv         (HtHistogram *self,
                                          HtAnalysis  *analysis);
void         ht_histogram_free           (HtHistogram *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtHistogram, ht_histogram_free)

G_END_DECLS
