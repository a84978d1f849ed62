/* ht-diff-histogram-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-comparison-view.h"

G_BEGIN_DECLS

#define HT_TYPE_DIFF_HISTOGRAM_VIEW (ht_diff_histogram_view_get_type ())

G_DECLARE_FINAL_TYPE (HtDiffHistogramView, ht_diff_histogram_view, HT, DIFF_HISTOGRAM_VIEW, HtComparisonView)

const HtHistogramOverlay *ht_diff_histogram_view_get_overlay (HtDiffHistogramView *self);

G_END_DECLS
