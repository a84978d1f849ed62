/* ht-function-item.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-document.h"

G_BEGIN_DECLS

#define HT_TYPE_FUNCTION_ITEM (ht_function_item_get_type ())

/* A function of the caller/callee view as a list item: in the list of all
 * functions with its inclusive cost, among callers or callees with the cost
 * of that call. */
G_DECLARE_FINAL_TYPE (HtFunctionItem, ht_function_item, HT, FUNCTION_ITEM, GObject)

GListModel   *ht_function_item_list_all      (HtDocument     *document);
GListModel   *ht_function_item_list_callers  (HtFunctionItem *self);
GListModel   *ht_function_item_list_callees  (HtFunctionItem *self);
guint         ht_function_item_get_index     (HtFunctionItem *self);
const HtCost *ht_function_item_get_cost      (HtFunctionItem *self);
const HtCost *ht_function_item_get_self_cost (HtFunctionItem *self);
const char   *ht_function_item_get_name      (HtFunctionItem *self);
char         *ht_function_item_dup_full_name (HtFunctionItem *self);
char         *ht_function_item_dup_location  (HtFunctionItem *self);

G_END_DECLS
