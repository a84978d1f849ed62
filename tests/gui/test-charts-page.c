/* test-charts-page.c: the timeline charts in the real window, on a real trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Input reaches the charts through their own event
 * controllers' signals (a drag, a pointer move, keys), as GTK would emit
 * them; screenshots go into the build's tests/screenshots/ folder.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ht-charts-page.h"
#include "ht-window.h"
#include "gui-test-util.h"

/* the chart's drawing area, where its controllers are */
static GtkWidget *
chart_area (HtChartView *view)
{
  GtkWidget *area = find_widget (GTK_WIDGET (view), GTK_TYPE_DRAWING_AREA, NULL);

  g_assert_nonnull (area);
  return area;
}

static void
drag (HtChartView *view,
      double       x1,
      double       x2)
{
  GtkEventController *gesture = find_controller (chart_area (view), GTK_TYPE_GESTURE_DRAG, GDK_BUTTON_PRIMARY);

  g_signal_emit_by_name (gesture, "drag-begin", x1, 40.0);
  g_signal_emit_by_name (gesture, "drag-update", (x2 - x1) / 2, 0.0);
  g_signal_emit_by_name (gesture, "drag-update", x2 - x1, 0.0);
  g_signal_emit_by_name (gesture, "drag-end", x2 - x1, 0.0);
}

static gboolean
press_key (HtChartView     *view,
           guint            keyval,
           GdkModifierType  state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (chart_area (view), GTK_TYPE_EVENT_CONTROLLER_KEY, 0),
                         "key-pressed", keyval, 0, state, &handled);
  return handled;
}

/* the pixel at (x, y) of the drawn widget, BGRA */
static guint32
pixel_at (GdkTexture *texture,
          int         x,
          int         y)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint32 *data = g_new (guint32, width * height);

  gdk_texture_download (texture, (guchar *) data, width * 4);
  return data[y * width + x];
}

/* the area as drawn, translated into the view's coordinates */
static GdkTexture *
render_area (HtChartView *view,
             int         *offset_y)
{
  graphene_point_t p;

  g_assert_true (gtk_widget_compute_point (chart_area (view), GTK_WIDGET (view),
                                           &GRAPHENE_POINT_INIT (0, 0), &p));
  *offset_y = (int) p.y;
  return render (GTK_WIDGET (view));
}

/* Pumps the main loop until the charts are drawn, measuring the longest
 * time one iteration took: the second pass runs in a thread */
static gint64
wait_charts (HtChartsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 longest = 0;

  while (g_strcmp0 (ht_charts_page_get_state (page), "charts") != 0)
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_assert_cmpint (start, <, deadline);
      g_assert_cmpstr (ht_charts_page_get_state (page), !=, "error");
      g_usleep (1000);
    }
  g_test_message ("longest main loop iteration while the charts were computed: %" G_GINT64_FORMAT " µs",
                  longest);
  return longest;
}

static void
heap_at_instant_cb (HtChartView *view,
                    guint64      ms,
                    guint64     *requested)
{
  *requested = ms;
}

