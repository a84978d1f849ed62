/* ht-histogram-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_HISTOGRAM_VIEW (ht_histogram_view_get_type ())

G_DECLARE_FINAL_TYPE (HtHistogramView, ht_histogram_view, HT, HISTOGRAM_VIEW, HtView)

guint       ht_histogram_view_get_n_bars      (HtHistogramView *self);
int         ht_histogram_view_get_selected    (HtHistogramView *self);
const char *ht_histogram_view_get_description (HtHistogramView *self);
GtkWidget  *ht_histogram_view_get_chart       (HtHistogramView *self);
gboolean    ht_histogram_view_save            (HtHistogramView *self,
                                               const char      *format,
                                               GFile           *file);

G_END_DECLS
