/* test-compare-entry.c: the ways into a comparison from a trace's window:
 * two moments from the consumed chart's menu, a second trace dropped on it
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb on the wl-timeline fixture; saves diff-moments.png into
 * the build's tests/screenshots/ folder.
 */

#include "config.h"

#include "ht-chart-view.h"
#include "ht-charts-page.h"
#include <glib/gstdio.h>

#include "ht-compare-window.h"
#include "ht-diff-item.h"
#include "ht-diff-tree-view.h"
#include "gui-test-util.h"
#include "../unit/test-util.h"

/* The comparison window that opened, once it has loaded */
static HtCompareWindow *
wait_compare_window (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  HtCompareWindow *found = NULL;

  while (found == NULL || g_strcmp0 (ht_compare_window_get_state (found), "loading") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      found = HT_COMPARE_WINDOW (find_toplevel (HT_TYPE_COMPARE_WINDOW));
      iterate (10);
    }
  g_assert_cmpstr (ht_compare_window_get_state (found), ==, "content");
  return found;
}

/* Whether @model, or one of its sections, has an item @label for @action */
static gboolean
menu_has (GMenuModel *model,
          const char *label,
          const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_label = NULL;
      g_autofree char *item_action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (section != NULL && menu_has (section, label, action))
        return TRUE;
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label)
          && g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action)
          && g_strcmp0 (item_label, label) == 0 && g_strcmp0 (item_action, action) == 0)
        return TRUE;
    }
  return FALSE;
}

static const HtDiffFunction *
find_function (HtDiff     *diff,
               const char *name)
{
  for (guint i = 0; i < diff->functions->len; i++)
    {
      const HtDiffFunction *function = g_ptr_array_index (diff->functions, i);

      if (function->symbol != G_MAXUINT
          && g_strcmp0 (ht_diff_get_symbol (diff, function->symbol)->function, name) == 0)
        return function;
    }
  g_assert_not_reached ();
}

/* What grew while wl-timeline's cache filled: at 500 ms its 300 records of
 * 2048 B are live and nothing of the cache; at 773 ms all 200 blocks of
 * 4096 B have come and the first has gone again (the peak, 772 ms, and
 * that free share a millisecond) */
static void
test_moments (void)
{
  HtWindow *window = open_window ("wl-timeline.zst");
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  HtCompareWindow *compare;
  HtChartView *consumed;
  GtkWidget *area, *menu;
  GtkDropDown *costs;
  HtSession *session;
  const HtDiffFunction *cache;
  HtDiff *diff;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;

  wait_loaded (window);
  session = ht_window_get_session (window);
  ht_window_show_view (window, "charts");
  consumed = ht_charts_page_get_chart (HT_CHARTS_PAGE (ht_window_get_view (window, "charts")), HT_COST_PEAK);
  while (ht_chart_view_get_chart (consumed) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (20);
    }
  iterate (300);

  /* a range selected, the consumed chart's menu offers to compare its ends */
  ht_session_select_time (session, 500, 773);
  area = find_widget (GTK_WIDGET (consumed), GTK_TYPE_DRAWING_AREA, NULL);
  g_signal_emit_by_name (find_controller (area, GTK_TYPE_GESTURE_CLICK, GDK_BUTTON_SECONDARY), "pressed", 1,
                         ht_chart_view_time_to_x (consumed, 600), 40.0);
  iterate (100);
  menu = find_widget (area, GTK_TYPE_POPOVER_MENU, NULL);
  g_assert_true (gtk_widget_get_visible (menu));
  g_assert_true (menu_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)),
                           "Compare Heap at 500 ms and at 773 ms", "win.compare-selection"));
  gtk_popover_popdown (GTK_POPOVER (menu));
  g_assert_true (gtk_widget_activate_action (area, "win.compare-selection", NULL));
  compare = wait_compare_window ();

  title = ht_comparison_get_title (ht_compare_window_get_comparison (compare));
  g_assert_cmpstr (title, ==, "wl-timeline.zst at 500 ms → 773 ms");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (compare)), ==, title);
  diff = ht_comparison_get_diff (ht_compare_window_get_comparison (compare));
  g_assert_cmpint (diff->side[HT_DIFF_A].figures[HT_DIFF_LEAKED], ==, 300 * 2048);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_LEAKED], ==, 300 * 2048 + 199 * 4096);
  cache = find_function (diff, "cache_insert");
  g_assert_cmpint (ht_diff_costs_status (&cache->costs), ==, HT_DIFF_ADDED);
  g_assert_cmpint (cache->costs.b.leaked, ==, 199 * 4096);
  g_assert_cmpint (find_function (diff, "load_record")->costs.a.leaked, ==, 300 * 2048);
  g_assert_cmpint (find_function (diff, "load_record")->costs.b.leaked, ==, 300 * 2048);

  /* the trees rank what was live, and say so */
  ht_compare_window_show_view (compare, "diff-tree");
  iterate (400);
  costs = GTK_DROP_DOWN (find_widget (ht_compare_window_get_view (compare, "diff-tree"), GTK_TYPE_DROP_DOWN, NULL));
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (costs)), ==, "Live");
  save_screenshot (GTK_WIDGET (compare), "diff-moments");
  ht_compare_window_show_view (compare, "diff-summary");
  iterate (200);
  summary = widget_text (ht_compare_window_get_view (compare, "diff-summary"));
  g_assert_nonnull (strstr (summary, "\nLive\n"));
  save_screenshot (GTK_WIDGET (compare), "diff-moments-summary");

  gtk_window_destroy (GTK_WINDOW (compare));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Drops @file on @window as a file manager would, through its drop
 * target's "drop", and answers the question that follows with @response */
