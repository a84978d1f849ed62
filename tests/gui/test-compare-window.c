/* test-compare-window.c: the comparison window on two hand-written traces,
 * with screenshots
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb; saves diff-summary.png, diff-tree.png,
 * diff-flame-graph.png, diff-flame-graph-negated.png, diff-charts.png and
 * diff-histogram.png into the build's tests/screenshots/ folder.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-compare-window.h"
#include "ht-diff-flame-graph-view.h"
#include "ht-diff-charts-view.h"
#include "ht-diff-histogram-view.h"
#include "ht-diff-item.h"
#include "ht-diff-summary-view.h"
#include "ht-diff-tree-view.h"
#include "gui-test-util.h"
#include "../unit/test-util.h"

static char *
write_trace (const char *dir,
             const char *name,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static HtCompareWindow *
open_comparison (const char *base,
                 const char *file)
{
  g_autoptr(GFile) a = g_file_new_for_path (base);
  g_autoptr(GFile) b = g_file_new_for_path (file);
  HtCompareWindow *window = ht_compare_window_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_compare_window_open (window, a, b);
  while (g_strcmp0 (ht_compare_window_get_state (window), "loading") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return window;
}

/* The text of the summary's cell, and whether it is coloured @style */
static const char *
cell_text (GtkGrid *grid,
           int      column,
           int      row)
{
  GtkWidget *label = gtk_grid_get_child_at (grid, column, row);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The summary's row of @label: its A, B, change and change in %, the
 * change coloured as worse or better */
static void
assert_summary_row (GtkGrid    *grid,
                    const char *label,
                    const char *a,
                    const char *b,
                    const char *delta,
                    const char *percent,
                    const char *style)
{
  for (int row = 1; gtk_grid_get_child_at (grid, 0, row) != NULL; row++)
    if (g_strcmp0 (cell_text (grid, 0, row), label) == 0)
      {
        g_assert_cmpstr (cell_text (grid, 1, row), ==, a);
        g_assert_cmpstr (cell_text (grid, 2, row), ==, b);
        g_assert_cmpstr (cell_text (grid, 3, row), ==, delta);
        g_assert_cmpstr (cell_text (grid, 4, row), ==, percent);
        g_assert_true (gtk_widget_has_css_class (gtk_grid_get_child_at (grid, 3, row), style));
        return;
      }
  g_assert_not_reached ();
}

static HtDiffItem *
row_item (GListModel *rows,
          guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, position);

  return gtk_tree_list_row_get_item (row);
}

/* The text of every label in the tree's row that shows @item's name */
static char *
row_text (GtkWidget  *view,
          const char *name)
{
  /* not the cost drop-down's list */
  GtkWidget *list = find_widget (find_widget (view, GTK_TYPE_COLUMN_VIEW, NULL), GTK_TYPE_LIST_VIEW, NULL);
  GString *text = g_string_new (NULL);

  /* the rows of a GtkColumnView's list are its children, in order */
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *line = widget_text (row);

      if (g_str_has_prefix (line, name) && line[strlen (name)] == '\n')
        g_string_append (text, line);
    }
  return g_string_free (text, FALSE);
}

