/* ht-flame-graph.c: where each frame of a flame graph goes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout of a flame graph (top-down: callers at the base) or of an
 * inverted one (bottom-up: allocating functions at the base) from a call
 * tree, for one cost (a call tree of one trace, or a comparison's paired
 * tree, read through an HtFlameSource): each frame as wide as its share of
 * its parent's cost, its children side by side above it, costliest first.
 * What a painter needs and no more: frames narrower than a pixel are merged
 * into one "more" block per parent (a tree of a million stacks stays
 * drawable), a threshold hides frames below a share of the total, and
 * recursion can be collapsed (a function calling itself takes one level,
 * not one per call).
 * No GTK: the widget only paints these rectangles, and tests check them.
 *
 * What the widget asks of a layout lives here too, so that it is tested
 * without a display: which frame is under the pointer, where the keyboard
 * goes from a frame, which frames a search or the selected function marks
 * and how much of the total the search matches, and a frame told in words
 * (the tooltip, and the label a screen reader reads).
 */

#define G_LOG_DOMAIN "ht-flame-graph"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ht-flame-graph.h"
#include "ht-summary.h"

typedef struct
{
  const HtFlameSource *source;
  gpointer             data;
  HtCostType           type;
  double               pixel;      /* one pixel, as a share of the view's width */
  double               threshold;  /* the smallest share of the total shown */
  gboolean             collapse;
  HtFlameLayout       *layout;
} Layout;

static gint64
cost_of (const Layout  *l,
         gconstpointer  node)
{
  return MAX (l->source->cost (l->data, node, l->type), 0);
}

static gboolean
same_symbol (const Layout  *l,
             gconstpointer  a,
             gconstpointer  b)
{
  gconstpointer x = l->source->symbol (l->data, a);

  /* the root has none */
  return x != NULL && x == l->source->symbol (l->data, b);
}

/* A child and its cost, looked up once */
typedef struct
{
  gpointer node;
  gint64   cost;
} Child;

static int
by_cost_descending (gconstpointer a,
                    gconstpointer b)
{
  const Child *x = a, *y = b;

  return x->cost > y->cost ? -1 : x->cost < y->cost;
}

/* Returns: the new frame's index */
static guint
add_frame (Layout         *l,
           gpointer        node,
           double          x,
           double          width,
           guint           depth,
           gint64          cost,
           guint           parent)
{
  HtFlameFrame frame = { node, x, width, depth, 0, cost, parent, 0 };
  guint index = l->layout->frames->len;

  g_array_append_val (l->layout->frames, frame);
  if (depth >= l->layout->levels->len)
    g_ptr_array_add (l->layout->levels, g_array_new (FALSE, FALSE, sizeof (guint)));
  /* frames come depth first and siblings left to right, so each level's
   * frames come from left to right too */
  g_array_append_val (g_ptr_array_index (l->layout->levels, depth), index);
  l->layout->n_levels = MAX (l->layout->n_levels, depth + 1);
  return index;
}

/* The children of @node, which spans [@x, @x + @width), at @depth, on the
 * frame @below */
static void
lay_children (Layout         *l,
              gpointer        node,
              double          x,
              double          width,
              guint           depth,
              guint           below)
{
  guint n = l->source->n_children (node);
  gint64 parent = cost_of (l, node);
  g_autoptr(GArray) shown = NULL;
  double merged = 0;
  gint64 merged_cost = 0;

  if (n == 0 || parent == 0 || width < l->pixel)
    return;

  /* Only the children drawn on their own are sorted, costliest first (the
   * sort is stable: ties keep the tree's order); of thousands of callees
   * most are hidden or narrow. Sorted, the narrow ones would come after
   * those, their block right of them, and the hidden ones last, leaving
   * their room empty. */
  shown = g_array_sized_new (FALSE, FALSE, sizeof (Child), MIN (n, 64));
  for (guint i = 0; i < n; i++)
    {
      Child child = { l->source->child (node, i), 0 };
      double w;

      child.cost = cost_of (l, child.node);
      w = width * (double) child.cost / (double) parent;
      if (child.cost == 0 || (double) child.cost < l->threshold * (double) l->layout->total)
        continue;
      if (w < l->pixel)
        {
          /* too narrow to see: together with its narrow siblings */
          merged += w;
          merged_cost += child.cost;
        }
      else
        g_array_append_val (shown, child);
    }
  g_array_sort (shown, by_cost_descending);

  for (guint i = 0; i < shown->len; i++)
    {
      const Child *child = &g_array_index (shown, Child, i);
      double w = width * (double) child->cost / (double) parent;

      if (l->collapse && same_symbol (l, child->node, node))
        lay_children (l, child->node, x, w, depth, below);
      else
        {
          guint index = add_frame (l, child->node, x, w, depth, child->cost, below);

          lay_children (l, child->node, x, w, depth + 1, index);
        }
      x += w;
    }
  if (merged >= l->pixel)
    add_frame (l, NULL, x, merged, depth, merged_cost, below);
}

