/* ht-diff-summary-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-comparison-view.h"

G_BEGIN_DECLS

#define HT_TYPE_DIFF_SUMMARY_VIEW (ht_diff_summary_view_get_type ())

G_DECLARE_FINAL_TYPE (HtDiffSummaryView, ht_diff_summary_view, HT, DIFF_SUMMARY_VIEW, HtComparisonView)

GtkGrid *ht_diff_summary_view_get_grid (HtDiffSummaryView *self);

G_END_DECLS
