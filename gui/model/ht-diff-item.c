/* ht-diff-item.c: a node of a paired call tree, a function or one of its
 * callers or callees as a list item
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
  HtDiffNode   *node;        /* NULL but in a tree */
  guint         symbol;
  HtDiffCosts   costs;       /* as they were when listed: a swap lists anew */
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
ht_diff_item_new (HtComparison      *comparison,
                  guint              symbol,
                  const HtDiffCosts *costs,
                  HtDiffNode        *node)
{
  HtDiffItem *self = g_object_new (HT_TYPE_DIFF_ITEM, NULL);

  self->comparison = g_object_ref (comparison);
  self->node = node;
  self->symbol = symbol;
  self->costs = *costs;
  self->name = ht_diff_symbol_display_name (ht_diff_get_symbol (ht_comparison_get_diff (comparison), symbol), TRUE);
  return self;
}

static void
append_item (GListStore        *store,
             HtComparison      *comparison,
             guint              symbol,
             const HtDiffCosts *costs,
             HtDiffNode        *node)
{
  g_autoptr(HtDiffItem) item = ht_diff_item_new (comparison, symbol, costs, node);

  g_list_store_append (store, item);
}

static GListModel *
list_children_of (HtComparison *comparison,
                  HtDiffNode   *node)
{
  GListStore *store = g_list_store_new (HT_TYPE_DIFF_ITEM);

  /* a node gets its array with its first child: a leaf has none */
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      HtDiffNode *child = g_ptr_array_index (node->children, i);

      append_item (store, comparison, child->symbol, &child->costs, child);
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
  if (self->node == NULL || self->node->children == NULL || self->node->children->len == 0)
    return NULL;
  return list_children_of (self->comparison, self->node);
}

/**
 * ht_diff_item_list_functions:
 * @comparison: a loaded comparison
 *
 * Returns: (transfer full): every function (key) of either side's stacks,
 *   with its inclusive costs (docs/figures.md §16.4), for the caller/callee
 *   view; the items have no children
 */
GListModel *
ht_diff_item_list_functions (HtComparison *comparison)
{
  HtDiff *diff = ht_comparison_get_diff (comparison);
  g_autoptr(GArray) inclusive = ht_diff_list_inclusive (diff);
  GListStore *store = g_list_store_new (HT_TYPE_DIFF_ITEM);

  for (guint i = 0; i < inclusive->len; i++)
    {
      const HtDiffCosts *costs = &g_array_index (inclusive, HtDiffCosts, i);

      /* a frame of a JSON base's site of no cost is in no site */
      if (costs->n_a > 0 || costs->n_b > 0)
        append_item (store, comparison, i, costs, NULL);
    }
  return G_LIST_MODEL (store);
}

/**
 * ht_diff_item_list_links:
 * @self: an item of ht_diff_item_list_functions (), or any item
 * @callers: its callers, or its callees
 *
 * Returns: (transfer full): the callers or callees of @self's function,
 *   each with the costs of the sites that make the call
 */
GListModel *
ht_diff_item_list_links (HtDiffItem *self,
                         gboolean    callers)
{
  g_autoptr(GArray) links = ht_diff_list_links (ht_comparison_get_diff (self->comparison), self->symbol, callers);
  GListStore *store = g_list_store_new (HT_TYPE_DIFF_ITEM);

  for (guint i = 0; i < links->len; i++)
    {
      const HtDiffLink *link = &g_array_index (links, HtDiffLink, i);

      append_item (store, self->comparison, link->symbol, &link->costs, NULL);
    }
  return G_LIST_MODEL (store);
}

/* The key of the item's function, an index of the diff's symbols */
guint
ht_diff_item_get_symbol (HtDiffItem *self)
{
  return self->symbol;
}

HtComparison *
ht_diff_item_get_comparison (HtDiffItem *self)
{
  return self->comparison;
}

const HtDiffCosts *
ht_diff_item_get_costs (HtDiffItem *self)
{
  return &self->costs;
}

HtDiffStatus
ht_diff_item_get_status (HtDiffItem *self)
{
  return ht_diff_costs_status (&self->costs);
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
  const HtDiffSymbol *symbol = ht_diff_get_symbol (ht_comparison_get_diff (self->comparison), self->symbol);
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
  return ht_diff_value (ht_comparison_get_diff (self->comparison), side, &self->costs, type);
}

double
ht_diff_item_get_delta (HtDiffItem *self,
                        HtCostType  type)
{
  return ht_diff_delta (ht_comparison_get_diff (self->comparison), &self->costs, type);
}

/* Below the comparison's noise threshold */
gboolean
ht_diff_item_is_noise (HtDiffItem *self,
                       HtCostType  type)
{
  return ht_diff_is_noise (ht_comparison_get_diff (self->comparison), &self->costs, type);
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
