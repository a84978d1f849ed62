/* test-flame-graph-paint.c: a flame graph drawn on a cairo image surface
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display: the painter draws on an image surface, whose pixels are
 * checked, and saved in the build's tests/screenshots/ for a look.
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "ht-diff-flame.h"
#include "ht-flame-graph-painter.h"
#include "paint-test-util.h"
#include "test-util.h"

#define WIDTH 400
#define HEIGHT 100
#define ROW 20

static cairo_surface_t *
paint (HtFlameLayout *layout,
       gboolean       icicle,
       gboolean       dark,
       const char    *name)
{
  HtFlamePaintOptions options = { ROW, icicle, dark };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  ht_flame_graph_paint (cr, layout, WIDTH, HEIGHT, &options);
  cairo_destroy (cr);
  save_painting (surface, name);
  return surface;
}

static const HtFlameFrame *
frame_named (HtFlameLayout *layout,
             HtCallTree    *tree,
             const char    *function,
             guint          depth)
{
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);

      if (f->node != NULL && f->depth == depth
          && g_strcmp0 (ht_call_tree_node_get_function (tree, f->node), function) == 0)
        return f;
    }
  g_assert_not_reached ();
}

/* flame: main at the bottom row across the whole width, b in the right
 * quarter above it, nothing above b */
static void
test_flame (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (FLAME_TRACE);
  HtCallTree *tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, WIDTH, 0, FALSE);
  cairo_surface_t *surface = paint (layout, FALSE, FALSE, "flame-graph-painter");
  double main_rgb[3], b_rgb[3];
  int empty[4];

  ht_flame_graph_frame_colour (tree, frame_named (layout, tree, "main", 0)->node, FALSE, main_rgb);
  ht_flame_graph_frame_colour (tree, frame_named (layout, tree, "b", 1)->node, FALSE, b_rgb);
  /* away from the labels, at the right */
  assert_colour (surface, WIDTH - 10, HEIGHT - 5, main_rgb);
  assert_colour (surface, WIDTH - 10, HEIGHT - ROW - 5, b_rgb);
  pixel (surface, WIDTH - 10, HEIGHT - 3 * ROW - 5, empty);
  g_assert_cmpint (empty[3], ==, 0);
  /* a 1-pixel gap between the rows */
  pixel (surface, WIDTH - 10, HEIGHT - ROW - 1, empty);
  g_assert_cmpint (empty[3], ==, 0);
  cairo_surface_destroy (surface);
  ht_call_tree_free (tree);
}

/* icicle, dark: main at the top row, in the dark colours */
static void
test_icicle_dark (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (FLAME_TRACE);
  HtCallTree *tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, WIDTH, 0, FALSE);
  cairo_surface_t *surface = paint (layout, TRUE, TRUE, "flame-graph-painter-icicle-dark");
  double main_rgb[3], light[3];
  int below[4];

  ht_flame_graph_frame_colour (tree, frame_named (layout, tree, "main", 0)->node, TRUE, main_rgb);
  ht_flame_graph_frame_colour (tree, frame_named (layout, tree, "main", 0)->node, FALSE, light);
  g_assert_cmpfloat (main_rgb[0] + main_rgb[1] + main_rgb[2], <, light[0] + light[1] + light[2]);
  assert_colour (surface, WIDTH - 10, 5, main_rgb);
  /* below alloc (4 levels), nothing */
  pixel (surface, 10, HEIGHT - 5, below);
  g_assert_cmpint (below[3], ==, 0);
  cairo_surface_destroy (surface);
  ht_call_tree_free (tree);
}

/* a search greys the frames it does not match, colours by cost deepen
 * with the share, and the selected function is outlined in the text's
 * colour */
static void
test_marks (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (FLAME_TRACE);
  HtCallTree *tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, NULL, HT_COST_ALLOCATIONS, WIDTH, 0, FALSE);
  HtFlamePaintOptions options = { ROW, FALSE, FALSE, FALSE, TRUE, NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const double grey[3] = { 0.88, 0.88, 0.88 };
  double b_rgb[3], pale[3], deep[3], whole[3];
  int outline[4];

  /* "b" matches b alone: main, at the base, is greyed; b keeps its colour */
  ht_flame_layout_search (layout, "b");
  ht_flame_graph_paint (cr, layout, WIDTH, HEIGHT, &options);
  cairo_surface_flush (surface);
  assert_colour (surface, WIDTH - 10, HEIGHT - 5, grey);
  ht_flame_graph_frame_colour (tree, frame_named (layout, tree, "b", 1)->node, FALSE, b_rgb);
  assert_colour (surface, WIDTH - 10, HEIGHT - ROW - 5, b_rgb);

  /* by cost: main (all of it) deepest, b (a quarter) paler */
  ht_flame_layout_search (layout, NULL);
  options.searching = FALSE;
  options.by_cost = TRUE;
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  ht_flame_graph_paint (cr, layout, WIDTH, HEIGHT, &options);
  cairo_surface_flush (surface);
  ht_flame_graph_cost_colour (1.0, FALSE, whole);
  assert_colour (surface, WIDTH - 10, HEIGHT - 5, whole);
  ht_flame_graph_cost_colour (0.0, FALSE, pale);
  ht_flame_graph_cost_colour (1.0, FALSE, deep);
  g_assert_cmpfloat (pale[1], >, deep[1]);
  ht_flame_graph_cost_colour (0.25, TRUE, pale);
  ht_flame_graph_cost_colour (1.0, TRUE, deep);
  g_assert_cmpfloat (pale[0], <, deep[0]);

  /* the selected function (a): an outline of the text's colour at its edge */
  ht_flame_layout_mark_symbol (layout, ht_call_tree_node_get_symbol (tree, frame_named (layout, tree, "a", 1)->node));
  options.by_cost = FALSE;
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  ht_flame_graph_paint (cr, layout, WIDTH, HEIGHT, &options);
  cairo_surface_flush (surface);
  pixel (surface, WIDTH / 2, HEIGHT - 2 * ROW + 1, outline);
  g_assert_cmpint (outline[0] + outline[1] + outline[2], <, 60);
  g_assert_cmpint (outline[3], ==, 255);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  ht_call_tree_free (tree);
}