static void
drop (HtWindow   *window,
      GFile      *file,
      const char *response)
{
  GtkEventController *target = find_controller (GTK_WIDGET (window), GTK_TYPE_DROP_TARGET, 0);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  gboolean handled = FALSE;
  AdwMessageDialog *dialog;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 100.0, 100.0, &handled);
  g_assert_true (handled);
  iterate (100);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Open or Compare?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Open “wl-sites.zst” in a window of its own, or compare it with “wl-timeline.zst”, "
                   "the trace shown here, which becomes the base?");
  save_screenshot (GTK_WIDGET (dialog), "compare-drop-question");
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A second trace dropped on a window: compared with the one shown, which
 * is the base, or opened in a window of its own */
static void
test_drop (void)
{
  HtWindow *window = open_window ("wl-timeline.zst");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autoptr(GFile) dropped = g_file_new_for_path (path);
  HtCompareWindow *compare;
  HtComparison *comparison;
  HtWindow *opened = NULL;
  GListModel *toplevels;
  GFile *shown;
  g_autofree char *title = NULL;

  wait_loaded (window);
  shown = ht_document_get_file (ht_window_get_document (window));

  drop (window, dropped, "compare");
  compare = wait_compare_window ();
  comparison = ht_compare_window_get_comparison (compare);
  g_assert_true (g_file_equal (ht_comparison_get_file (comparison, HT_DIFF_A), shown));
  g_assert_true (g_file_equal (ht_comparison_get_file (comparison, HT_DIFF_B), dropped));
  g_assert_false (ht_comparison_is_moments (comparison));
  title = ht_comparison_get_title (comparison);
  g_assert_cmpstr (title, ==, "wl-timeline.zst → wl-sites.zst");
  gtk_window_destroy (GTK_WINDOW (compare));

  /* "Open": the window keeps its trace, the dropped one gets a window */
  drop (window, dropped, "open");
  g_assert_null (find_toplevel (HT_TYPE_COMPARE_WINDOW));
  g_assert_true (ht_document_get_file (ht_window_get_document (window)) == shown);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (HT_IS_WINDOW (toplevel) && HT_WINDOW (toplevel) != window)
        opened = HT_WINDOW (toplevel);
    }
  g_assert_nonnull (opened);
  g_assert_true (g_file_equal (ht_window_get_file (opened), dropped));
  wait_loaded (opened);
  gtk_window_destroy (GTK_WINDOW (opened));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row of @rows whose item is the function @name, its index */
