/* test-live-view.c: a trace shown while it is being written
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test is the writer: it writes a trace's text in pieces, cut in the
 * middle of lines, into a file it holds an exclusive lock on, as
 * heaptrack-gtk-record does; nothing depends on the recorder.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-chart-view.h"
#include "ht-line-source.h"
#include "ht-live-view.h"
#include "ht-report.h"
#include "ht-window.h"
#include "gui-test-util.h"
#include "../unit/test-util.h"

/* the text of a fixture, line by line as the model reads it */
static GBytes *
fixture_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  HtLineSource *source = ht_line_source_open (path, &error);
  GString *text = g_string_new (NULL);
  const char *line;
  gsize len;

  g_assert_no_error (error);
  while (ht_line_source_next (source, &line, &len, &error))
    {
      g_string_append_len (text, line, len);
      g_string_append_c (text, '\n');
    }
  g_assert_no_error (error);
  ht_line_source_free (source);
  return g_string_free_to_bytes (text);
}

/* The figures of @text's complete lines, read at once */
static HtAnalysis *
analysis_of_lines (GBytes *text,
                   gsize   len)
{
  const char *data = g_bytes_get_data (text, NULL);
  g_autoptr(GBytes) lines = NULL;
  g_autoptr(HtTraceReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  HtAnalysis *analysis;

  while (len > 0 && data[len - 1] != '\n')
    len--;
  lines = g_bytes_new_from_bytes (text, 0, len);
  reader = ht_trace_reader_new_for_bytes (lines, "so far");
  analysis = ht_analysis_load_reader (reader, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return analysis;
}

static HtLiveView *
live_view (HtWindow *window)
{
  return HT_LIVE_VIEW (find_widget (GTK_WIDGET (window), HT_TYPE_LIVE_VIEW, NULL));
}

static const HtChart *
consumed_chart (HtWindow *window)
{
  return ht_chart_view_get_chart (HT_CHART_VIEW (find_widget (GTK_WIDGET (live_view (window)),
                                                              HT_TYPE_CHART_VIEW, NULL)));
}

/* Pumps the main loop until the live figures are @want's; the longest
 * iteration goes into *@longest */
static void
wait_figures (HtWindow   *window,
              HtAnalysis *want,
              gint64     *longest)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  HtAnalysisTotals totals;

  for (;;)
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      *longest = MAX (*longest, g_get_monotonic_time () - start);
      if (ht_live_view_get_totals (live_view (window), &totals) && totals.calls == want->total.allocations
          && totals.peak == want->total.peak && totals.time + 1 == want->runtime)
        break;
      g_assert_cmpint (start, <, deadline);
      g_usleep (1000);
    }
  g_assert_cmpint (totals.temporary, ==, want->total.temporary);
  g_assert_cmpuint (totals.peak_time, ==, want->peak_time);
  g_assert_cmpuint (totals.peak_rss, ==, ht_analysis_get_peak_rss (want));
}

/* Pumps the main loop until the window is past loading and no longer in
 * @state */
static void
wait_state_not (HtWindow   *window,
                const char *state)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (ht_window_get_state (window), state) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (10);
    }
  wait_loaded (window);
}

static void
assert_same_report (HtAnalysis *got,
                    HtAnalysis *want)
{
  g_autoptr(GString) got_text = g_string_new (NULL);
  g_autoptr(GString) want_text = g_string_new (NULL);
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;

  g_assert_cmpmem (&got->total, sizeof got->total, &want->total, sizeof want->total);
  g_assert_cmpuint (got->peak_time, ==, want->peak_time);
  g_assert_cmpuint (got->runtime, ==, want->runtime);
  g_assert_cmpuint (got->peak_rss_pages, ==, want->peak_rss_pages);
  ht_report_print (got, &options, got_text);
  ht_report_print (want, &options, want_text);
  g_assert_cmpstr (got_text->str, ==, want_text->str);
}

/* The window's figures once the writer is done: those of a fresh load */
static void
assert_opened_whole (HtWindow   *window,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) fresh = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  g_assert_null (ht_window_get_warning (window));
  assert_same_report (ht_document_get_analysis (ht_window_get_document (window)), fresh);
}

