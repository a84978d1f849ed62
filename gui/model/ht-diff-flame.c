/* ht-diff-flame.c: a comparison's paired call tree as a flame graph
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A differential flame graph (docs/figures.md §21.10) is the flame graph
 * of ht-flame-graph.c laid out from the paired tree of HtDiff: shaped by
 * B, each frame as wide as its share of B's cost, or negated, shaped by A,
 * where what was removed keeps its room. After the layout each frame gets
 * its change B − A (of its total, or of its own cost) and that change as
 * a share of the largest in view, from -1 to 1, which the painter turns
 * into blue (shrank) through grey to red (grew). Frames of one side only
 * are marked added or removed, and the words for a frame say so, so that
 * colour is never the only sign.
 */

#define G_LOG_DOMAIN "ht-diff-flame"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ht-diff-flame.h"

static HtDiff *
diff_of (gpointer data)
{
  return ht_comparison_get_diff (((HtDiffFlame *) data)->comparison);
}

static guint
diff_n_children (gconstpointer node)
{
  const HtDiffNode *n = node;

  return n->children != NULL ? n->children->len : 0;
}

static gpointer
diff_child (gconstpointer node,
            guint         index)
{
  return g_ptr_array_index (((const HtDiffNode *) node)->children, index);
}

static gint64
diff_cost (gpointer      data,
           gconstpointer node,
           HtCostType    type)
{
  const HtDiffCosts *costs = &((const HtDiffNode *) node)->costs;

  return ht_cost_get (((HtDiffFlame *) data)->shape == HT_DIFF_A ? &costs->a : &costs->b, type);
}

static gconstpointer
diff_symbol (gpointer      data,
             gconstpointer node)
{
  guint symbol = ((const HtDiffNode *) node)->symbol;

  /* one key, one HtDiffSymbol */
  return symbol != G_MAXUINT ? ht_diff_get_symbol (diff_of (data), symbol) : NULL;
}

static char *
diff_display_name (gpointer      data,
                   gconstpointer node,
                   gboolean      shorten_templates)
{
  return ht_diff_symbol_display_name (diff_symbol (data, node), shorten_templates);
}

static const char *
diff_module (gpointer      data,
             gconstpointer node)
{
  return ((const HtDiffSymbol *) diff_symbol (data, node))->module;
}

/* The costs a frame's colour and words are about: its total, or its own */
static void
frame_costs (HtDiffFlame      *flame,
             const HtDiffNode *node,
             HtDiffCosts      *costs)
{
  if (flame->self_change)
    ht_diff_node_get_self_costs (node, costs);
  else
    *costs = node->costs;
}

static void
diff_annotate (gpointer       data,
               HtFlameLayout *layout)
{
  HtDiffFlame *flame = data;
  HtDiff *diff = diff_of (data);
  double largest = 0;

  layout->changes = g_array_sized_new (FALSE, TRUE, sizeof (double), layout->frames->len);
  g_array_set_size (layout->changes, layout->frames->len);
  for (guint i = 0; i < layout->frames->len; i++)
    {
      HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      HtDiffCosts costs;
      double delta;

      if (f->node == NULL)
        continue;
      frame_costs (flame, f->node, &costs);
      delta = ht_diff_delta (diff, &costs, layout->type);
      g_array_index (layout->changes, double, i) = delta;
      /* what the noise threshold hides stays grey, and sets no scale */
      if (!ht_diff_is_noise (diff, &costs, layout->type))
        largest = MAX (largest, fabs (delta));
      switch (ht_diff_costs_status (&((HtDiffNode *) f->node)->costs))
        {
        case HT_DIFF_ADDED: f->marks |= HT_FLAME_MARK_ADDED; break;
        case HT_DIFF_REMOVED: f->marks |= HT_FLAME_MARK_REMOVED; break;
        case HT_DIFF_CHANGED: default: break;
        }
    }
  for (guint i = 0; i < layout->frames->len && largest > 0; i++)
    {
      HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      HtDiffCosts costs;

      if (f->node == NULL)
        continue;
      frame_costs (flame, f->node, &costs);
      if (!ht_diff_is_noise (diff, &costs, layout->type))
        f->change = (float) (g_array_index (layout->changes, double, i) / largest);
    }
}

/* A frame's change in words: "+100 B ▲ (+50 %)", or "added" or "removed"
 * in place of the percentage, which a side of nothing has not */