static void
test_compare (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-compare-XXXXXX", &error);
  g_autofree char *a = write_trace (dir, "before.trace", HT_TEST_DIFF_A);
  g_autofree char *b = write_trace (dir, "after.trace", HT_TEST_DIFF_B);
  HtCompareWindow *window = open_comparison (a, b);
  GtkWidget *summary, *tree;
  GtkGrid *grid;
  GListModel *rows;
  g_autoptr(HtDiffItem) top = NULL;
  g_autoptr(HtDiffItem) second = NULL;
  g_autofree char *top_text = NULL;
  g_autofree char *summary_text = NULL;

  g_assert_cmpstr (ht_compare_window_get_state (window), ==, "content");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "before.trace → after.trace");

  /* the summary: calls 6 -> 8, peak 900 -> 1300, leaked 700 -> 1000, all worse */
  ht_compare_window_show_view (window, "diff-summary");
  summary = ht_compare_window_get_view (window, "diff-summary");
  grid = ht_diff_summary_view_get_grid (HT_DIFF_SUMMARY_VIEW (summary));
  assert_summary_row (grid, "Calls to allocation functions", "6", "8", "+2 ▲", "+33 %", "error");
  assert_summary_row (grid, "Peak heap memory", "900 bytes", "1.3\u00a0KiB", "+400 bytes ▲", "+44 %", "error");
  assert_summary_row (grid, "Leaked", "700 bytes", "1000 bytes", "+300 bytes ▲", "+43 %", "error");
  /* how much did not pair, per side */
  summary_text = widget_text (summary);
  g_assert_nonnull (strstr (summary_text, "1 of 5 sites unmatched: calls 1 (17 %), peak 500 bytes"));
  g_assert_nonnull (strstr (summary_text, "1 of 5 sites unmatched: calls 1 (12 %), peak 700 bytes"));
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "diff-summary");

  /* the bottom-up tree by peak: new_cache's +700 B, then old_cache's −500 B */
  ht_compare_window_show_view (window, "diff-tree");
  tree = ht_compare_window_get_view (window, "diff-tree");
  ht_diff_tree_view_set_cost_type (HT_DIFF_TREE_VIEW (tree), HT_COST_PEAK);
  iterate (300);
  rows = ht_diff_tree_view_get_rows (HT_DIFF_TREE_VIEW (tree));
  top = row_item (rows, 0);
  second = row_item (rows, 1);
  g_assert_cmpstr (ht_diff_item_get_name (top), ==, "new_cache");
  g_assert_cmpint (ht_diff_item_get_status (top), ==, HT_DIFF_ADDED);
  g_assert_cmpstr (ht_diff_item_get_name (second), ==, "old_cache");
  g_assert_cmpint (ht_diff_item_get_status (second), ==, HT_DIFF_REMOVED);
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(HtDiffItem) item = row_item (rows, i);

      g_assert_cmpfloat (fabs (ht_diff_item_get_delta (item, HT_COST_PEAK)), <=,
                         fabs (ht_diff_item_get_delta (top, HT_COST_PEAK)));
    }
  /* what the user reads in the row: both sides, the change, marked added */
  top_text = row_text (tree, "new_cache");
  g_assert_cmpstr (top_text, ==, "new_cache\nmain.c:40 · prog\nadded\n0 bytes\n700 bytes\n+700 bytes ▲\n—\n");
  save_screenshot (GTK_WIDGET (window), "diff-tree");

  /* swapped: every change turns its sign, added becomes removed */
  gtk_widget_activate_action (GTK_WIDGET (window), "compare.swap", NULL);
  iterate (300);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "after.trace → before.trace");
  assert_summary_row (grid, "Calls to allocation functions", "8", "6", "−2 ▼", "−25 %", "success");
  g_clear_object (&top);
  rows = ht_diff_tree_view_get_rows (HT_DIFF_TREE_VIEW (tree));
  top = row_item (rows, 0);
  g_assert_cmpstr (ht_diff_item_get_name (top), ==, "new_cache");
  g_assert_cmpint (ht_diff_item_get_status (top), ==, HT_DIFF_REMOVED);
  g_assert_cmpfloat (ht_diff_item_get_delta (top, HT_COST_PEAK), ==, -700);
  g_clear_pointer (&top_text, g_free);
  top_text = row_text (tree, "new_cache");
  g_assert_cmpstr (top_text, ==, "new_cache\nmain.c:40 · prog\nremoved\n700 bytes\n0 bytes\n−700 bytes ▼\n−100 %\n");

  /* top-down, the whole program comes first: main, 900 - 1300 B as swapped */
  ht_diff_tree_view_set_top_down (HT_DIFF_TREE_VIEW (tree), TRUE);
  iterate (100);
  g_clear_object (&top);
  rows = ht_diff_tree_view_get_rows (HT_DIFF_TREE_VIEW (tree));
  top = row_item (rows, 0);
  g_assert_cmpstr (ht_diff_item_get_name (top), ==, "main");
  g_assert_cmpfloat (ht_diff_item_get_delta (top, HT_COST_PEAK), ==, -400);
  ht_diff_tree_view_set_top_down (HT_DIFF_TREE_VIEW (tree), FALSE);

  /* changes below 30 % of the larger total peak (1300 B) are left out:
   * only new_cache's and old_cache's remain */
  ht_diff_tree_view_set_threshold (HT_DIFF_TREE_VIEW (tree), 30);
  iterate (300);
  rows = ht_diff_tree_view_get_rows (HT_DIFF_TREE_VIEW (tree));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  save_screenshot (GTK_WIDGET (window), "diff-tree-threshold");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static gboolean