/* The writer is done (its lock goes with the descriptor): the whole trace
 * opens as any does; then the window and the files go */
static void
finish_writing (HtWindow   *window,
                int         fd,
                const char *path,
                const char *dir)
{
  close (fd);
  wait_state_not (window, "live");
  assert_opened_whole (window, path);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
is_live_banner (GtkWidget *widget)
{
  return g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), "Recording: figures up to ");
}

static void
test_follow (void)
{
  g_autoptr(GBytes) text = fixture_text ("wl-timeline.zst");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-live-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "growing.trace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gsize len;
  const char *data = g_bytes_get_data (text, &len);
  /* where the pieces end: in the middle of lines */
  gsize ends[] = { len / 5 + 3, len * 9 / 20 + 1, len * 7 / 10 + 5, len };
  HtWindow *window;
  guint rows = 0;
  gsize written = 0;
  gint64 longest = 0;
  int fd;

  g_assert_no_error (error);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  window = ht_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_present (GTK_WINDOW (window));
  /* opened as any trace: the lock says it is being written */
  ht_window_open (window, file);
  g_assert_cmpstr (ht_window_get_state (window), ==, "live");
  g_assert_cmpstr (ht_live_view_get_path (live_view (window)), ==, path);

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autoptr(HtAnalysis) want = NULL;
      const HtChart *chart;

      /* but the last */
      if (i + 1 < G_N_ELEMENTS (ends) && data[ends[i] - 1] == '\n')
        ends[i]--;
      write_all (fd, data + written, ends[i] - written);
      written = ends[i];
      want = analysis_of_lines (text, written);
      wait_figures (window, want, &longest);
      /* the last piece comes while the pages show what was written before */
      g_assert_cmpstr (ht_window_get_state (window), ==, i < 3 ? "live" : "content");
      g_test_message ("piece %u: %" G_GINT64_FORMAT " calls, peak %" G_GINT64_FORMAT, i,
                      want->total.allocations, want->total.peak);

      /* the charts grow with the file */
      iterate (200);
      chart = consumed_chart (window);
      g_assert_nonnull (chart);
      g_assert_cmpuint (chart->n_rows, >, rows);
      g_assert_cmpint (chart->peak, ==, want->total.peak);
      rows = chart->n_rows;

      if (i == 1)
        save_screenshot (GTK_WIDGET (window), "follow-live");
      if (i == 2)
        {
          g_autoptr(HtAnalysis) now = NULL;
          HtAnalysis *shown;

          /* what was written so far, in the trees: the file as it is now,
           * its last line cut off, as a reading at once takes it */
          now = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.live-update", NULL);
          wait_state_not (window, "live");
          g_assert_cmpstr (ht_window_get_state (window), ==, "content");
          shown = ht_document_get_analysis (ht_window_get_document (window));
          assert_same_report (shown, now);
          /* the banner, not the warning of a file cut off */
          g_assert_null (ht_window_get_warning (window));
          g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, is_live_banner));
          ht_window_show_view (window, "bottom-up");
          iterate (400);
          g_assert_nonnull (selected_item (ht_window_get_view (window, "bottom-up")));
          save_screenshot (GTK_WIDGET (window), "follow-update");
          /* and again, as more is written */
          gtk_switch_set_active (GTK_SWITCH (find_widget (GTK_WIDGET (window), GTK_TYPE_SWITCH, NULL)), TRUE);
        }
    }
  g_test_message ("longest main loop iteration while following: %" G_GINT64_FORMAT " µs", longest);

  /* the automatic update reads the last piece, 2 s after the one before */
  {
    g_autoptr(HtAnalysis) now = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_assert_no_error (error);
    while (ht_document_get_analysis (ht_window_get_document (window))->total.allocations
           != now->total.allocations)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        iterate (20);
      }
    assert_same_report (ht_document_get_analysis (ht_window_get_document (window)), now);
  }
  /* Live View goes back to the charts as they grow; the heap at an instant
   * they ask for shows in what was written so far */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.live-view", NULL);
  g_assert_cmpstr (ht_window_get_state (window), ==, "live");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.heap-at-instant", "t", (guint64) 300);
  wait_state_not (window, "live");
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    HtSession *session = ht_window_get_session (window);

    while (ht_session_get_loading (session) || ht_session_get_view_document (session) == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        iterate (10);
      }
    g_assert_true (ht_document_get_analysis (ht_session_get_view_document (session))->live_at);
    g_assert_cmpuint (ht_document_get_analysis (ht_session_get_view_document (session))->max_time, ==, 300);
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.live-view", NULL);

  finish_writing (window, fd, path, dir);
}

