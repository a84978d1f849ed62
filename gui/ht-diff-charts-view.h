/* ht-diff-charts-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-comparison-view.h"

G_BEGIN_DECLS

#define HT_TYPE_DIFF_CHARTS_VIEW (ht_diff_charts_view_get_type ())

G_DECLARE_FINAL_TYPE (HtDiffChartsView, ht_diff_charts_view, HT, DIFF_CHARTS_VIEW, HtComparisonView)

const HtChartOverlay *ht_diff_charts_view_get_overlay (HtDiffChartsView *self);

G_END_DECLS
