/* ht-cost-column.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ht-report.h"

G_BEGIN_DECLS

/* Returns the costs of a list item (not of a GtkTreeListRow: rows are
 * unwrapped before). */
typedef const HtCost *(*HtCostGetter) (gpointer item);

/* Getters for a location column */
typedef const char *(*HtNameGetter) (gpointer item);
typedef char       *(*HtTextGetter) (gpointer item);

GtkColumnViewColumn *ht_cost_column_new          (const char    *title,
                                                  HtCostType     type,
                                                  HtCostGetter   getter);
GtkColumnViewColumn *ht_location_column_new      (const char    *title,
                                                  HtNameGetter   name,
                                                  HtTextGetter   full_name,
                                                  HtTextGetter   location);
gpointer             ht_list_item_unwrap         (gpointer       item);
void                 ht_widget_set_lazy_tooltip  (GtkWidget     *widget,
                                                  const char    *text);
GtkWidget           *ht_cost_label_new           (void);
gboolean             ht_column_view_sort_by_cost (GtkColumnView *view,
                                                  HtCostType     type);
void                 ht_column_view_title_leaked (GtkColumnView *view,
                                                  HtAnalysis    *analysis);

G_END_DECLS