is_negated_button (GtkWidget *button)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), "Negated (Shaped by A)") == 0;
}

/* The frame of @function in what @area shows, described in words; NULL
 * if it has none */
static char *
describe_frame (HtFlameGraphArea *area,
                const char       *function)
{
  HtFlameLayout *layout = ht_flame_graph_area_get_layout (area);

  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      g_autofree char *name = f->node != NULL ? layout->source->display_name (layout->data, f->node, TRUE) : NULL;

      if (g_strcmp0 (name, function) == 0)
        return ht_flame_layout_describe (layout, i);
    }
  return NULL;
}

static void
assert_shows (GtkWidget  *view,
              const char *text)
{
  g_autofree char *shown = widget_text (view);

  g_assert_nonnull (strstr (shown, text));
}

/* The differential flame graph: shaped by B, new_cache added and red;
 * negated, shaped by A, old_cache removed and blue; swapped, the other
 * way round */
static void
test_flame_graph (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-compare-XXXXXX", &error);
  g_autofree char *a = write_trace (dir, "before.trace", HT_TEST_DIFF_A);
  g_autofree char *b = write_trace (dir, "after.trace", HT_TEST_DIFF_B);
  HtCompareWindow *window = open_comparison (a, b);
  GtkWidget *view;
  HtFlameGraphArea *area;
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *swapped = NULL;
  g_autofree char *gone = NULL;

  ht_compare_window_show_view (window, "diff-flame-graph");
  view = ht_compare_window_get_view (window, "diff-flame-graph");
  area = ht_diff_flame_graph_view_get_area (HT_DIFF_FLAME_GRAPH_VIEW (view));
  iterate (300);
  g_assert_cmpint (ht_flame_graph_area_get_layout (area)->total, ==, 1300);
  added = describe_frame (area, "new_cache");
  g_assert_cmpstr (added, ==, "new_cache in prog: +700 bytes ▲ (added) of total peak");
  gone = describe_frame (area, "old_cache");
  g_assert_null (gone);
  /* walked to with the keyboard: main, then its costliest callee; the
   * label under the graph says what colour says */
  gtk_widget_activate_action (GTK_WIDGET (area), "frame.walk", "s", "up");
  gtk_widget_activate_action (GTK_WIDGET (area), "frame.walk", "s", "up");
  iterate (100);
  assert_shows (view, added);
  save_screenshot (GTK_WIDGET (window), "diff-flame-graph");

  /* the toolbar's button, as a user would */
  gtk_widget_activate (find_widget (view, GTK_TYPE_TOGGLE_BUTTON, is_negated_button));
  iterate (300);
  g_assert_cmpint (ht_flame_graph_area_get_layout (area)->total, ==, 900);
  removed = describe_frame (area, "old_cache");
  g_assert_cmpstr (removed, ==, "old_cache in prog: −500 bytes ▼ (removed) of total peak");
  gtk_widget_activate_action (GTK_WIDGET (area), "frame.walk", "s", "down");
  gtk_widget_activate_action (GTK_WIDGET (area), "frame.walk", "s", "up");
  iterate (100);
  assert_shows (view, removed);
  save_screenshot (GTK_WIDGET (window), "diff-flame-graph-negated");

  /* swapped, A is the new trace: still shaped by A, new_cache was removed */
  gtk_widget_activate_action (GTK_WIDGET (window), "compare.swap", NULL);
  iterate (100);
  swapped = describe_frame (area, "new_cache");
  g_assert_cmpstr (swapped, ==, "new_cache in prog: −700 bytes ▼ (removed) of total peak");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static gboolean
is_graph_stack (GtkWidget *widget)
{
  return gtk_stack_get_child_by_name (GTK_STACK (widget), "graph") != NULL;
}

/* A cost neither trace has (no temporary allocations in either): the
 * flame graph's page says so instead of drawing nothing */
static void
test_flame_graph_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-compare-XXXXXX", &error);
  g_autofree char *a_text = ht_test_timeline_trace (2, 10, 100, 0, 0);
  g_autofree char *b_text = ht_test_timeline_trace (3, 10, 100, 0, 0);
  g_autofree char *a = write_trace (dir, "a.trace", a_text);
  g_autofree char *b = write_trace (dir, "b.trace", b_text);
  HtCompareWindow *window = open_comparison (a, b);
  GtkWidget *view;
  GtkStack *stack;
  g_autofree char *text = NULL;

  g_assert_cmpstr (ht_compare_window_get_state (window), ==, "content");
  ht_compare_window_show_view (window, "diff-flame-graph");
  view = ht_compare_window_get_view (window, "diff-flame-graph");
  stack = GTK_STACK (find_widget (view, GTK_TYPE_STACK, is_graph_stack));
  iterate (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "graph");

  /* the drop-down's fourth cost: temporary allocations */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (view, GTK_TYPE_DROP_DOWN, NULL)), 3);
  iterate (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  text = widget_text (view);
  g_assert_nonnull (strstr (text, "No Allocations to Show"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* Traces of unrelated programs, the newer one cut off: the comparison
 * still shows, says that little matched and that B is truncated */
static void
test_unrelated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-compare-XXXXXX", &error);
  g_autofree char *cut = g_strndup (EXAMPLE_TRACE, strstr (EXAMPLE_TRACE, "- 2\n") - EXAMPLE_TRACE);
  /* an allocation of an index never defined, its line cut off */
  g_autofree char *b_text = g_strconcat (cut, "+ 9", NULL);
  g_autofree char *a = write_trace (dir, "prog.trace", HT_TEST_DIFF_A);
  g_autofree char *b = write_trace (dir, "example-cut.trace", b_text);
  HtCompareWindow *window = open_comparison (a, b);
  GtkWidget *summary;
  g_autofree char *text = NULL;

  g_assert_cmpstr (ht_compare_window_get_state (window), ==, "content");
  ht_compare_window_show_view (window, "diff-summary");
  summary = ht_compare_window_get_view (window, "diff-summary");
  iterate (300);
  text = widget_text (summary);
  g_assert_nonnull (strstr (text, "5 of 5 sites unmatched"));
  g_assert_nonnull (strstr (text, "3 of 3 sites unmatched"));
  g_assert_nonnull (strstr (text, "Little of the two traces matched"));
  g_assert_nonnull (strstr (text, "example-cut.trace: the file is truncated"));
  /* the warnings are at the bottom */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (find_widget (summary, GTK_TYPE_SCROLLED_WINDOW, NULL)));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    iterate (300);
  }
  save_screenshot (GTK_WIDGET (window), "diff-summary-unrelated");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static gboolean
is_normalised_button (GtkWidget *widget)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Normalised Time") == 0;
}

