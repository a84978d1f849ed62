/* ht-comparison-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ht-comparison.h"

G_BEGIN_DECLS

#define HT_TYPE_COMPARISON_VIEW (ht_comparison_view_get_type ())

/* A picture of a loaded comparison, which it follows through swaps */
G_DECLARE_DERIVABLE_TYPE (HtComparisonView, ht_comparison_view, HT, COMPARISON_VIEW, GtkWidget)

struct _HtComparisonViewClass
{
  GtkWidgetClass parent_class;

  /* Computes again what the view shows and draws it: the comparison was
   * set, swapped or changed otherwise; the comparison may be %NULL */
  void (*update) (HtComparisonView *self);
};

HtComparison *ht_comparison_view_get_comparison (HtComparisonView *self);
gboolean      ht_comparison_view_is_dark        (void);
void          ht_comparison_view_follow_style   (GtkWidget        *picture);
HtCostType    ht_comparison_view_cost_at        (guint             position);
guint         ht_comparison_view_cost_position  (HtCostType        type);
void          ht_comparison_view_title_costs    (GtkDropDown      *dropdown,
                                                 HtComparison     *comparison);

G_END_DECLS