static guint
row_of (GListModel *rows,
        const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autoptr(HtDiffItem) item = GTK_IS_TREE_LIST_ROW (row) ? gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (row))
                                                               : g_object_ref (HT_DIFF_ITEM (row));

      if (g_strcmp0 (ht_diff_item_get_name (item), name) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static HtDiffItem *
link_item (GListModel *links,
           const char *name)
{
  return g_list_model_get_item (links, row_of (links, name));
}

static GListModel *shown_links;

static gboolean
shows_links (GtkWidget *view)
{
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view))) == shown_links;
}

/* The comparison's caller/callee view on two hand-written traces
 * (tests/unit/test-util.h): app::parse is called from main twice in A
 * (its own site and libbar's below it) and three times in B */
static void
test_caller_callee (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-compare-entry-XXXXXX", NULL);
  g_autofree char *a_path = g_build_filename (dir, "build-a.trace", NULL);
  g_autofree char *b_path = g_build_filename (dir, "build-b.trace", NULL);
  g_autoptr(GFile) a = g_file_new_for_path (a_path);
  g_autoptr(GFile) b = g_file_new_for_path (b_path);
  HtCompareWindow *window = ht_compare_window_new (NULL);
  g_autoptr(HtDiffItem) main_item = NULL;
  g_autoptr(HtDiffItem) unresolved = NULL;
  HtDiffTreeView *view;
  GListModel *rows;

  g_assert_true (g_file_set_contents (a_path, HT_TEST_DIFF_A, -1, NULL));
  g_assert_true (g_file_set_contents (b_path, HT_TEST_DIFF_B, -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_compare_window_open (window, a, b);
  g_assert_true (wait_compare_window () == window);
  ht_compare_window_show_view (window, "diff-tree");
  view = HT_DIFF_TREE_VIEW (ht_compare_window_get_view (window, "diff-tree"));
  ht_diff_tree_view_set_cost_type (view, HT_COST_ALLOCATIONS);
  ht_diff_tree_view_show_caller_callee (view);
  iterate (200);

  /* every function of either build, by its change of calls: main's +2 first */
  rows = ht_diff_tree_view_get_rows (view);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 7);
  g_assert_cmpuint (row_of (rows, "main"), ==, 0);
  /* main, the first, is selected: called by none, calling five */
  g_assert_cmpuint (g_list_model_get_n_items (ht_diff_tree_view_get_links (view, TRUE)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ht_diff_tree_view_get_links (view, FALSE)), ==, 5);

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows), row_of (rows, "app::parse"));
  iterate (200);
  main_item = link_item (ht_diff_tree_view_get_links (view, TRUE), "main");
  g_assert_cmpuint (g_list_model_get_n_items (ht_diff_tree_view_get_links (view, TRUE)), ==, 1);
  g_assert_cmpfloat (ht_diff_item_get_value (main_item, HT_DIFF_A, HT_COST_ALLOCATIONS), ==, 2);
  g_assert_cmpfloat (ht_diff_item_get_value (main_item, HT_DIFF_B, HT_COST_ALLOCATIONS), ==, 3);
  unresolved = link_item (ht_diff_tree_view_get_links (view, FALSE), "<unresolved in libbar.so>");
  g_assert_cmpfloat (ht_diff_item_get_delta (unresolved, HT_COST_ALLOCATIONS), ==, 1);
  g_assert_cmpfloat (ht_diff_item_get_delta (unresolved, HT_COST_TEMPORARY), ==, 1);
  save_screenshot (GTK_WIDGET (window), "diff-caller-callee");

  /* a caller activated is selected in the list, with its own callees */
  shown_links = ht_diff_tree_view_get_links (view, TRUE);
  g_signal_emit_by_name (find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW, shows_links), "activate",
                         row_of (shown_links, "main"));
  iterate (100);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows)), ==, row_of (rows, "main"));
  g_assert_cmpuint (g_list_model_get_n_items (ht_diff_tree_view_get_links (view, FALSE)), ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  g_remove (a_path);
  g_remove (b_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  g_test_add_func ("/ht/gui/compare-entry/moments", test_moments);
  g_test_add_func ("/ht/gui/compare-entry/drop", test_drop);
  g_test_add_func ("/ht/gui/compare-entry/caller-callee", test_caller_callee);
  return g_test_run ();
}