/* --follow of a file that the writer has not created yet */
static void
test_follow_missing (void)
{
  g_autoptr(GBytes) text = fixture_text ("wl-sites.zst");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-live-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "later.trace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HtAnalysis) want = analysis_of_lines (text, g_bytes_get_size (text));
  HtAnalysisTotals totals;
  HtWindow *window;
  gint64 longest = 0;
  gsize len;
  const char *data = g_bytes_get_data (text, &len);
  int fd;

  g_assert_no_error (error);
  window = ht_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_follow (window, file);
  iterate (500);
  /* it waits */
  g_assert_cmpstr (ht_window_get_state (window), ==, "live");
  g_assert_false (ht_live_view_get_totals (live_view (window), &totals));

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  write_all (fd, data, len / 2);
  iterate (400);
  g_assert_cmpstr (ht_window_get_state (window), ==, "live");
  write_all (fd, data + len / 2, len - len / 2);
  wait_figures (window, want, &longest);
  g_test_message ("longest main loop iteration while following: %" G_GINT64_FORMAT " µs", longest);
  finish_writing (window, fd, path, dir);
}

/* A recorder that cannot start says why on the error page */
static void
test_record_error (void)
{
  static const char * const argv[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-live-XXXXXX", &error);
  g_autoptr(HtRecorderProcess) recorder = NULL;
  HtWindow *window;

  g_assert_no_error (error);
  /* no launcher there */
  g_setenv ("HT_RECORD_PROGRAM", "/nonexistent/heaptrack-gtk-record", TRUE);
  recorder = ht_recorder_process_new_launch (argv, NULL, NULL, dir);
  window = ht_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_record (window, recorder);
  g_assert_cmpstr (ht_window_get_state (window), ==, "error");
  g_assert_false (ht_window_is_recording (window));
  iterate (300);
  save_screenshot (GTK_WIDGET (window), "recording-cannot-start");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("HT_RECORD_PROGRAM");
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* With a recorder: its command line and state, its output, Stop; without,
 * Stop Following */
static void
test_recorder_pane (void)
{
  static const char * const argv[] = { "./workload", "--size", "10", NULL };
  g_autoptr(HtRecorderProcess) recorder = ht_recorder_process_new_launch (argv, NULL, NULL, "/nonexistent");
  GtkWidget *window = gtk_window_new ();
  HtLiveView *view = g_object_new (HT_TYPE_LIVE_VIEW, NULL);
  GtkTextView *pane;
  g_autofree char *text = NULL;
  g_autofree char *output = NULL;
  GtkTextIter start, end;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  text = widget_text (GTK_WIDGET (view));
  g_assert_nonnull (strstr (text, "Following "));

  ht_live_view_set_recorder (view, recorder);
  g_assert_true (ht_live_view_get_recorder (view) == recorder);
  iterate (100);
  g_clear_pointer (&text, g_free);
  text = widget_text (GTK_WIDGET (view));
  g_assert_nonnull (strstr (text, "./workload --size 10\n"));
  g_assert_nonnull (strstr (text, "Starting…\n"));
  g_assert_nonnull (strstr (text, "Program Output\n"));
  g_assert_null (strstr (text, "Following "));

  g_signal_emit_by_name (recorder, "output", "line one\n", FALSE);
  g_signal_emit_by_name (recorder, "output", "an error\n", TRUE);
  pane = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (pane)));
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (pane), &start, &end);
  output = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (output, ==, "line one\nan error\n");

  /* the recorder let go: back to following a file */
  ht_live_view_set_recorder (view, NULL);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (pane)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ht/live-view/follow", test_follow);
  g_test_add_func ("/ht/live-view/follow-missing", test_follow_missing);
  g_test_add_func ("/ht/live-view/record-error", test_record_error);
  g_test_add_func ("/ht/live-view/recorder-pane", test_recorder_pane);
  return g_test_run ();
}
