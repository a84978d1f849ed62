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

GtkColumnViewColumn *ht_cost_column_new (const char   *title,
                                         HtCostType    type,
                                         HtCostGetter  getter);

G_END_DECLS
