/* ht-tree-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_TREE_VIEW (ht_tree_view_get_type ())

G_DECLARE_FINAL_TYPE (HtTreeView, ht_tree_view, HT, TREE_VIEW, HtView)

GtkWidget *ht_tree_view_new          (void);
void       ht_tree_view_expand_first (HtTreeView  *self,
                                      guint        depth);
void       ht_tree_view_select       (HtTreeView  *self,
                                      guint        position);
void       ht_tree_view_show_selected_function
                                     (HtTreeView  *self);
void       ht_tree_view_search       (HtTreeView  *self,
                                      const char  *text);

G_END_DECLS
