/* test-diff-flame.c: the differential flame graph's layout
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the two traces of test-util.h, whose peaks are known: A (900 bytes)
 * is main → make_buffer 200, foo_alloc 200, old_cache 500; B (1300 bytes)
 * is main → make_buffer 300, foo_alloc 300, new_cache 700.
 */

#include "config.h"

#include "ht-diff-flame.h"
#include "test-util.h"

/* The frame of @function, HT_FLAME_NO_FRAME if there is none */
static guint
frame_of (HtFlameLayout *layout,
          const char    *function)
{
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      g_autofree char *name = f->node != NULL ? layout->source->display_name (layout->data, f->node, TRUE) : NULL;

      if (g_strcmp0 (name, function) == 0)
        return i;
    }
  return HT_FLAME_NO_FRAME;
}

static const HtFlameFrame *
frame_named (HtFlameLayout *layout,
             const char    *function)
{
  guint i = frame_of (layout, function);

  g_assert_cmpuint (i, !=, HT_FLAME_NO_FRAME);
  return &g_array_index (layout->frames, HtFlameFrame, i);
}

static double
delta_of (HtFlameLayout *layout,
          const char    *function)
{
  return ht_diff_flame_delta (layout, frame_of (layout, function));
}

/* Shaped by B: widths are B's costs, what only A has is not there */
static void
test_shaped_by_b (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, TRUE, HT_DIFF_B, FALSE };
  g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);

  g_assert_cmpint (layout->total, ==, 1300);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "main")->width, 1, 1e-9);
  g_assert_cmpint (frame_named (layout, "new_cache")->cost, ==, 700);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "new_cache")->width, 700.0 / 1300, 1e-9);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "make_buffer")->width, 300.0 / 1300, 1e-9);
  g_assert_cmpuint (frame_of (layout, "old_cache"), ==, HT_FLAME_NO_FRAME);

  /* each change is B − A */
  g_assert_cmpfloat (delta_of (layout, "make_buffer"), ==, 100);
  g_assert_cmpfloat (delta_of (layout, "foo_alloc"), ==, 100);
  g_assert_cmpfloat (delta_of (layout, "new_cache"), ==, 700);
  g_assert_cmpfloat (delta_of (layout, "main"), ==, 400);
  /* the largest change in view is new_cache's */
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "new_cache")->change, 1, 1e-6);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "make_buffer")->change, 100.0 / 700, 1e-6);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "main")->change, 400.0 / 700, 1e-6);
  g_assert_true (frame_named (layout, "new_cache")->marks & HT_FLAME_MARK_ADDED);
  g_assert_false (frame_named (layout, "make_buffer")->marks & (HT_FLAME_MARK_ADDED | HT_FLAME_MARK_REMOVED));
}

/* Negated, shaped by A: what was removed keeps its room, in blue */
static void
test_negated (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, TRUE, HT_DIFF_A, FALSE };
  g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);
  g_autofree char *described = NULL;

  g_assert_cmpint (layout->total, ==, 900);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "old_cache")->width, 500.0 / 900, 1e-9);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "foo_alloc")->width, 200.0 / 900, 1e-9);
  g_assert_cmpuint (frame_of (layout, "new_cache"), ==, HT_FLAME_NO_FRAME);
  g_assert_cmpfloat (delta_of (layout, "old_cache"), ==, -500);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "old_cache")->change, -1, 1e-6);
  g_assert_cmpfloat_with_epsilon (frame_named (layout, "main")->change, 400.0 / 500, 1e-6);
  g_assert_true (frame_named (layout, "old_cache")->marks & HT_FLAME_MARK_REMOVED);

  /* colour is not the only sign: the words say it */
  described = ht_flame_layout_describe (layout, frame_of (layout, "old_cache"));
  g_assert_cmpstr (described, ==, "old_cache in prog: −500 bytes ▼ (removed) of total peak");
}

/* The change of a frame's own cost: main allocates nothing itself */
static void
test_self_change (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, TRUE, HT_DIFF_B, TRUE };
  g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);
  g_autofree char *described = NULL;
  g_autofree char *tooltip = NULL;

  g_assert_cmpfloat (delta_of (layout, "main"), ==, 0);
  g_assert_cmpfloat (frame_named (layout, "main")->change, ==, 0);
  g_assert_cmpfloat (delta_of (layout, "make_buffer"), ==, 100);
  described = ht_flame_layout_describe (layout, frame_of (layout, "make_buffer"));
  g_assert_cmpstr (described, ==, "make_buffer in prog: +100 bytes ▲ (+50 %) of self peak");
  tooltip = ht_flame_layout_tooltip (layout, frame_of (layout, "make_buffer"));
  g_assert_cmpstr (tooltip, ==, "<b>make_buffer</b>\nprog\nself peak\nA: 200 bytes\nB: 300 bytes\n"
                                "Δ: +100 bytes ▲ (+50 %)");
}

