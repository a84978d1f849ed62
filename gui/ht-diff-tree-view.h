/* ht-diff-tree-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-comparison-view.h"
#include "ht-report.h"

G_BEGIN_DECLS

#define HT_TYPE_DIFF_TREE_VIEW (ht_diff_tree_view_get_type ())

G_DECLARE_FINAL_TYPE (HtDiffTreeView, ht_diff_tree_view, HT, DIFF_TREE_VIEW, HtComparisonView)

void        ht_diff_tree_view_set_top_down  (HtDiffTreeView *self,
                                              gboolean        top_down);
void        ht_diff_tree_view_show_caller_callee (HtDiffTreeView *self);
void        ht_diff_tree_view_set_cost_type (HtDiffTreeView *self,
                                              HtCostType      type);
void        ht_diff_tree_view_set_threshold (HtDiffTreeView *self,
                                              double          percent);
GListModel *ht_diff_tree_view_get_rows      (HtDiffTreeView *self);
GListModel *ht_diff_tree_view_get_links     (HtDiffTreeView *self,
                                              gboolean        callers);

G_END_DECLS