/**
 * ht_flame_layout_new_for:
 * @source: how to read @data's nodes
 * @root: the root of the tree laid out, a node of no function
 * @zoom: (nullable): the frame that fills the view, or %NULL for the root
 * @width_px: the view's width in pixels
 * @threshold: frames below this share of the total are not shown (0 for all)
 * @collapse_recursion: a function calling itself takes one level
 *
 * Returns: (transfer full): the frames of the tree under @root for @type
 */
HtFlameLayout *
ht_flame_layout_new_for (const HtFlameSource *source,
                         gpointer             data,
                         gpointer             root,
                         gpointer             zoom,
                         HtCostType           type,
                         double               width_px,
                         double               threshold,
                         gboolean             collapse_recursion)
{
  Layout l = { source, data, type, 1.0 / MAX (width_px, 1.0), threshold, collapse_recursion, NULL };
  gpointer top = zoom != NULL ? zoom : root;

  l.layout = g_new0 (HtFlameLayout, 1);
  l.layout->frames = g_array_new (FALSE, FALSE, sizeof (HtFlameFrame));
  l.layout->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  l.layout->source = source;
  l.layout->data = data;
  l.layout->top = top;
  l.layout->type = type;
  l.layout->total = cost_of (&l, top);
  if (zoom != NULL)
    {
      if (l.layout->total > 0)
        lay_children (&l, zoom, 0, 1, 1, add_frame (&l, zoom, 0, 1, 0, l.layout->total, HT_FLAME_NO_FRAME));
    }
  else
    lay_children (&l, top, 0, 1, 0, HT_FLAME_NO_FRAME);
  if (source->annotate != NULL)
    source->annotate (data, l.layout);
  return l.layout;
}

/**
 * ht_flame_layout_new:
 * @zoom: (nullable): the frame that fills the view, or %NULL for the root
 *
 * ht_flame_layout_new_for() on a call tree of one trace.
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
  return ht_flame_layout_new_for (&ht_call_tree_flame_source, tree, ht_call_tree_get_root (tree), zoom, type,
                                  width_px, threshold, collapse_recursion);
}

void
ht_flame_layout_free (HtFlameLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->frames);
  g_ptr_array_unref (self->levels);
  g_clear_pointer (&self->changes, g_array_unref);
  g_free (self);
}

static const HtFlameFrame *
frame_at (HtFlameLayout *self,
          guint          index)
{
  return &g_array_index (self->frames, HtFlameFrame, index);
}

/* The position in its level of the last frame of @depth that starts at or
 * left of @x, or -1 if none does */
static int
level_position (HtFlameLayout *self,
                guint          depth,
                double         x)
{
  GArray *level = g_ptr_array_index (self->levels, depth);
  int low = 0, high = (int) level->len - 1, found = -1;

  while (low <= high)
    {
      int middle = low + (high - low) / 2;

      if (frame_at (self, g_array_index (level, guint, middle))->x <= x)
        {
          found = middle;
          low = middle + 1;
        }
      else
        high = middle - 1;
    }
  return found;
}

/**
 * ht_flame_layout_hit:
 * @x: a share of the view's width, 0 at the left
 * @depth: a level, 0 for the base
 *
 * Returns: the index of the frame at @x on level @depth, or
 *   %HT_FLAME_NO_FRAME where there is none (a gap, or beyond the levels)
 */
guint
ht_flame_layout_hit (HtFlameLayout *self,
                     double         x,
                     guint          depth)
{
  GArray *level;
  int position;
  guint index;

  g_return_val_if_fail (self != NULL, HT_FLAME_NO_FRAME);

  if (depth >= self->levels->len || x < 0 || x >= 1)
    return HT_FLAME_NO_FRAME;
  level = g_ptr_array_index (self->levels, depth);
  position = level_position (self, depth, x);
  if (position < 0)
    return HT_FLAME_NO_FRAME;
  index = g_array_index (level, guint, position);
  return x < frame_at (self, index)->x + frame_at (self, index)->width ? index : HT_FLAME_NO_FRAME;
}