static char *
change_text (HtDiffFlame   *flame,
             HtFlameLayout *layout,
             guint          frame,
             char         **a_text,
             char         **b_text)
{
  const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, frame);
  HtDiff *diff = diff_of (flame);
  double delta = ht_diff_flame_delta (layout, frame);
  g_autofree char *change = ht_comparison_format_delta (flame->comparison, layout->type, delta, NULL);
  g_autofree char *percent = NULL;
  HtDiffCosts costs;

  frame_costs (flame, f->node, &costs);
  if (a_text != NULL)
    *a_text = ht_comparison_format_value (flame->comparison, layout->type,
                                          ht_diff_value (diff, HT_DIFF_A, &costs, layout->type));
  if (b_text != NULL)
    *b_text = ht_comparison_format_value (flame->comparison, layout->type,
                                          ht_diff_value (diff, HT_DIFF_B, &costs, layout->type));
  if (f->marks & HT_FLAME_MARK_ADDED)
    /* Translators: a frame only in B, e.g. "+700 B ▲ (added)" */
    return g_strdup_printf (_("%s (added)"), change);
  if (f->marks & HT_FLAME_MARK_REMOVED)
    /* Translators: a frame only in A, e.g. "−500 B ▼ (removed)" */
    return g_strdup_printf (_("%s (removed)"), change);
  percent = ht_comparison_format_percent (ht_diff_value (diff, HT_DIFF_A, &costs, layout->type), delta);
  /* Translators: a frame's change and the change in per cent of A, e.g. "+100 B ▲ (+50 %)" */
  return g_strdup_printf (_("%s (%s)"), change, percent);
}

/* What the change is of: "self peak" or "total peak" */
static char *
measure_name (HtDiffFlame *flame,
              HtCostType   type)
{
  if (flame->self_change)
    /* Translators: a frame's own cost, e.g. "self peak" */
    return g_strdup_printf (_("self %s"), ht_flame_cost_name (type));
  /* Translators: a frame's cost with its callees', e.g. "total peak" */
  return g_strdup_printf (_("total %s"), ht_flame_cost_name (type));
}

/* "make_buffer in prog: +100 B ▲ (+50 %) of total peak" */
static char *
diff_describe (gpointer       data,
               HtFlameLayout *layout,
               guint          frame)
{
  const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, frame);
  g_autofree char *name = diff_display_name (data, f->node, TRUE);
  g_autofree char *change = change_text (data, layout, frame, NULL, NULL);
  g_autofree char *measure = measure_name (data, layout->type);
  const char *module = diff_module (data, f->node);

  if (module != NULL)
    /* Translators: "make_buffer in prog: +100 B ▲ (+50 %) of total peak" */
    return g_strdup_printf (_("%s in %s: %s of %s"), name, module, change, measure);
  /* Translators: "main: +100 B ▲ (+50 %) of total peak" */
  return g_strdup_printf (_("%s: %s of %s"), name, change, measure);
}

/* The function, its module, A, B, the change and the change in % */
static char *
diff_tooltip (gpointer       data,
              HtFlameLayout *layout,
              guint          frame)
{
  const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, frame);
  g_autofree char *name = diff_display_name (data, f->node, FALSE);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *change = change_text (data, layout, frame, &a, &b);
  g_autofree char *measure = measure_name (data, layout->type);
  const char *module = diff_module (data, f->node);

  /* Translators: a frame's tooltip in a comparison: function, module,
   * what is compared ("total peak"), A's and B's cost, the change */
  return g_markup_printf_escaped (_("<b>%s</b>\n%s\n%s\nA: %s\nB: %s\nΔ: %s"), name,
                                  module != NULL ? module : _("Unknown module"), measure, a, b, change);
}

const HtFlameSource ht_diff_flame_source = {
  diff_n_children,
  diff_child,
  diff_cost,
  diff_symbol,
  diff_display_name,
  diff_module,
  diff_annotate,
  diff_describe,
  diff_tooltip,
};

/* The root of the paired tree @flame shows */
HtDiffNode *
ht_diff_flame_get_root (const HtDiffFlame *flame)
{
  HtDiff *diff = ht_comparison_get_diff (flame->comparison);

  return flame->top_down ? diff->top_down : diff->bottom_up;
}

/**
 * ht_diff_flame_layout_new:
 * @zoom: (nullable): the frame that fills the view, or %NULL for the root
 *
 * ht_flame_layout_new_for() on @flame's paired tree: the frames as wide
 * as their cost on the side @flame is shaped by, each with its change.
 *
 * Returns: (transfer full): the frames
 */
HtFlameLayout *
ht_diff_flame_layout_new (HtDiffFlame *flame,
                          HtDiffNode  *zoom,
                          HtCostType   type,
                          double       width_px,
                          double       threshold,
                          gboolean     collapse_recursion)
{
  return ht_flame_layout_new_for (&ht_diff_flame_source, flame, ht_diff_flame_get_root (flame), zoom, type,
                                  width_px, threshold, collapse_recursion);
}

/* Returns: the change B − A of @frame's cost (total or self), as the
 *   comparison normalises it; 0 for merged frames */
double
ht_diff_flame_delta (HtFlameLayout *layout,
                     guint          frame)
{
  g_return_val_if_fail (layout->changes != NULL, 0);
  g_return_val_if_fail (frame < layout->changes->len, 0);

  return g_array_index (layout->changes, double, frame);
}
