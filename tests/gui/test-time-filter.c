/* test-time-filter.c: the views filtered to a time range, and the heap at an instant
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb on the wl-timeline fixture (1.16 s whose heap rises and
 * falls); saves summary-filtered, heap-at-instant (the flame graph) and
 * heap-at-instant-bottom-up.
 */

#include "config.h"

#include <string.h>

#include "ht-summary.h"
#include "ht-time-bar.h"
#include "ht-window.h"
#include "gui-test-util.h"

/* Pumps the main loop until the session has made its view document;
 * returns the longest iteration, in µs: the window must not stall */
static gint64
wait_view_document (HtSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 longest = 0;

  while (ht_session_get_loading (session))
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_assert_cmpint (start, <, deadline);
      g_usleep (1000);
    }
  return longest;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("\"%s\" not in:\n%s", part, text);
}

/* The summary's lines, as the model makes them for @analysis, are shown */
static void
assert_summary_of (GtkWidget  *summary,
                   HtAnalysis *analysis)
{
  g_autoptr(GPtrArray) lines = ht_summary_lines (analysis);
  g_autofree char *shown = widget_text (summary);

  for (guint i = 0; i < lines->len; i++)
    {
      HtSummaryLine *line = g_ptr_array_index (lines, i);

      assert_contains (shown, line->label);
      assert_contains (shown, line->value);
    }
}

static void
test_filter (void)
{
  HtWindow *window = open_window ("wl-timeline.zst");
  HtTimeBar *bar;
  HtSession *session;
  HtAnalysis *whole, *part;
  g_autofree char *path = NULL;
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(HtAnalysis) fresh = NULL;
  guint64 start, end;
  gint64 stall;

  wait_loaded (window);
  session = ht_window_get_session (window);
  bar = HT_TIME_BAR (find_widget (GTK_WIDGET (window), HT_TYPE_TIME_BAR, NULL));
  whole = ht_document_get_analysis (ht_session_get_document (session));
  path = g_file_get_path (ht_document_get_file (ht_session_get_document (session)));
  g_assert_cmpuint (whole->runtime, >, 1000);
  ht_window_show_view (window, "summary");
  iterate (200);
  g_assert_cmpstr (ht_time_bar_get_text (bar), ==, "");

  /* the last tenth of the run, as a drag across a chart selects it */
  start = whole->runtime - whole->runtime / 10;
  end = whole->runtime;
  ht_session_select_time (session, start, end);
  iterate (100);
  assert_contains (ht_time_bar_get_text (bar), "Selected");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.filter-to-selection", NULL));
  stall = wait_view_document (session);
  g_test_message ("longest main loop iteration while filtering: %" G_GINT64_FORMAT " µs", stall);
  iterate (300);

  /* the summary and the trees show the window, as a fresh analysis of it */
  options.min_time = start;
  options.max_time = end;
  fresh = ht_analysis_load (path, &options, NULL, NULL, NULL, NULL);
  part = ht_document_get_analysis (ht_session_get_view_document (session));
  g_assert_cmpint (part->total.allocations, ==, fresh->total.allocations);
  g_assert_cmpint (part->total.allocations, <, whole->total.allocations);
  g_assert_cmpint (part->total.leaked, ==, fresh->total.leaked);
  assert_summary_of (ht_window_get_view (window, "summary"), part);
  assert_contains (ht_time_bar_get_text (bar), "Showing");
  save_screenshot (GTK_WIDGET (window), "summary-filtered");

  /* back to the whole run */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-whole", NULL));
  iterate (200);
  g_assert_true (ht_session_get_view_document (session) == ht_session_get_document (session));
  assert_summary_of (ht_window_get_view (window, "summary"), whole);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A page looked at before the filter shows the filtered part when it is
 * next shown, and has loaded it off screen while the window was idle, so
 * that showing it costs only its first frame */
static void
test_filter_off_screen (void)
{
  HtWindow *window = open_window ("wl-timeline.zst");
  GtkWidget *view;
  HtSession *session;
  HtAnalysis *whole;
  g_autofree char *before = NULL;
  g_autofree char *off_screen = NULL;
  g_autofree char *shown = NULL;

  wait_loaded (window);
  session = ht_window_get_session (window);
  whole = ht_document_get_analysis (ht_session_get_document (session));
  ht_window_show_view (window, "caller-callee");
  iterate (200);
  view = ht_window_get_view (window, "caller-callee");
  before = widget_text (view);
  ht_window_show_view (window, "summary");
  iterate (100);

  ht_session_select_time (session, whole->runtime - whole->runtime / 10, whole->runtime);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.filter-to-selection", NULL));
  wait_view_document (session);
  iterate (300);
  g_assert_false (gtk_widget_get_mapped (view));
  off_screen = widget_text (view);
  g_assert_cmpstr (off_screen, !=, before);

  ht_window_show_view (window, "caller-callee");
  iterate (200);
  shown = widget_text (view);
  g_assert_cmpstr (shown, ==, off_screen);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The heap at the peak, as the consumed chart's "Heap at the Peak" asks for it */
static void
test_heap_at_instant (void)
{
  HtWindow *window = open_window ("wl-timeline.zst");
  HtTimeBar *bar;
  HtSession *session;
  HtAnalysis *whole, *at;
  g_autofree char *expected = NULL;

  wait_loaded (window);
  session = ht_window_get_session (window);
  bar = HT_TIME_BAR (find_widget (GTK_WIDGET (window), HT_TYPE_TIME_BAR, NULL));
  whole = ht_document_get_analysis (ht_session_get_document (session));
  ht_window_show_view (window, "bottom-up");
  iterate (200);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.heap-at-instant", "t",
                                             (guint64) whole->peak_time + 1));
  wait_view_document (session);
  iterate (300);
  at = ht_document_get_analysis (ht_session_get_view_document (session));
  g_assert_true (at->live_at);
  /* just after the peak's timestamp the peak is live: nothing is freed then */
  g_assert_cmpint (at->total.leaked, ==, whole->total.peak);
  expected = g_strdup_printf ("Heap at %.3f s", (whole->peak_time + 1) / 1000.0);
  assert_contains (ht_time_bar_get_text (bar), expected);
  save_screenshot (GTK_WIDGET (window), "heap-at-instant-bottom-up");
  /* the flame graph of what was live, ranked by it */
  ht_window_show_view (window, "flame-graph");
  iterate (400);
  g_assert_cmpint (ht_session_get_cost_type (session), ==, HT_COST_LEAKED);
  save_screenshot (GTK_WIDGET (window), "heap-at-instant");

  ht_window_show_view (window, "summary");
  iterate (300);
  assert_summary_of (ht_window_get_view (window, "summary"), at);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  g_test_add_func ("/ht/gui/time-filter/filter", test_filter);
  g_test_add_func ("/ht/gui/time-filter/off-screen", test_filter_off_screen);
  g_test_add_func ("/ht/gui/time-filter/heap-at-instant", test_heap_at_instant);
  return g_test_run ();
}
