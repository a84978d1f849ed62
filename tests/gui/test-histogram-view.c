/* test-histogram-view.c: the size histogram in the real window, on a real trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb; saves the histogram page as "histogram" and, in the dark
 * style, "histogram-dark" into the build's tests/screenshots/ folder.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ht-histogram.h"
#include "ht-histogram-view.h"
#include "ht-window.h"
#include "gui-test-util.h"

static HtHistogramView *
show_histogram (HtWindow *window)
{
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  ht_window_show_view (window, "histogram");
  iterate (300);
  return HT_HISTOGRAM_VIEW (ht_window_get_view (window, "histogram"));
}

/* What pressing @key on the picture does: its shortcut's action, run the
 * way its shortcut controller runs it */
static void
press (GtkWidget  *chart,
       const char *key)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (chart);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, key))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, chart,
                                                           gtk_shortcut_get_arguments (shortcut)));
              found = TRUE;
            }
        }
    }
  g_assert_true (found);
  iterate (50);
}

/* the label under the picture names the bucket's sizes and its calls */
static void
assert_describes (HtHistogramView *view,
                  HtHistogram     *model,
                  guint            bucket)
{
  g_autofree char *label = ht_histogram_bucket_label (bucket);
  g_autofree char *calls = g_strdup_printf (": %" G_GUINT64_FORMAT " call", model->totals[bucket]);
  const char *text = ht_histogram_view_get_description (view);

  g_test_message ("bucket %u: %s", bucket, text);
  g_assert_cmpint (ht_histogram_view_get_selected (view), ==, bucket);
  g_assert_true (g_str_has_prefix (text, label));
  g_assert_nonnull (strstr (text, calls));
}

static void
test_histogram (void)
{
  HtWindow *window = open_window ("wl-cxx.zst");
  HtHistogramView *view = show_histogram (window);
  HtAnalysis *analysis = ht_document_get_analysis (ht_window_get_document (window));
  g_autoptr(HtHistogram) model = ht_histogram_new (analysis, 5);
  GtkWidget *chart = ht_histogram_view_get_chart (view);
  guint first = ht_histogram_first_bucket (model);
  guint tallest = ht_histogram_tallest_bucket (model);
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_assert_true (gtk_widget_get_mapped (chart));
  g_assert_true (gtk_widget_get_focusable (chart));
  g_assert_cmpuint (model->n_buckets, >, first + 2);
  /* a bar per bucket, from the first with calls to the last */
  g_assert_cmpuint (ht_histogram_view_get_n_bars (view), ==, model->n_buckets - first);
  g_assert_cmpuint (gtk_widget_get_height (chart), >, 200);

  /* the tallest bar is selected and described at first */
  assert_describes (view, model, tallest);
  save_screenshot (GTK_WIDGET (window), "histogram");

  /* Right and Left move the selection a bucket, and the label with it,
   * and stop at the ends */
  gtk_widget_grab_focus (chart);
  g_assert_true (gtk_widget_has_focus (chart));
  press (chart, "Left");
  assert_describes (view, model, tallest - 1);
  press (chart, "Right");
  press (chart, "Right");
  assert_describes (view, model, tallest + 1);
  for (guint b = tallest + 1; b < model->n_buckets + 2; b++)
    press (chart, "Right");
  assert_describes (view, model, model->n_buckets - 1);
  for (guint b = 0; b < model->n_buckets + 2; b++)
    press (chart, "Left");
  assert_describes (view, model, first);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate (300);
  g_assert_true (adw_style_manager_get_dark (style));
  save_screenshot (GTK_WIDGET (window), "histogram-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  iterate (100);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* the export writes the CSV text, a PNG and an SVG; a file that cannot be
 * written gets a dialog that names it */
static void
test_export (void)
{
  HtWindow *window = open_window ("wl-sites.zst");
  HtHistogramView *view = show_histogram (window);
  HtAnalysis *analysis = ht_document_get_analysis (ht_window_get_document (window));
  g_autoptr(HtHistogram) model = ht_histogram_new (analysis, 5);
  g_autofree char *expected = ht_histogram_to_csv (model, analysis);
  g_autofree char *dir = g_dir_make_tmp ("ht-gui-XXXXXX", NULL);
  static const char * const formats[] = { "csv", "png", "svg" };
  g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent-dir/sizes.csv");
  GtkWidget *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("sizes.", formats[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (ht_histogram_view_save (view, formats[i], file));
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (i == 0)
        g_assert_cmpstr (contents, ==, expected);
      else if (i == 1)
        g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
      else
        g_assert_nonnull (g_strstr_len (contents, length, "<svg"));
      g_unlink (path);
    }
  g_rmdir (dir);

  g_assert_null (find_message_dialog ());
  g_assert_false (ht_histogram_view_save (view, "csv", bad));
  iterate (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "sizes.csv"));
  save_screenshot (dialog, "histogram-export-error");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* a trace without allocations: the empty state, no picture */
static void
test_empty (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "none.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);
  HtHistogramView *view;
  GtkWidget *status;

  g_assert_true (g_file_set_contents (path, "v 10400 3\nX ./none\ns 4 main\ni 10 0 1\nt 1 0\nc a\n", -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  view = show_histogram (window);
  g_assert_cmpuint (ht_histogram_view_get_n_bars (view), ==, 0);
  g_assert_false (gtk_widget_get_mapped (ht_histogram_view_get_chart (view)));
  status = gtk_widget_get_first_child (GTK_WIDGET (view));
  g_assert_true (GTK_IS_STACK (status));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (status)), ==, "empty");
  save_screenshot (GTK_WIDGET (window), "histogram-empty");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  g_test_add_func ("/ht/gui/histogram/view", test_histogram);
  g_test_add_func ("/ht/gui/histogram/export", test_export);
  g_test_add_func ("/ht/gui/histogram/empty", test_empty);
  return g_test_run ();
}
