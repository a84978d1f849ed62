/* test-flame-graph.c: where each frame of a flame graph goes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ht-flame-graph.h"
#include "test-util.h"


static HtCallTree *
top_down (HtAnalysis **analysis)
{
  *analysis = load_text (FLAME_TRACE);
  return ht_call_tree_new_top_down (*analysis);
}

static const HtFlameFrame *
frame (HtFlameLayout *layout,
       guint          i)
{
  g_assert_cmpuint (i, <, layout->frames->len);
  return &g_array_index (layout->frames, HtFlameFrame, i);
}

static void
assert_frame (HtFlameLayout *layout,
              HtCallTree    *tree,
              guint          i,
              const char    *function,
              double         x,
              double         width,
              guint          depth)
{
  const HtFlameFrame *f = frame (layout, i);

  if (function == NULL)
    g_assert_null (f->node);
  else
    g_assert_cmpstr (ht_call_tree_node_get_function (tree, f->node), ==, function);
  g_assert_cmpfloat_with_epsilon (f->x, x, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->width, width, 1e-9);
  g_assert_cmpuint (f->depth, ==, depth);
}

/* a frame of 75 % of the cost covers three quarters of the width */
static void
test_widths (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, FALSE);

  g_assert_cmpint (layout->total, ==, 4);
  g_assert_cmpuint (layout->frames->len, ==, 5);
  assert_frame (layout, tree, 0, "main", 0, 1, 0);
  assert_frame (layout, tree, 1, "a", 0, 0.75, 1);
  assert_frame (layout, tree, 2, "a", 0, 0.75, 2);
  assert_frame (layout, tree, 3, "alloc", 0, 0.75, 3);
  assert_frame (layout, tree, 4, "b", 0.75, 0.25, 1);
  g_assert_cmpuint (layout->n_levels, ==, 4);
  ht_call_tree_free (tree);
}

/* recursion collapsed: a calling a takes one level */
static void
test_collapse_recursion (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, TRUE);

  g_assert_cmpuint (layout->frames->len, ==, 4);
  assert_frame (layout, tree, 1, "a", 0, 0.75, 1);
  assert_frame (layout, tree, 2, "alloc", 0, 0.75, 2);
  assert_frame (layout, tree, 3, "b", 0.75, 0.25, 1);
  g_assert_cmpuint (layout->n_levels, ==, 3);
  ht_call_tree_free (tree);
}

/* main also calls b and c once each: a 3 calls of 5 (0.6), b and c 1
 * each (0.2) */
#define TRACE_NARROW \
  "v 10400 3\n" \
  "s 4 main\n" \
  "s 1 a\n" \
  "s 1 b\n" \
  "s 1 c\n" \
  "s 1 m\n" \
  "i 10 5 1\n" \
  "i 20 5 2\n" \
  "i 30 5 3\n" \
  "i 40 5 4\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 1\n" \
  "t 4 1\n" \
  "a 10 2\n" \
  "a 10 3\n" \
  "a 10 4\n" \
  "+ 0\n+ 0\n+ 0\n+ 1\n+ 2\n"

/* narrower than a pixel: merged with its narrow siblings, and not drawn
 * while the merge is narrower than a pixel too; below the threshold: not
 * shown */
static void
test_culling (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (TRACE_NARROW);
  HtCallTree *tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtFlameLayout) wide = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 8, 0, FALSE);
  g_autoptr(HtFlameLayout) merged = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 4, 0, FALSE);
  g_autoptr(HtFlameLayout) narrow = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 2, 0, FALSE);
  g_autoptr(HtFlameLayout) shown = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0.3, FALSE);

  /* 8 pixels: b and c are 1.6 pixels each */
  g_assert_cmpuint (wide->frames->len, ==, 4);
  assert_frame (wide, tree, 2, "b", 0.6, 0.2, 1);
  /* 4 pixels: 0.8 each, one merged block of 1.6 */
  g_assert_cmpuint (merged->frames->len, ==, 3);
  assert_frame (merged, tree, 2, NULL, 0.6, 0.4, 1);
  g_assert_cmpint (frame (merged, 2)->cost, ==, 2);
  /* 2 pixels: the merged block itself is 0.8 pixels */
  g_assert_cmpuint (narrow->frames->len, ==, 2);
  /* b and c are 20 % of the total each: hidden at 30 % */
  g_assert_cmpuint (shown->frames->len, ==, 2);
  ht_call_tree_free (tree);
}

