/* ht-diff-item.c: a node of a paired call tree as a list item
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-diff-item"

#include "config.h"

#include <math.h>

#include "ht-diff-item.h"
#include "ht-report.h"

struct _HtDiffItem
{
  GObject       parent_instance;
  HtComparison *comparison;  /* owns the tree */
  HtDiffNode   *node;
  char         *name;        /* templates shortened */
};

G_DEFINE_FINAL_TYPE (HtDiffItem, ht_diff_item, G_TYPE_OBJECT)

static void
ht_diff_item_finalize (GObject *object)
{
  HtDiffItem *self = (HtDiffItem *) object;

  g_clear_object (&self->comparison);
  g_free (self->name);

  G_OBJECT_CLASS (ht_diff_item_parent_class)->finalize (object);
}

static void
ht_diff_item_class_init (HtDiffItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_diff_item_finalize;
}

static void
ht_diff_item_init (HtDiffItem *self)
{
}

static HtDiffItem *
ht_diff_item_new (HtComparison *comparison,
                  HtDiffNode   *node)
{
  HtDiffItem *self = g_object_new (HT_TYPE_DIFF_ITEM, NULL);

  self->comparison = g_object_ref (comparison);
  self->node = node;
  self->name = ht_diff_symbol_display_name (ht_diff_get_symbol (ht_comparison_get_diff (comparison), node->symbol), TRUE);
  return self;
}

static GListModel *
list_children_of (HtComparison *comparison,
                  HtDiffNode   *node)
{
  GListStore *store = g_list_store_new (HT_TYPE_DIFF_ITEM);

  /* a node gets its array with its first child: a leaf has none */
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      g_autoptr(HtDiffItem) item = ht_diff_item_new (comparison, g_ptr_array_index (node->children, i));

      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

/**
 * ht_diff_item_list_roots:
 * @comparison: a loaded comparison
 *
 * Returns: (transfer full): the top level of the paired bottom-up or
 *   top-down tree, an item per node
 */
GListModel *
ht_diff_item_list_roots (HtComparison *comparison,
                         gboolean      top_down)
{
  HtDiff *diff = ht_comparison_get_diff (comparison);

  return list_children_of (comparison, top_down ? diff->top_down : diff->bottom_up);
}

/**
 * ht_diff_item_list_children:
 *
 * Returns: (transfer full) (nullable): the children, %NULL for a leaf
 */
GListModel *
ht_diff_item_list_children (HtDiffItem *self)
{
  if (self->node->children == NULL || self->node->children->len == 0)
    return NULL;
  return list_children_of (self->comparison, self->node);
}

HtComparison *
ht_diff_item_get_comparison (HtDiffItem *self)
{
  return self->comparison;
}

const HtDiffCosts *
ht_diff_item_get_costs (HtDiffItem *self)
{
  return &self->node->costs;
}

HtDiffStatus
ht_diff_item_get_status (HtDiffItem *self)
{
  return ht_diff_costs_status (&self->node->costs);
}

const char *
ht_diff_item_get_name (HtDiffItem *self)
{
  return self->name;
}

/* "file:line · module" as far as known */
char *
ht_diff_item_dup_location (HtDiffItem *self)
{
  const HtDiffSymbol *symbol = ht_diff_get_symbol (ht_comparison_get_diff (self->comparison), self->node->symbol);
  GString *out = g_string_new (NULL);

  if (symbol->file != NULL)
    g_string_append_printf (out, "%s:%u", symbol->file, symbol->line);
  if (symbol->module != NULL)
    g_string_append_printf (out, "%s%s", out->len ? " · " : "", symbol->module);
  return g_string_free (out, FALSE);
}

/* One side's cost, as the diff normalises it */
double
ht_diff_item_get_value (HtDiffItem *self,
                        HtDiffSide  side,
                        HtCostType  type)
{
  return ht_diff_value (ht_comparison_get_diff (self->comparison), side, &self->node->costs, type);
}

double
ht_diff_item_get_delta (HtDiffItem *self,
                        HtCostType  type)
{
  return ht_diff_delta (ht_comparison_get_diff (self->comparison), &self->node->costs, type);
}

/* Below the comparison's noise threshold */
gboolean
ht_diff_item_is_noise (HtDiffItem *self,
                       HtCostType  type)
{
  return ht_diff_is_noise (ht_comparison_get_diff (self->comparison), &self->node->costs, type);
}

/* The largest change first, whatever its sign; ties by name, so the order
 * is stable */
int
ht_diff_item_compare (HtDiffItem *a,
                      HtDiffItem *b,
                      HtCostType  type)
{
  double x = fabs (ht_diff_item_get_delta (a, type));
  double y = fabs (ht_diff_item_get_delta (b, type));

  if (x != y)
    return x > y ? -1 : 1;
  return g_strcmp0 (a->name, b->name);
}
