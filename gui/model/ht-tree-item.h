/* ht-tree-item.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-document.h"
#include "ht-report.h"

G_BEGIN_DECLS

#define HT_TYPE_TREE_ITEM (ht_tree_item_get_type ())

/* A node of a call tree as a list item; its children come as a list model
 * made on demand, so a GtkTreeListModel expands lazily. */
G_DECLARE_FINAL_TYPE (HtTreeItem, ht_tree_item, HT, TREE_ITEM, GObject)

GListModel     *ht_tree_item_list_roots     (HtDocument     *document,
                                             HtCallTree     *tree);
GListModel     *ht_tree_item_list_children  (HtTreeItem     *self);
HtCallTree     *ht_tree_item_get_tree       (HtTreeItem     *self);
HtCallTreeNode *ht_tree_item_get_node       (HtTreeItem     *self);
const HtCost   *ht_tree_item_get_cost       (HtTreeItem     *self);
const char     *ht_tree_item_get_name       (HtTreeItem     *self);
char           *ht_tree_item_dup_full_name  (HtTreeItem     *self);
char           *ht_tree_item_dup_location   (HtTreeItem     *self);
int             ht_tree_item_compare        (HtTreeItem     *a,
                                             HtTreeItem     *b,
                                             HtCostType      type);
int             ht_tree_item_compare_name   (HtTreeItem     *a,
                                             HtTreeItem     *b);

G_END_DECLS