/* zoomed into a frame: it fills the width, its callees above it */
static void
test_zoom (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  HtCallTreeNode *main_node = ht_call_tree_node_get_child (ht_call_tree_get_root (tree), 0);
  HtCallTreeNode *a = NULL;
  g_autoptr(HtFlameLayout) layout = NULL;

  for (guint i = 0; i < ht_call_tree_node_get_n_children (main_node); i++)
    if (g_strcmp0 (ht_call_tree_node_get_function (tree, ht_call_tree_node_get_child (main_node, i)), "a") == 0)
      a = ht_call_tree_node_get_child (main_node, i);
  g_assert_nonnull (a);
  layout = ht_flame_layout_new (tree, a, HT_COST_ALLOCATIONS, 1000, 0, FALSE);
  g_assert_cmpint (layout->total, ==, 3);
  g_assert_cmpuint (layout->frames->len, ==, 3);
  assert_frame (layout, tree, 0, "a", 0, 1, 0);
  assert_frame (layout, tree, 1, "a", 0, 1, 1);
  assert_frame (layout, tree, 2, "alloc", 0, 1, 2);
  ht_call_tree_free (tree);
}

/* nothing allocated: an empty layout, no division by zero */
static void
test_empty (void)
{
  g_autoptr(HtAnalysis) analysis = load_text ("v 10400 3\n");
  HtCallTree *tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_PEAK, 1000, 0, TRUE);

  g_assert_cmpint (layout->total, ==, 0);
  g_assert_cmpuint (layout->frames->len, ==, 0);
  g_assert_cmpuint (layout->n_levels, ==, 0);
  ht_call_tree_free (tree);
}

/* the frame under a point: main is the whole base, b the right quarter
 * above it, nothing beside a's column above b */
static void
test_hit (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, FALSE);

  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.0, 0), ==, 0);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.999, 0), ==, 0);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.5, 1), ==, 1);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.74, 3), ==, 3);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.75, 1), ==, 4);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.8, 2), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 0.5, 4), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_hit (layout, 1.0, 0), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_hit (layout, -0.1, 0), ==, HT_FLAME_NO_FRAME);
  ht_call_tree_free (tree);
}

/* the keyboard's ways: main's child is a, a's right neighbour b, b's
 * parent main; nothing left of a, right of b, below main, above alloc */
static void
test_walk (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, FALSE);
  g_autoptr(HtFlameLayout) collapsed = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, TRUE);

  g_assert_cmpuint (ht_flame_layout_walk (layout, 0, HT_FLAME_WALK_CHILD), ==, 1);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 1, HT_FLAME_WALK_CHILD), ==, 2);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 2, HT_FLAME_WALK_CHILD), ==, 3);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 3, HT_FLAME_WALK_CHILD), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 4, HT_FLAME_WALK_CHILD), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 1, HT_FLAME_WALK_NEXT), ==, 4);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 4, HT_FLAME_WALK_PREVIOUS), ==, 1);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 1, HT_FLAME_WALK_PREVIOUS), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 4, HT_FLAME_WALK_NEXT), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 4, HT_FLAME_WALK_PARENT), ==, 0);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 3, HT_FLAME_WALK_PARENT), ==, 2);
  g_assert_cmpuint (ht_flame_layout_walk (layout, 0, HT_FLAME_WALK_PARENT), ==, HT_FLAME_NO_FRAME);
  /* recursion collapsed: alloc sits on the one a */
  assert_frame (collapsed, tree, 2, "alloc", 0, 0.75, 2);
  g_assert_cmpuint (ht_flame_layout_walk (collapsed, 2, HT_FLAME_WALK_PARENT), ==, 1);
  g_assert_cmpuint (ht_flame_layout_walk (collapsed, 1, HT_FLAME_WALK_CHILD), ==, 2);
  /* a node's frame is found again in another layout */
  g_assert_cmpuint (ht_flame_layout_find_node (collapsed, frame (layout, 4)->node), ==, 3);
  g_assert_cmpuint (ht_flame_layout_find_node (collapsed, frame (layout, 2)->node), ==, HT_FLAME_NO_FRAME);
  ht_call_tree_free (tree);
}

static guint
n_marked (HtFlameLayout *layout,
          HtFlameMarks   mark)
{
  guint n = 0;

  for (guint i = 0; i < layout->frames->len; i++)
    n += (frame (layout, i)->marks & mark) != 0;
  return n;
}