/**
 * ht_flame_layout_walk:
 * @frame: the index of a frame
 *
 * Where the keyboard goes from @frame: the frame it sits on, its first
 * (leftmost, costliest) child, or its neighbour on the same level, which
 * may sit on another parent: the user walks along what they see.
 *
 * Returns: the index of that frame, or %HT_FLAME_NO_FRAME where there is
 *   none
 */
guint
ht_flame_layout_walk (HtFlameLayout *self,
                      guint          frame,
                      HtFlameWalk    direction)
{
  const HtFlameFrame *f;
  GArray *level;
  int position;

  g_return_val_if_fail (self != NULL, HT_FLAME_NO_FRAME);
  g_return_val_if_fail (frame < self->frames->len, HT_FLAME_NO_FRAME);

  f = frame_at (self, frame);
  switch (direction)
    {
    case HT_FLAME_WALK_PARENT:
      return f->parent;

    case HT_FLAME_WALK_CHILD:
      if (f->depth + 1 >= self->levels->len)
        return HT_FLAME_NO_FRAME;
      /* the first frame at or right of @frame's start, if it is on @frame:
       * a child hidden by the threshold may leave a gap before it */
      level = g_ptr_array_index (self->levels, f->depth + 1);
      position = level_position (self, f->depth + 1, f->x);
      if (position < 0 || frame_at (self, g_array_index (level, guint, position))->x < f->x)
        position++;
      if ((guint) position < level->len && frame_at (self, g_array_index (level, guint, position))->parent == frame)
        return g_array_index (level, guint, position);
      return HT_FLAME_NO_FRAME;

    case HT_FLAME_WALK_PREVIOUS:
    case HT_FLAME_WALK_NEXT:
      level = g_ptr_array_index (self->levels, f->depth);
      position = level_position (self, f->depth, f->x);
      /* frames of no width do not exist, so @frame is the last to start at its x */
      g_assert (position >= 0 && g_array_index (level, guint, position) == frame);
      position += direction == HT_FLAME_WALK_NEXT ? 1 : -1;
      if (position < 0 || (guint) position >= level->len)
        return HT_FLAME_NO_FRAME;
      return g_array_index (level, guint, position);

    default:
      g_return_val_if_reached (HT_FLAME_NO_FRAME);
    }
}

/**
 * ht_flame_layout_find_node:
 *
 * Returns: the index of @node's frame, or %HT_FLAME_NO_FRAME if it has none
 *   (hidden, merged, collapsed, or outside the zoomed frame)
 */
guint
ht_flame_layout_find_node (HtFlameLayout *self,
                           gconstpointer  node)
{
  g_return_val_if_fail (self != NULL, HT_FLAME_NO_FRAME);

  if (node == NULL)
    return HT_FLAME_NO_FRAME;
  for (guint i = 0; i < self->frames->len; i++)
    if (frame_at (self, i)->node == node)
      return i;
  return HT_FLAME_NO_FRAME;
}

typedef struct
{
  HtFlameLayout *layout;
  const char    *needle;  /* case-folded */
  GHashTable    *memo;    /* symbol → 1 (no match) or 2 (match) */
} Search;

static gboolean
matches (Search        *search,
         gconstpointer  node)
{
  const HtFlameSource *source = search->layout->source;
  gconstpointer symbol = source->symbol (search->layout->data, node);
  guint known;

  if (symbol == NULL)
    return FALSE;
  known = GPOINTER_TO_UINT (g_hash_table_lookup (search->memo, symbol));
  if (known == 0)
    {
      g_autofree char *name = source->display_name (search->layout->data, node, TRUE);
      g_autofree char *folded = g_utf8_casefold (name, -1);

      known = strstr (folded, search->needle) != NULL ? 2 : 1;
      g_hash_table_insert (search->memo, (gpointer) symbol, GUINT_TO_POINTER (known));
    }
  return known == 2;
}

/* The cost of the stacks below @node that pass through a match: a matching
 * node's cost, whose descendants then count no more */
static gint64
matched_cost (Search        *search,
              gconstpointer  node)
{
  const HtFlameSource *source = search->layout->source;
  gint64 cost = 0;

  if (matches (search, node))
    return MAX (source->cost (search->layout->data, node, search->layout->type), 0);
  for (guint i = 0; i < source->n_children (node); i++)
    cost += matched_cost (search, source->child (node, i));
  return cost;
}