static void
test_charts (void)
{
  HtWindow *window = open_window ("wl-timeline.zst");
  static const HtCostType types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  static const char * const names[] = { "chart-consumed", "chart-allocations", "chart-temporary" };
  HtChartView *views[G_N_ELEMENTS (types)];
  GdkTexture *before[G_N_ELEMENTS (types)];
  HtChartsPage *page;
  GtkAdjustment *adjustment = NULL;
  HtSession *session;
  HtAnalysis *analysis;
  const HtChart *consumed;
  g_autofree char *expected = NULL;
  guint64 requested = G_MAXUINT64;
  double x1, x2;
  guint row;
  int offset_y;

  wait_loaded (window);
  session = ht_window_get_session (window);
  analysis = ht_document_get_analysis (ht_session_get_document (session));
  page = HT_CHARTS_PAGE (ht_window_get_view (window, "charts"));
  g_assert_nonnull (page);
  /* the charts are computed from the moment the trace is open, the page
   * not shown yet */
  g_assert_cmpint (wait_charts (page), <, 250 * 1000);
  ht_window_show_view (window, "charts");
  iterate (300);

  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      views[c] = ht_charts_page_get_chart (page, types[c]);
      g_assert_nonnull (ht_chart_view_get_chart (views[c]));
      g_assert_cmpuint (ht_chart_view_get_chart (views[c])->n_rows, ==, analysis->series->len);
      save_screenshot (GTK_WIDGET (views[c]), names[c]);
      before[c] = render_area (views[c], &offset_y);
    }
  save_screenshot (GTK_WIDGET (window), "charts");
  consumed = ht_chart_view_get_chart (views[0]);
  g_assert_cmpuint (consumed->peak_time, ==, analysis->peak_time);
  g_assert_cmpint (consumed->peak, ==, analysis->total.peak);

  /* pointing at a row says its live total and its highest since the row before */
  row = consumed->n_rows / 2;
  g_signal_emit_by_name (find_controller (chart_area (views[0]), GTK_TYPE_EVENT_CONTROLLER_MOTION, 0), "motion",
                         ht_chart_view_time_to_x (views[0], consumed->times[row]), 30.0);
  expected = ht_chart_describe_row (consumed, row, FALSE);
  g_assert_cmpstr (ht_chart_view_get_description (views[0]), ==, expected);
  g_assert_nonnull (strstr (expected, "live, highest since previous sample"));
  /* a new chart under a pointer that stays (a live chart that grew) keeps
   * the reading of the row under it */
  ht_chart_view_set_chart (views[0], consumed);
  g_assert_cmpstr (ht_chart_view_get_description (views[0]), ==, expected);
  g_signal_emit_by_name (find_controller (chart_area (views[0]), GTK_TYPE_EVENT_CONTROLLER_MOTION, 0), "leave");

  /* a drag across the allocations chart selects that range in the session,
   * and the band shows on all three charts */
  x1 = ht_chart_view_time_to_x (views[1], consumed->runtime * 0.25);
  x2 = ht_chart_view_time_to_x (views[1], consumed->runtime * 0.5);
  drag (views[1], x1, x2);
  g_assert_true (ht_session_get_has_selection (session));
  g_assert_cmpfloat (fabs ((double) ht_session_get_selection_start (session) - consumed->runtime * 0.25), <=, 1);
  g_assert_cmpfloat (fabs ((double) ht_session_get_selection_end (session) - consumed->runtime * 0.5), <=, 1);
  iterate (200);
  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      g_autoptr(GdkTexture) after = render_area (views[c], &offset_y);
      int y = offset_y + 12;

      /* inside the band, high in the plot; and well outside it */
      g_assert_cmpuint (pixel_at (before[c], (int) ((x1 + x2) / 2), y), !=, pixel_at (after, (int) ((x1 + x2) / 2), y));
      g_assert_cmpuint (pixel_at (before[c], (int) (x1 - 30), y), ==, pixel_at (after, (int) (x1 - 30), y));
      g_object_unref (before[c]);
    }
  save_screenshot (GTK_WIDGET (window), "chart-selection");

  /* Escape clears it; so does a click */
  g_assert_true (press_key (views[2], GDK_KEY_Escape, 0));
  g_assert_false (ht_session_get_has_selection (session));
  drag (views[2], x1, x2);
  g_assert_true (ht_session_get_has_selection (session));
  drag (views[2], x1, x1 + 1);
  g_assert_false (ht_session_get_has_selection (session));
  drag (views[2], x1, x2);
  gtk_widget_activate_action (GTK_WIDGET (page), "charts.clear-selection", NULL);
  g_assert_false (ht_session_get_has_selection (session));

  /* the keyboard: the arrows move along the rows, Shift selects */
  g_assert_true (press_key (views[0], GDK_KEY_Home, 0));
  g_assert_true (press_key (views[0], GDK_KEY_Right, 0));
  g_clear_pointer (&expected, g_free);
  expected = ht_chart_describe_row (consumed, 1, FALSE);
  g_assert_cmpstr (ht_chart_view_get_description (views[0]), ==, expected);
  g_assert_true (press_key (views[0], GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_true (press_key (views[0], GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_cmpuint (ht_session_get_selection_start (session), ==, consumed->times[1]);
  g_assert_cmpuint (ht_session_get_selection_end (session), ==, consumed->times[3]);

  /* zooming and panning move the three charts together */
  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      g_autoptr(GtkAdjustment) shared = NULL;

      g_object_get (views[c], "time-adjustment", &shared, NULL);
      if (c == 0)
        adjustment = shared;
      g_assert_true (shared == adjustment);
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "charts.zoom-to-selection", NULL);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, consumed->times[1]);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), ==,
                     MAX (consumed->times[3] - consumed->times[1], 4));
  gtk_widget_activate_action (GTK_WIDGET (page), "charts.zoom-out", NULL);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), >,
                     MAX (consumed->times[3] - consumed->times[1], 4));
  gtk_widget_activate_action (GTK_WIDGET (page), "charts.reset-zoom", NULL);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), ==, consumed->runtime);
  ht_session_clear_selection (session);

  /* the heap at the peak, one click away: just after the peak's ms, where
   * the window's views show all of the peak live */
  g_signal_connect (views[0], "heap-at-instant", G_CALLBACK (heap_at_instant_cb), &requested);
  gtk_widget_activate (find_widget (GTK_WIDGET (views[0]), GTK_TYPE_BUTTON, NULL));
  /* a button shows itself pressed a moment before it is clicked */
  iterate (400);
  g_assert_cmpuint (requested, ==, analysis->peak_time + 1);
  while (ht_session_get_loading (session))
    iterate (20);
  g_assert_true (ht_document_get_analysis (ht_session_get_view_document (session))->live_at);
  g_assert_cmpint (ht_document_get_analysis (ht_session_get_view_document (session))->total.leaked, ==,
                   analysis->total.peak);
  ht_session_show_whole (session);

  /* a click on the consumed chart offers the heap at that moment */
  drag (views[0], x1, x1);
  iterate (100);
  g_assert_true (gtk_widget_get_visible (find_widget (chart_area (views[0]), GTK_TYPE_POPOVER_MENU, NULL)));
  save_screenshot (find_widget (chart_area (views[0]), GTK_TYPE_POPOVER_MENU, NULL), "chart-heap-at-menu");
  gtk_widget_activate_action (chart_area (views[0]), "chart.heap-at", "t",
                              consumed->times[ht_chart_row_at (consumed, (guint64) (consumed->runtime * 0.25))]);
  g_assert_cmpuint (requested, ==, consumed->times[ht_chart_row_at (consumed, (guint64) (consumed->runtime * 0.25))]);
  gtk_popover_popdown (GTK_POPOVER (find_widget (chart_area (views[0]), GTK_TYPE_POPOVER_MENU, NULL)));

  /* exports: the series as CSV, the chart as PNG and SVG; a file that
   * cannot be written is named in an error dialog */
  {
    g_autofree char *dir = g_dir_make_tmp ("test-charts-XXXXXX", NULL);
    g_autofree char *csv_path = g_build_filename (dir, "consumed.csv", NULL);
    g_autofree char *png_path = g_build_filename (dir, "consumed.png", NULL);
    g_autofree char *svg_path = g_build_filename (dir, "consumed.svg", NULL);
    g_autofree char *bad_path = g_build_filename (dir, "no-such-folder", "consumed.csv", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *png = NULL;
    g_autofree char *svg = NULL;
    g_auto(GStrv) lines = NULL;
    GListModel *toplevels;
    gsize size;
    gboolean found = FALSE;

    g_assert_true (ht_chart_view_export (views[0], "csv", csv_path));
    g_assert_true (ht_chart_view_export (views[0], "png", png_path));
    g_assert_true (ht_chart_view_export (views[0], "svg", svg_path));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    lines = g_strsplit (csv, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "time_ms,total,"));
    g_assert_nonnull (strstr (lines[0], consumed->names[0]));
    g_assert_cmpuint (g_strv_length (lines), ==, consumed->n_rows + 2);
    g_assert_true (g_file_get_contents (png_path, &png, &size, NULL));
    g_assert_cmpmem (png, 4, "\x89PNG", 4);
    g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "<svg"));

    g_assert_false (ht_chart_view_export (views[0], "csv", bad_path));
    iterate (200);
    /* (transfer none): GTK keeps it */
    toplevels = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel)
            && strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (toplevel)), bad_path) != NULL)
          {
            found = TRUE;
            save_screenshot (GTK_WIDGET (toplevel), "chart-export-error");
            gtk_window_destroy (toplevel);
            break;
          }
      }
    g_assert_true (found);
    g_unlink (csv_path);
    g_unlink (png_path);
    g_unlink (svg_path);
    g_rmdir (dir);
  }

  /* the dark style */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  iterate (300);
  /* the window: a card's dark background is translucent over the window's */
  save_screenshot (GTK_WIDGET (window), "chart-consumed-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  iterate (100);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* a trace without allocations: an empty state, not a broken picture */
static void
test_empty_trace (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-charts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.trace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);
  HtChartsPage *page;

  g_assert_true (g_file_set_contents (path, "v 10400 3\nX ./empty\n", -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  ht_window_show_view (window, "charts");
  page = HT_CHARTS_PAGE (ht_window_get_view (window, "charts"));
  wait_charts (page);
  iterate (200);
  g_assert_cmpuint (ht_chart_view_get_chart (ht_charts_page_get_chart (page, HT_COST_PEAK))->n_series, ==, 0);
  save_screenshot (GTK_WIDGET (window), "charts-empty");
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
  g_test_add_func ("/ht/gui/charts", test_charts);
  g_test_add_func ("/ht/gui/charts-empty", test_empty_trace);
  return g_test_run ();
}
