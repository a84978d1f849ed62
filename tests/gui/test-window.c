/* test-window.c: the real window on a real trace, every view, with screenshots
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb; saves a PNG of each view into the build's
 * tests/screenshots/ folder, named after the view.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ht-caller-callee-view.h"
#include "ht-function-item.h"
#include "ht-summary-view.h"
#include "ht-tree-item.h"
#include "ht-tree-view.h"
#include "ht-window.h"
#include "gui-test-util.h"

static void
test_views (void)
{
  HtWindow *window = open_window ("wl-cxx.zst");
  static const char * const views[] = { "summary", "bottom-up", "top-down", "caller-callee" };
  gint64 stall;

  stall = wait_loaded (window);
  g_test_message ("longest main loop iteration while loading: %" G_GINT64_FORMAT " µs", stall);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "wl-cxx.zst");

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      ht_window_show_view (window, views[i]);
      iterate (300);
      save_screenshot (GTK_WIDGET (window), views[i]);
    }

  /* a selected row shows its full backtraces below the tree */
  ht_window_show_view (window, "bottom-up");
  iterate (100);
  ht_tree_view_expand_first (HT_TREE_VIEW (ht_window_get_view (window, "bottom-up")), 1);
  ht_tree_view_select (HT_TREE_VIEW (ht_window_get_view (window, "bottom-up")), 1);
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "bottom-up-selected");

  /* Ctrl+F filters the tree down to the paths that lead to a match */
  ht_tree_view_search (HT_TREE_VIEW (ht_window_get_view (window, "bottom-up")), "basic_string");
  iterate (600);
  save_screenshot (GTK_WIDGET (window), "bottom-up-filtered");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_title_lacks (GtkWidget *group)
{
  return g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)),
                    "What This Trace Lacks") == 0;
}

/* the summary says what a trace lacks: symbols of a stripped library, and
 * the memory a program mapped itself; a trace that lacks nothing says nothing */
static void
test_summary_lacking (void)
{
  HtWindow *window = open_window ("lacking.zst");
  HtWindow *plain = NULL;
  GtkWidget *group;
  g_autofree char *text = NULL;

  wait_loaded (window);
  ht_window_show_view (window, "summary");
  iterate (300);
  group = find_widget (ht_window_get_view (window, "summary"), ADW_TYPE_PREFERENCES_GROUP, has_title_lacks);
  g_assert_nonnull (group);
  g_assert_nonnull (find_widget (group, ADW_TYPE_ACTION_ROW, NULL));
  save_screenshot (GTK_WIDGET (window), "summary-lacking");
  gtk_window_destroy (GTK_WINDOW (window));

  plain = open_window ("wl-sites.zst");
  wait_loaded (plain);
  ht_window_show_view (plain, "summary");
  iterate (300);
  g_assert_null (find_widget (ht_window_get_view (plain, "summary"), ADW_TYPE_PREFERENCES_GROUP, has_title_lacks));
  gtk_window_destroy (GTK_WINDOW (plain));
}

static gboolean
is_activatable (GtkWidget *row)
{
  return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row));
}

/* The top rows of a tree view, in the order shown, are in descending order of @type */
static void
assert_ranked_by (GtkWidget  *view,
                  HtCostType  type)
{
  GtkColumnView *list = GTK_COLUMN_VIEW (find_widget (view, GTK_TYPE_COLUMN_VIEW, NULL));
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (list));
  guint64 previous = G_MAXUINT64;
  guint top_level = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(HtTreeItem) item = NULL;
      guint64 value;

      if (gtk_tree_list_row_get_depth (row) > 0)
        continue;
      item = gtk_tree_list_row_get_item (row);
      value = ht_bytes_magnitude (ht_cost_get (ht_tree_item_get_cost (item), type));
      g_assert_cmpuint (value, <=, previous);
      previous = value;
      top_level++;
    }
  g_assert_cmpuint (top_level, >, 1);
}