/* Bottom-up, the allocating functions at the base; zooming into one */
static void
test_bottom_up_zoom (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, FALSE, HT_DIFF_B, FALSE };
  g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);
  g_autoptr(HtFlameLayout) zoomed = NULL;
  const HtFlameFrame *foo = frame_named (layout, "foo_alloc");

  g_assert_cmpuint (foo->depth, ==, 0);
  g_assert_cmpuint (frame_named (layout, "main")->depth, ==, 1);
  zoomed = ht_diff_flame_layout_new (&flame, foo->node, HT_COST_PEAK, 1000, 0, FALSE);
  g_assert_cmpint (zoomed->total, ==, 300);
  g_assert_cmpuint (zoomed->frames->len, ==, 2);
  g_assert_cmpfloat (delta_of (zoomed, "foo_alloc"), ==, 100);
  /* the only change in view is the largest */
  g_assert_cmpfloat_with_epsilon (frame_named (zoomed, "foo_alloc")->change, 1, 1e-6);
  g_assert_cmpfloat_with_epsilon (frame_named (zoomed, "main")->change, 1, 1e-6);
}

/* Swapping A and B turns every colour round */
static void
test_swap (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, TRUE, HT_DIFF_B, FALSE };
  g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);
  g_autoptr(HtFlameLayout) swapped = NULL;

  ht_comparison_swap (comparison);
  /* shaped by the old A now, and the same frame's change negated */
  flame.shape = HT_DIFF_A;
  swapped = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      guint j = ht_flame_layout_find_node (swapped, f->node);

      g_assert_cmpuint (j, !=, HT_FLAME_NO_FRAME);
      g_assert_cmpfloat (g_array_index (swapped->frames, HtFlameFrame, j).change, ==, -f->change);
      g_assert_cmpfloat (ht_diff_flame_delta (swapped, j), ==, -ht_diff_flame_delta (layout, i));
    }
  g_assert_true (frame_named (swapped, "new_cache")->marks & HT_FLAME_MARK_REMOVED);
}

/* A trace compared with itself: nothing changed, every frame neutral */
static void
test_itself (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_A);

  for (int self_change = 0; self_change < 2; self_change++)
    for (HtCostType type = HT_COST_ALLOCATIONS; type <= HT_COST_LEAKED; type++)
      {
        HtDiffFlame flame = { comparison, TRUE, HT_DIFF_B, self_change };
        g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, type, 1000, 0, FALSE);

        g_assert_cmpuint (layout->frames->len, >, 0);
        for (guint i = 0; i < layout->frames->len; i++)
          {
            const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);

            g_assert_cmpfloat (ht_diff_flame_delta (layout, i), ==, 0);
            g_assert_cmpfloat (f->change, ==, 0);
            g_assert_false (f->marks & (HT_FLAME_MARK_ADDED | HT_FLAME_MARK_REMOVED));
          }
      }
}

/* The search of the normal flame graph, with its share of B */
static void
test_search (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, TRUE, HT_DIFF_B, FALSE };
  g_autoptr(HtFlameLayout) layout = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, 1000, 0, FALSE);

  g_assert_cmpint (ht_flame_layout_search (layout, "CACHE"), ==, 700);
  g_assert_true (frame_named (layout, "new_cache")->marks & HT_FLAME_MARK_MATCH);
  g_assert_false (frame_named (layout, "make_buffer")->marks & HT_FLAME_MARK_MATCH);
  g_assert_cmpint (ht_flame_layout_search (layout, "_"), ==, 1300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ht/diff-flame/shaped-by-b", test_shaped_by_b);
  g_test_add_func ("/ht/diff-flame/negated", test_negated);
  g_test_add_func ("/ht/diff-flame/self-change", test_self_change);
  g_test_add_func ("/ht/diff-flame/bottom-up-zoom", test_bottom_up_zoom);
  g_test_add_func ("/ht/diff-flame/swap", test_swap);
  g_test_add_func ("/ht/diff-flame/itself", test_itself);
  g_test_add_func ("/ht/diff-flame/search", test_search);

  return g_test_run ();
}