/**
 * ht_flame_layout_search:
 * @text: (nullable): what to find in the functions' names (as shown,
 *   templates shortened), ignoring case; %NULL or "" for nothing
 *
 * Marks the frames whose function contains @text with
 * %HT_FLAME_MARK_MATCH, and unmarks the others.
 *
 * Returns: the cost of what the search matches in the view: the stacks
 *   under the layout's top that pass through a matching function, each
 *   counted once however many matches it holds, hidden and merged frames
 *   included. Its share of the layout's total is what the search covers.
 */
gint64
ht_flame_layout_search (HtFlameLayout *self,
                        const char    *text)
{
  g_autofree char *needle = NULL;
  Search search;
  gint64 cost;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->frames->len; i++)
    g_array_index (self->frames, HtFlameFrame, i).marks &= ~HT_FLAME_MARK_MATCH;
  if (text == NULL || *text == '\0')
    return 0;

  needle = g_utf8_casefold (text, -1);
  search = (Search) { self, needle, g_hash_table_new (NULL, NULL) };
  for (guint i = 0; i < self->frames->len; i++)
    {
      HtFlameFrame *f = &g_array_index (self->frames, HtFlameFrame, i);

      if (f->node != NULL && matches (&search, f->node))
        f->marks |= HT_FLAME_MARK_MATCH;
    }
  cost = matched_cost (&search, self->top);
  g_hash_table_unref (search.memo);
  return cost;
}

/**
 * ht_flame_layout_mark_symbol:
 * @symbol: (nullable): the selected function's symbol, %NULL for none
 *
 * Marks the frames of @symbol's function with %HT_FLAME_MARK_SELECTED, and
 * unmarks the others. For layouts of a call tree.
 *
 * Returns: how many frames it marked
 */
guint
ht_flame_layout_mark_symbol (HtFlameLayout      *self,
                             const HtCallSymbol *symbol)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (self->source == &ht_call_tree_flame_source, 0);

  for (guint i = 0; i < self->frames->len; i++)
    {
      HtFlameFrame *f = &g_array_index (self->frames, HtFlameFrame, i);
      const HtCallSymbol *s = f->node != NULL ? ht_call_tree_node_get_symbol (self->tree, f->node) : NULL;

      f->marks &= ~HT_FLAME_MARK_SELECTED;
      if (symbol != NULL && s != NULL && s->function == symbol->function && s->module == symbol->module
          && s->address == symbol->address)
        {
          f->marks |= HT_FLAME_MARK_SELECTED;
          n++;
        }
    }
  return n;
}

/* The cost's name as the view's sentences use it: "45.0 % of peak" */
const char *
ht_flame_cost_name (HtCostType type)
{
  switch (type)
    {
    case HT_COST_PEAK:
      /* Translators: as in "45.0 % of peak" */
      return _("peak");
    case HT_COST_LEAKED:
      /* Translators: as in "45.0 % of leaked" (memory) */
      return _("leaked");
    case HT_COST_ALLOCATIONS:
      /* Translators: as in "45.0 % of allocations" */
      return _("allocations");
    case HT_COST_TEMPORARY:
      /* Translators: as in "45.0 % of temporary" (allocations) */
      return _("temporary");
    default:
      g_return_val_if_reached ("");
    }
}

/* A cost as shown: peak and leaked are bytes, the others counts */
char *
ht_flame_format_cost (HtCostType type,
                      gint64     cost)
{
  g_autofree char *count = NULL;

  if (type == HT_COST_PEAK || type == HT_COST_LEAKED)
    return ht_format_size (cost);
  count = ht_format_count (cost);
  /* Translators: a number of allocations, e.g. "1,024 allocations" */
  return g_strdup_printf (ngettext ("%s allocation", "%s allocations", (gulong) MAX (cost, 0)), count);
}

/* Of a call tree: "operator new in libstdc++.so.6: 1.2 MB, 45.0 % of peak" */
static char *
call_tree_describe (gpointer       data,
                    HtFlameLayout *self,
                    guint          frame)
{
  const HtFlameFrame *f = frame_at (self, frame);
  g_autofree char *cost = ht_flame_format_cost (self->type, f->cost);
  g_autofree char *name = ht_call_tree_node_get_display_name (data, f->node, TRUE);
  const char *module;
  double percent = self->total > 0 ? 100.0 * (double) f->cost / (double) self->total : 0;

  module = ht_call_tree_node_get_module (data, f->node);
  if (module != NULL)
    {
      g_autofree char *base = g_path_get_basename (module);

      /* Translators: "operator new in libstdc++.so.6: 1.2 MB, 45.0 % of peak" */
      return g_strdup_printf (_("%s in %s: %s, %.1f %% of %s"), name, base, cost, percent,
                              ht_flame_cost_name (self->type));
    }
  /* Translators: "main: 1.2 MB, 45.0 % of peak" */
  return g_strdup_printf (_("%s: %s, %.1f %% of %s"), name, cost, percent, ht_flame_cost_name (self->type));
}

