/* ht-diff-item.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-comparison.h"

G_BEGIN_DECLS

#define HT_TYPE_DIFF_ITEM (ht_diff_item_get_type ())

/* A node of a paired call tree as a list item, its children made on
 * demand, so a GtkTreeListModel expands lazily (as HtTreeItem); or a
 * function of the caller/callee view, or one of its callers or callees,
 * without children. */
G_DECLARE_FINAL_TYPE (HtDiffItem, ht_diff_item, HT, DIFF_ITEM, GObject)

GListModel        *ht_diff_item_list_roots    (HtComparison   *comparison,
                                               gboolean        top_down);
GListModel        *ht_diff_item_list_children (HtDiffItem     *self);
GListModel        *ht_diff_item_list_functions (HtComparison  *comparison);
GListModel        *ht_diff_item_list_links    (HtDiffItem     *self,
                                               gboolean        callers);
guint              ht_diff_item_get_symbol    (HtDiffItem     *self);
HtComparison      *ht_diff_item_get_comparison (HtDiffItem    *self);
const HtDiffCosts *ht_diff_item_get_costs     (HtDiffItem     *self);
HtDiffStatus       ht_diff_item_get_status    (HtDiffItem     *self);
const char        *ht_diff_item_get_name      (HtDiffItem     *self);
char              *ht_diff_item_dup_location  (HtDiffItem     *self);
double             ht_diff_item_get_value     (HtDiffItem     *self,
                                               HtDiffSide      side,
                                               HtCostType      type);
double             ht_diff_item_get_delta     (HtDiffItem     *self,
                                               HtCostType      type);
gboolean           ht_diff_item_is_noise      (HtDiffItem     *self,
                                               HtCostType      type);
int                ht_diff_item_compare       (HtDiffItem     *a,
                                               HtDiffItem     *b,
                                               HtCostType      type);

G_END_DECLS