/* The colour of the middle of @function's frame in a comparison's
 * @layout, painted flame-wise (levels up from the bottom) */
static void
diff_frame_pixel (cairo_surface_t *surface,
                  HtFlameLayout   *layout,
                  const char      *function,
                  int              rgba[4])
{
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      g_autofree char *name = f->node != NULL ? layout->source->display_name (layout->data, f->node, TRUE) : NULL;

      if (g_strcmp0 (name, function) == 0)
        {
          pixel (surface, (int) ((f->x + f->width / 2) * WIDTH), HEIGHT - (int) f->depth * ROW - 3, rgba);
          return;
        }
    }
  g_assert_not_reached ();
}

/* A differential flame graph: what grew red, what shrank blue, what did
 * not change grey; in both styles, and the legend's ends alike */
static void
test_diff (void)
{
  g_autoptr(HtComparison) comparison = load_comparison (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffFlame flame = { comparison, TRUE, HT_DIFF_B, FALSE };
  g_autoptr(HtFlameLayout) shaped_by_b = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, WIDTH, 0, FALSE);
  g_autoptr(HtFlameLayout) negated = NULL;
  HtFlamePaintOptions options = { ROW, FALSE, FALSE, FALSE, FALSE, NULL, TRUE };
  const char *names[2][2] = { { "diff-flame-paint", "diff-flame-paint-negated" },
                              { "diff-flame-paint-dark", "diff-flame-paint-negated-dark" } };
  double unchanged[3], legend_rgb[2][3];
  int rgba[4];

  flame.shape = HT_DIFF_A;
  negated = ht_diff_flame_layout_new (&flame, NULL, HT_COST_PEAK, WIDTH, 0, FALSE);
  for (int dark = 0; dark < 2; dark++)
    for (int side = 0; side < 2; side++)
      {
        HtFlameLayout *layout = side == 0 ? shaped_by_b : negated;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
        cairo_t *cr = cairo_create (surface);

        options.dark = dark;
        ht_flame_graph_paint (cr, layout, WIDTH, HEIGHT, &options);
        cairo_destroy (cr);
        save_painting (surface, names[dark][side]);
        /* new_cache (added) in B, old_cache (removed) in A: the largest
         * changes, in full colour; make_buffer grew a little, paler */
        diff_frame_pixel (surface, layout, side == 0 ? "new_cache" : "old_cache", rgba);
        g_test_message ("%s: %d %d %d", names[dark][side], rgba[0], rgba[1], rgba[2]);
        if (side == 0)
          g_assert_cmpint (rgba[0], >, rgba[2] + 80);
        else
          g_assert_cmpint (rgba[2], >, rgba[0] + 80);
        diff_frame_pixel (surface, layout, "make_buffer", rgba);
        g_assert_cmpint (rgba[0], >, rgba[2]);
        cairo_surface_destroy (surface);
      }

  /* no change, no hue */
  ht_flame_graph_change_colour (0, FALSE, unchanged);
  g_assert_cmpfloat (fabs (unchanged[0] - unchanged[2]), <, 0.05);

  /* the legend: blue (shrank) at the left of its ramp, red at the right */
  for (int dark = 0; dark < 2; dark++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, 24);
      cairo_t *cr = cairo_create (surface);
      int left = -1, right = -1;

      ht_flame_graph_paint_change_legend (cr, WIDTH, 24, dark);
      cairo_destroy (cr);
      save_painting (surface, dark ? "diff-flame-legend-dark" : "diff-flame-legend");
      ht_flame_graph_change_colour (-1, dark, legend_rgb[0]);
      ht_flame_graph_change_colour (1, dark, legend_rgb[1]);
      for (int x = 0; x < WIDTH; x++)
        {
          if (left < 0 && has_colour (surface, x, 12, legend_rgb[0]))
            left = x;
          if (has_colour (surface, x, 12, legend_rgb[1]))
            right = x;
        }
      g_assert_cmpint (left, >=, 0);
      g_assert_cmpint (right, >, left);
      cairo_surface_destroy (surface);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/flame-graph/paint/flame", test_flame);
  g_test_add_func ("/ht/flame-graph/paint/icicle-dark", test_icicle_dark);
  g_test_add_func ("/ht/flame-graph/paint/marks", test_marks);
  g_test_add_func ("/ht/flame-graph/paint/diff", test_diff);
  return g_test_run ();
}