/* Of a call tree: the function, its file and line, its module, its cost */
static char *
call_tree_tooltip (gpointer       data,
                   HtFlameLayout *self,
                   guint          frame)
{
  const HtFlameFrame *f = frame_at (self, frame);
  g_autofree char *cost = NULL;
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;
  const char *file;
  const char *module;

  cost = ht_flame_format_cost (self->type, f->cost);
  name = ht_call_tree_node_get_display_name (data, f->node, FALSE);
  file = ht_call_tree_node_get_file (data, f->node);
  module = ht_call_tree_node_get_module (data, f->node);
  location = file != NULL ? g_strdup_printf ("%s:%u", file, ht_call_tree_node_get_line (f->node))
                          : g_strdup (_("Unknown source location"));
  /* Translators: a frame's tooltip: function, file:line, module, then
   * "1.2 MB, 45.0 % of peak" */
  return g_markup_printf_escaped (_("<b>%s</b>\n%s\n%s\n%s, %.1f %% of %s"),
                                  name, location, module != NULL ? module : _("Unknown module"), cost,
                                  self->total > 0 ? 100.0 * (double) f->cost / (double) self->total : 0,
                                  ht_flame_cost_name (self->type));
}

/**
 * ht_flame_layout_describe:
 *
 * @frame in one line, for a tooltip's head and for screen readers:
 * "operator new in libstdc++.so.6: 1.2 MB, 45.0 % of peak".
 *
 * Returns: (transfer full): the text
 */
char *
ht_flame_layout_describe (HtFlameLayout *self,
                          guint          frame)
{
  const HtFlameFrame *f;
  g_autofree char *cost = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (frame < self->frames->len, NULL);

  f = frame_at (self, frame);
  if (f->node != NULL)
    return self->source->describe (self->data, self, frame);
  cost = ht_flame_format_cost (self->type, f->cost);
  /* Translators: frames too narrow to draw, together: "Narrow frames: 1.2 MB, 3.0 % of peak" */
  return g_strdup_printf (_("Narrow frames: %s, %.1f %% of %s"), cost,
                          self->total > 0 ? 100.0 * (double) f->cost / (double) self->total : 0,
                          ht_flame_cost_name (self->type));
}

/**
 * ht_flame_layout_tooltip:
 *
 * Returns: (transfer full): @frame as a tooltip's Pango markup
 */
char *
ht_flame_layout_tooltip (HtFlameLayout *self,
                         guint          frame)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (frame < self->frames->len, NULL);

  if (frame_at (self, frame)->node != NULL)
    return self->source->tooltip (self->data, self, frame);
  text = ht_flame_layout_describe (self, frame);
  return g_markup_escape_text (text, -1);
}

static guint
call_tree_n_children (gconstpointer node)
{
  return ht_call_tree_node_get_n_children (node);
}

static gpointer
call_tree_child (gconstpointer node,
                 guint         index)
{
  return ht_call_tree_node_get_child (node, index);
}

static gint64
call_tree_cost (gpointer      data,
                gconstpointer node,
                HtCostType    type)
{
  return ht_cost_get (ht_call_tree_node_get_cost (node), type);
}

static gconstpointer
call_tree_symbol (gpointer      data,
                  gconstpointer node)
{
  /* the tree's symbols are interned: one function, one HtCallSymbol */
  return ht_call_tree_node_get_symbol (data, node);
}

static char *
call_tree_display_name (gpointer      data,
                        gconstpointer node,
                        gboolean      shorten_templates)
{
  return ht_call_tree_node_get_display_name (data, node, shorten_templates);
}

static const char *
call_tree_module (gpointer      data,
                  gconstpointer node)
{
  return ht_call_tree_node_get_module (data, node);
}

const HtFlameSource ht_call_tree_flame_source = {
  call_tree_n_children,
  call_tree_child,
  call_tree_cost,
  call_tree_symbol,
  call_tree_display_name,
  call_tree_module,
  NULL,
  call_tree_describe,
  call_tree_tooltip,
};
