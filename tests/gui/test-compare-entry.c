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
#include "ht-compare-window.h"
#include "gui-test-util.h"

/* The toplevel of @type, NULL if none is open */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return GTK_WINDOW (toplevel);
    }
  return NULL;
}

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
  HtSession *session;
  const HtDiffFunction *cache;
  HtDiff *diff;
  g_autofree char *title = NULL;

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

  /* the trees rank what was live */
  ht_compare_window_show_view (compare, "diff-tree");
  iterate (400);
  save_screenshot (GTK_WIDGET (compare), "diff-moments");

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

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  g_test_add_func ("/ht/gui/compare-entry/moments", test_moments);
  g_test_add_func ("/ht/gui/compare-entry/drop", test_drop);
  return g_test_run ();
}