/* a search marks the frames whose function holds the text, whatever the
 * case, and matches each stack once: "A" is in main, a and alloc, all of
 * them under main, so it covers the 4 calls once, not 4 + 3 + 3 + 3 */
static void
test_search (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, FALSE);
  g_autoptr(HtFlameLayout) zoomed = ht_flame_layout_new (tree, frame (layout, 1)->node, HT_COST_ALLOCATIONS,
                                                         1000, 0, FALSE);
  g_autoptr(HtFlameLayout) narrow = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0.5, FALSE);

  g_assert_cmpint (ht_flame_layout_search (layout, "ALLOC"), ==, 3);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_MATCH), ==, 1);
  g_assert_true (frame (layout, 3)->marks & HT_FLAME_MARK_MATCH);
  g_assert_cmpint (ht_flame_layout_search (layout, "b"), ==, 1);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_MATCH), ==, 1);
  g_assert_cmpint (ht_flame_layout_search (layout, "A"), ==, 4);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_MATCH), ==, 4);
  g_assert_cmpint (ht_flame_layout_search (layout, "zzz"), ==, 0);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_MATCH), ==, 0);
  g_assert_cmpint (ht_flame_layout_search (layout, "b"), ==, 1);
  g_assert_cmpint (ht_flame_layout_search (layout, ""), ==, 0);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_MATCH), ==, 0);
  /* zoomed into a: what is under it, and a is all of it */
  g_assert_cmpint (ht_flame_layout_search (zoomed, "b"), ==, 0);
  g_assert_cmpint (ht_flame_layout_search (zoomed, "alloc"), ==, zoomed->total);
  /* b is hidden at a threshold of 50 %, but still counts */
  g_assert_cmpuint (ht_flame_layout_find_node (narrow, frame (layout, 4)->node), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpint (ht_flame_layout_search (narrow, "b"), ==, 1);
  ht_call_tree_free (tree);
}

/* the selected function's frames: both of a's */
static void
test_mark_symbol (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, FALSE);
  HtCallSymbol a = *ht_call_tree_node_get_symbol (tree, frame (layout, 1)->node);

  g_assert_cmpuint (ht_flame_layout_mark_symbol (layout, &a), ==, 2);
  g_assert_true (frame (layout, 1)->marks & HT_FLAME_MARK_SELECTED);
  g_assert_true (frame (layout, 2)->marks & HT_FLAME_MARK_SELECTED);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_SELECTED), ==, 2);
  g_assert_cmpuint (ht_flame_layout_mark_symbol (layout, NULL), ==, 0);
  g_assert_cmpuint (n_marked (layout, HT_FLAME_MARK_SELECTED), ==, 0);
  ht_call_tree_free (tree);
}

/* a frame in words, for the tooltip and screen readers */
static void
test_describe (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  HtCallTree *tree = top_down (&analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, 1000, 0, FALSE);
  g_autoptr(HtFlameLayout) peak = ht_flame_layout_new (tree, NULL, HT_COST_PEAK, 1000, 0, FALSE);
  g_autofree char *b = ht_flame_layout_describe (layout, 4);
  g_autofree char *a = ht_flame_layout_describe (layout, 1);
  g_autofree char *bytes = ht_flame_layout_describe (peak, 0);

  g_assert_cmpstr (b, ==, "b in m: 1 allocation, 25.0 % of allocations");
  g_assert_cmpstr (a, ==, "a in m: 3 allocations, 75.0 % of allocations");
  g_assert_cmpstr (bytes, ==, "main in m: 64 bytes, 100.0 % of peak");
  ht_call_tree_free (tree);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/flame-graph/widths", test_widths);
  g_test_add_func ("/ht/flame-graph/collapse-recursion", test_collapse_recursion);
  g_test_add_func ("/ht/flame-graph/culling", test_culling);
  g_test_add_func ("/ht/flame-graph/zoom", test_zoom);
  g_test_add_func ("/ht/flame-graph/empty", test_empty);
  g_test_add_func ("/ht/flame-graph/hit", test_hit);
  g_test_add_func ("/ht/flame-graph/walk", test_walk);
  g_test_add_func ("/ht/flame-graph/search", test_search);
  g_test_add_func ("/ht/flame-graph/mark-symbol", test_mark_symbol);
  g_test_add_func ("/ht/flame-graph/describe", test_describe);
  return g_test_run ();
}
