/* ht-flame-graph.c: where each frame of a flame graph goes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout of a flame graph (top-down: callers at the base) or of an
 * inverted one (bottom-up: allocating functions at the base) from a call
 * tree, for one cost: each frame as wide as its share of its parent's cost,
 * its children side by side above it, costliest first. What a painter
 * needs and no more: frames narrower than a pixel are merged into one
 * "more" block per parent (a tree of a million stacks stays drawable), a
 * threshold hides frames below a share of the total, and recursion can be
 * collapsed (a function calling itself takes one level, not one per call).
 * No GTK: the widget only paints these rectangles, and tests check them.
 */

#define G_LOG_DOMAIN "ht-flame-graph"

#include "config.h"

#include "ht-flame-graph.h"

typedef struct
{
  HtCallTree    *tree;
  HtCostType     type;
  double         pixel;      /* one pixel, as a share of the view's width */
  double         threshold;  /* the smallest share of the total shown */
  gboolean       collapse;
  HtFlameLayout *layout;
} Layout;

static gint64
cost_of (const Layout         *l,
         const HtCallTreeNode *node)
{
  return MAX (ht_cost_get (ht_call_tree_node_get_cost (node), l->type), 0);
}

static gboolean
same_symbol (HtCallTree           *tree,
             const HtCallTreeNode *a,
             const HtCallTreeNode *b)
{
  const HtCallSymbol *x = ht_call_tree_node_get_symbol (tree, a);
  const HtCallSymbol *y = ht_call_tree_node_get_symbol (tree, b);

  /* the root has none */
  if (x == NULL || y == NULL)
    return FALSE;
  return x->function == y->function && x->module == y->module && x->address == y->address;
}

static int
by_cost_descending (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  const Layout *l = data;
  gint64 x = cost_of (l, *(HtCallTreeNode * const *) a);
  gint64 y = cost_of (l, *(HtCallTreeNode * const *) b);

  return x > y ? -1 : x < y;
}

static void
add_frame (Layout         *l,
           HtCallTreeNode *node,
           double          x,
           double          width,
           guint           depth,
           gint64          cost)
{
  HtFlameFrame frame = { node, x, width, depth, cost };

  g_array_append_val (l->layout->frames, frame);
  l->layout->n_levels = MAX (l->layout->n_levels, depth + 1);
}

/* The children of @node, which spans [@x, @x + @width), at @depth */
static void
lay_children (Layout         *l,
              HtCallTreeNode *node,
              double          x,
              double          width,
              guint           depth)
{
  guint n = ht_call_tree_node_get_n_children (node);
  gint64 parent = cost_of (l, node);
  g_autoptr(GPtrArray) children = NULL;
  double merged_x = -1, merged = 0;
  gint64 merged_cost = 0;

  if (n == 0 || parent == 0 || width < l->pixel)
    return;
  children = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (children, ht_call_tree_node_get_child (node, i));
  g_ptr_array_sort_with_data (children, by_cost_descending, l);

  for (guint i = 0; i < n; i++)
    {
      HtCallTreeNode *child = g_ptr_array_index (children, i);
      gint64 cost = cost_of (l, child);
      double w = width * (double) cost / (double) parent;

      if (cost == 0)
        break;
      if ((double) cost < l->threshold * (double) l->layout->total)
        ;  /* hidden, its room left empty */
      else if (w < l->pixel)
        {
          /* too narrow to see: together with its narrow siblings */
          if (merged_x < 0)
            merged_x = x;
          merged += w;
          merged_cost += cost;
        }
      else if (l->collapse && same_symbol (l->tree, child, node))
        lay_children (l, child, x, w, depth);
      else
        {
          add_frame (l, child, x, w, depth, cost);
          lay_children (l, child, x, w, depth + 1);
        }
      x += w;
    }
  if (merged >= l->pixel)
    add_frame (l, NULL, merged_x, merged, depth, merged_cost);
}

/**
 * ht_flame_layout_new:
 * @zoom: (nullable): the frame that fills the view, or %NULL for the root
 * @width_px: the view's width in pixels
 * @threshold: frames below this share of the total are not shown (0 for all)
 * @collapse_recursion: a function calling itself takes one level
 *
 * Returns: (transfer full): the frames of @tree for @type
 */
HtFlameLayout *
ht_flame_layout_new (HtCallTree     *tree,
                     HtCallTreeNode *zoom,
                     HtCostType      type,
                     double          width_px,
                     double          threshold,
                     gboolean        collapse_recursion)
{
  Layout l = { tree, type, 1.0 / MAX (width_px, 1.0), threshold, collapse_recursion, NULL };
  HtCallTreeNode *top = zoom != NULL ? zoom : ht_call_tree_get_root (tree);

  l.layout = g_new0 (HtFlameLayout, 1);
  l.layout->frames = g_array_new (FALSE, FALSE, sizeof (HtFlameFrame));
  l.layout->total = cost_of (&l, top);
  if (zoom != NULL)
    {
      if (l.layout->total > 0)
        add_frame (&l, zoom, 0, 1, 0, l.layout->total);
      lay_children (&l, zoom, 0, 1, 1);
    }
  else
    lay_children (&l, top, 0, 1, 0);
  return l.layout;
}

void
ht_flame_layout_free (HtFlameLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->frames);
  g_free (self);
}