/* Two runs over time (ht_test_timeline_trace ()): A, 40 steps of 25 ms
 * keeping 4 KiB each but the last 20, with temporaries of 64 to 512 bytes;
 * B, 60 steps of 20 ms keeping 6000 bytes each, with temporaries of 32 to
 * 256 bytes. Their charts on one time axis, and their sizes mirrored. */
static void
test_overlays (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-compare-XXXXXX", &error);
  g_autofree char *a_text = ht_test_timeline_trace (40, 25, 4096, 64, 20);
  g_autofree char *b_text = ht_test_timeline_trace (60, 20, 6000, 32, 0);
  g_autofree char *a = write_trace (dir, "before.trace", a_text);
  g_autofree char *b = write_trace (dir, "after.trace", b_text);
  HtCompareWindow *window = open_comparison (a, b);
  GtkWidget *charts, *histogram;
  const HtChartOverlay *overlay;
  const HtHistogramOverlay *sizes;
  int row;

  g_assert_cmpstr (ht_compare_window_get_state (window), ==, "content");

  /* consumed bytes over B's 1201 ms, the highest of the step before 800 ms:
   * A's 21st block of 4 KiB and a temporary of 512 bytes before it frees
   * its oldest block; B's 40 blocks of 6000 bytes and one of 256 */
  ht_compare_window_show_view (window, "diff-charts");
  charts = ht_compare_window_get_view (window, "diff-charts");
  overlay = ht_diff_charts_view_get_overlay (HT_DIFF_CHARTS_VIEW (charts));
  g_assert_nonnull (overlay);
  g_assert_cmpint (overlay->type, ==, HT_COST_PEAK);
  g_assert_cmpfloat (overlay->end, ==, 1201);
  g_assert_cmpstr (overlay->labels[HT_DIFF_A], ==, "A: before.trace");
  row = ht_chart_overlay_row_at (overlay, HT_DIFF_A, 800);
  g_assert_cmpint (overlay->values[HT_DIFF_A][row], ==, 21 * 4096 + 512);
  row = ht_chart_overlay_row_at (overlay, HT_DIFF_B, 800);
  g_assert_cmpint (overlay->values[HT_DIFF_B][row], ==, 40 * 6000 + 256);
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "diff-charts");

  /* normalised: both runs end at 100 %; the toggle follows the property */
  g_object_set (charts, "normalised", TRUE, "cost-type", HT_COST_ALLOCATIONS, NULL);
  overlay = ht_diff_charts_view_get_overlay (HT_DIFF_CHARTS_VIEW (charts));
  g_assert_cmpfloat (overlay->end, ==, 100);
  g_assert_cmpint (overlay->type, ==, HT_COST_ALLOCATIONS);
  g_assert_cmpfloat (overlay->x[HT_DIFF_A][overlay->n_rows[HT_DIFF_A] - 1], ==, 100);
  g_assert_true (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (find_widget (charts, GTK_TYPE_TOGGLE_BUTTON, is_normalised_button))));
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "diff-charts-normalised");

  /* the sizes: 4 KiB and 6000 bytes share the 4–8 KiB bucket */
  ht_compare_window_show_view (window, "diff-histogram");
  histogram = ht_compare_window_get_view (window, "diff-histogram");
  sizes = ht_diff_histogram_view_get_overlay (HT_DIFF_HISTOGRAM_VIEW (histogram));
  g_assert_cmpuint (sizes->first_bucket, ==, 6);
  g_assert_cmpuint (sizes->calls[HT_DIFF_A][13], ==, 40);
  g_assert_cmpuint (sizes->calls[HT_DIFF_B][13], ==, 60);
  g_assert_cmpuint (sizes->calls[HT_DIFF_A][10], ==, 10);
  g_assert_cmpuint (sizes->calls[HT_DIFF_B][6], ==, 15);
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "diff-histogram");

  /* swapped, the views follow */
  gtk_widget_activate_action (GTK_WIDGET (window), "compare.swap", NULL);
  sizes = ht_diff_histogram_view_get_overlay (HT_DIFF_HISTOGRAM_VIEW (histogram));
  g_assert_cmpuint (sizes->calls[HT_DIFF_A][13], ==, 60);
  g_assert_cmpstr (sizes->labels[HT_DIFF_B], ==, "B: before.trace");
  overlay = ht_diff_charts_view_get_overlay (HT_DIFF_CHARTS_VIEW (charts));
  g_assert_cmpuint (overlay->n_rows[HT_DIFF_A], ==, 62);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* A base that is no trace: the error names it */
static void
test_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-compare-XXXXXX", &error);
  g_autofree char *a = write_trace (dir, "notes.txt", "not a trace\n");
  g_autofree char *b = write_trace (dir, "after.trace", HT_TEST_DIFF_B);
  HtCompareWindow *window = open_comparison (a, b);
  g_autofree char *text = NULL;
  g_autofree char *expected = g_strdup_printf ("Cannot Open %s", a);

  g_assert_cmpstr (ht_compare_window_get_state (window), ==, "error");
  text = widget_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, expected));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ht/compare-window/compare", test_compare);
  g_test_add_func ("/ht/compare-window/flame-graph", test_flame_graph);
  g_test_add_func ("/ht/compare-window/flame-graph-empty", test_flame_graph_empty);
  g_test_add_func ("/ht/compare-window/unrelated", test_unrelated);
  g_test_add_func ("/ht/compare-window/overlays", test_overlays);
  g_test_add_func ("/ht/compare-window/error", test_error);

  return g_test_run ();
}