/* The views share the window's session and follow it */
static void
test_session (void)
{
  HtWindow *window = open_window ("wl-cxx.zst");
  static const char * const views[] = { "summary", "bottom-up", "top-down", "caller-callee" };
  GtkWidget *bottom_up, *caller_callee, *row, *entry;
  HtSession *session;
  HtCallerCallee *cc;
  HtFunctionItem *shown;
  guint function, other;
  g_autofree char *other_name = NULL;

  wait_loaded (window);
  session = ht_window_get_session (window);
  g_assert_nonnull (session);
  g_assert_true (ht_session_get_document (session) == ht_window_get_document (window));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr(HtSession) bound = NULL;

      g_object_get (ht_window_get_view (window, views[i]), "session", &bound, NULL);
      g_assert_true (bound == session);
    }
  g_assert_true (HT_IS_SUMMARY_VIEW (ht_window_get_view (window, "summary")));
  bottom_up = ht_window_get_view (window, "bottom-up");
  caller_callee = ht_window_get_view (window, "caller-callee");
  cc = ht_document_get_caller_callee (ht_session_get_document (session));

  /* a top site of the summary opens the bottom-up tree, filtered to its function */
  row = find_widget (ht_window_get_view (window, "summary"), ADW_TYPE_ACTION_ROW, is_activatable);
  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  iterate (300);
  g_assert_true (gtk_widget_get_mapped (bottom_up));
  entry = find_widget (bottom_up, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  ht_tree_view_search (HT_TREE_VIEW (bottom_up), "");
  iterate (300);

  /* the trees rank by the session's cost type */
  assert_ranked_by (bottom_up, HT_COST_PEAK);
  ht_session_set_cost_type (session, HT_COST_ALLOCATIONS);
  iterate (300);
  assert_ranked_by (bottom_up, HT_COST_ALLOCATIONS);
  save_screenshot (GTK_WIDGET (window), "bottom-up-allocations");
  ht_session_set_cost_type (session, HT_COST_PEAK);
  iterate (100);
  assert_ranked_by (bottom_up, HT_COST_PEAK);

  /* a row selected in a tree selects its function, which the caller/callee
   * view shows when it is shown */
  ht_tree_view_select (HT_TREE_VIEW (bottom_up), 1);
  function = ht_session_get_selected_function (session);
  g_assert_cmpuint (function, !=, HT_SESSION_NO_FUNCTION);
  ht_window_show_view (window, "caller-callee");
  iterate (300);
  shown = selected_item (caller_callee);
  g_assert_nonnull (shown);
  g_assert_cmpuint (ht_function_item_get_index (shown), ==, function);

  /* and a function selected there becomes the session's */
  other = (function + 1) % ht_caller_callee_get_n_functions (cc);
  other_name = ht_caller_callee_get_display_name (cc, other, TRUE);
  g_assert_true (ht_caller_callee_view_select (HT_CALLER_CALLEE_VIEW (caller_callee), other_name));
  g_assert_cmpuint (ht_session_get_selected_function (session), !=, function);
  g_assert_cmpuint (ht_session_get_selected_function (session), ==,
                    ht_function_item_get_index (selected_item (caller_callee)));
  ht_session_set_selected_function (session, function);
  iterate (100);
  g_assert_cmpuint (ht_function_item_get_index (selected_item (caller_callee)), ==, function);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Another trace in the same window: a new session, and the old one and its
 * document are let go by every view */
static void
test_second_trace (void)
{
  HtWindow *window = open_window ("wl-cxx.zst");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  static const char * const views[] = { "bottom-up", "top-down", "caller-callee", "summary" };
  HtSession *first;
  HtDocument *document;

  wait_loaded (window);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      ht_window_show_view (window, views[i]);
      iterate (100);
    }
  first = ht_window_get_session (window);
  document = ht_window_get_document (window);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  g_object_add_weak_pointer (G_OBJECT (document), (gpointer *) &document);

  ht_window_open (window, file);
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  g_assert_null (first);
  g_assert_null (document);
  g_assert_nonnull (ht_window_get_session (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* a broken file shows an error page that names the file and the problem */
static void
test_error (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.zst", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);

  g_file_set_contents (path, "v 10400 3\nt 9 0\n", -1, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "error");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "broken.zst");
  iterate (200);
  save_screenshot (GTK_WIDGET (window), "error");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* a cut-off trace opens with what it holds and a visible warning */
static void
test_truncated (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);

  /* the last line lost its end, as when the writer was killed */
  g_assert_true (g_file_set_contents (path, "v 10400 3\nX ./cut\ns 4 main\ns 6 main.c\ni 10 0 1 2 7\n"
                                      "t 1 0\na 40 1\n+ 0\n+ 0\nc a\na 8", -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  g_assert_nonnull (ht_window_get_warning (window));
  g_assert_nonnull (strstr (ht_window_get_warning (window), "truncated"));
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "truncated");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_start_page (void)
{
  HtWindow *window = ht_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  iterate (300);
  g_assert_cmpstr (ht_window_get_state (window), ==, "start");
  save_screenshot (GTK_WIDGET (window), "start");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  g_test_add_func ("/ht/gui/start-page", test_start_page);
  g_test_add_func ("/ht/gui/views", test_views);
  g_test_add_func ("/ht/gui/summary-lacking", test_summary_lacking);
  g_test_add_func ("/ht/gui/session", test_session);
  g_test_add_func ("/ht/gui/second-trace", test_second_trace);
  g_test_add_func ("/ht/gui/error", test_error);
  g_test_add_func ("/ht/gui/truncated", test_truncated);
  return g_test_run ();
}
