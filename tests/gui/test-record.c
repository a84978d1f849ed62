/* test-record.c: recording from the window, with the real recorder
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Record… and Attach… are used as a user would: the
 * dialog is filled in and confirmed, the window shows the recording live
 * and then opens the trace, whose figures must be the workload's exactly.
 * HT_RECORD_PROGRAM names this build's heaptrack-gtk-record; WL_SITES,
 * LAUNCH_SLOW, LAUNCH_TARGET and LAUNCH_STATIC the unsanitized programs of
 * tests/recorder. Saves recording-live.png, recording-finished.png and
 * recording-error.png.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-attach-dialog.h"
#include "ht-live-view.h"
#include "ht-process-list.h"
#include "ht-record-dialog.h"
#include "ht-settings.h"
#include "gui-test-util.h"

/* Traces go to a folder of the test's own: the "trace-folder" setting */
static char *
use_trace_folder (void)
{
  char *folder = g_dir_make_tmp ("ht-record-XXXXXX", NULL);

  g_assert_nonnull (folder);
  g_settings_set_string (ht_settings_get (), "trace-folder", folder);
  return folder;
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
  g_settings_reset (ht_settings_get (), "trace-folder");
}

static HtWindow *
new_window (void)
{
  HtWindow *window = ht_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  iterate (100);
  return window;
}

/* Record… with @command_line typed in, confirmed */
static void
record_from_dialog (HtWindow   *window,
                    const char *command_line)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.record", NULL));
  iterate (100);
  dialog = find_toplevel (HT_TYPE_RECORD_DIALOG);
  g_object_set (dialog, "command-line", command_line, NULL);
  iterate (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.record", NULL));
}

/* Pumps the main loop until the window's state is @state */
static void
wait_state (HtWindow   *window,
            const char *state)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_strcmp0 (ht_window_get_state (window), state) != 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the window stays on “%s”, not “%s”:\n%s", ht_window_get_state (window), state,
                 widget_text (GTK_WIDGET (window)));
      iterate (20);
    }
}

static HtLiveView *
live_view (HtWindow *window)
{
  return HT_LIVE_VIEW (find_widget (GTK_WIDGET (window), HT_TYPE_LIVE_VIEW, NULL));
}

/* Pumps the main loop until the live view has read at least @calls calls */
static void
wait_live_calls (HtWindow *window,
                 gint64    calls)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  HtAnalysisTotals totals = { 0 };

  while (!ht_live_view_get_totals (live_view (window), &totals) || totals.calls < calls)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (20);
    }
}

/* the whole trace, as the window opened it */
static HtAnalysis *
opened_analysis (HtWindow *window)
{
  wait_loaded (window);
  wait_state (window, "content");
  return ht_document_get_analysis (ht_window_get_document (window));
}

/* wl-sites, run from Record…: its figures exactly, its trace among the
 * recent ones, its output in NAME.log beside it */
static void
test_launch (void)
{
  g_autofree char *folder = use_trace_folder ();
  g_autofree char *log = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *trace_name = NULL;
  g_autofree char *text = NULL;
  HtWindow *window = new_window ();
  HtAnalysis *analysis;
  GFile *file;

  record_from_dialog (window, g_getenv ("WL_SITES"));
  analysis = opened_analysis (window);
  g_assert_false (analysis->truncated);
  g_assert_cmpint (analysis->total.allocations, ==, 1020);
  g_assert_cmpint (analysis->total.temporary, ==, 1004);
  g_assert_cmpint (analysis->total.peak, ==, 10635);
  g_assert_cmpint (analysis->total.leaked, ==, 385);

  /* named by the recorder, in the folder the settings name */
  file = ht_window_get_file (window);
  trace_name = g_file_get_basename (file);
  g_assert_true (g_str_has_prefix (trace_name, "heaptrack.wl-sites-rec."));
  g_assert_true (g_str_has_suffix (trace_name, ".zst"));
  g_assert_true (g_str_has_prefix (g_file_peek_path (file), folder));
  uri = g_file_get_uri (file);
  /* the recent manager looks up the file's type first */
  for (int i = 0; i < 100 && !gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri); i++)
    iterate (20);
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
  log = g_strdup_printf ("%.*s.log", (int) (strlen (g_file_peek_path (file)) - strlen (".zst")),
                         g_file_peek_path (file));
  g_assert_true (g_file_test (log, G_FILE_TEST_IS_REGULAR));
  /* how it ended, and where its output went, said over the trace */
  g_assert_cmpstr (ht_window_get_warning (window), ==,
                   (text = g_strdup_printf ("“%s” exited with status 0. Its output is saved in %s.",
                                            g_getenv ("WL_SITES"), log)));

  gtk_window_destroy (GTK_WINDOW (window));
  remove_folder (folder);
}

/* A wrapper that execs the program: the window follows the program the
 * process becomes, and opens its trace, not the wrapper's */
static void
test_exec (void)
{
  g_autofree char *folder = use_trace_folder ();
  g_autofree char *quoted = g_shell_quote (g_getenv ("WL_SITES"));
  g_autofree char *script = g_strdup_printf ("exec %s", quoted);
  g_autofree char *quoted_script = g_shell_quote (script);
  g_autofree char *command_line = g_strdup_printf ("/bin/sh -c %s", quoted_script);
  g_autofree char *name = NULL;
  HtWindow *window = new_window ();
  HtAnalysis *analysis;

  record_from_dialog (window, command_line);
  analysis = opened_analysis (window);
  name = g_file_get_basename (ht_window_get_file (window));
  if (!g_str_has_prefix (name, "heaptrack.wl-sites-rec."))
    g_error ("opened %s, not wl-sites' trace (%s)", name, ht_window_get_state (window));
  g_assert_cmpint (analysis->total.allocations, ==, 1020);
  g_assert_cmpint (analysis->total.leaked, ==, 385);
  /* the bar that says how it ended slides in */
  iterate (600);
  save_screenshot (GTK_WIDGET (window), "recording-finished");

  gtk_window_destroy (GTK_WINDOW (window));
  remove_folder (folder);
}

/* A program that runs until stopped: live figures that grow, Stop
 * interrupts it, and the trace it leaves opens, complete */
static void
test_stop (void)
{
  g_autofree char *folder = use_trace_folder ();
  g_autofree char *command_line = g_strdup_printf ("%s 60000 0", g_getenv ("LAUNCH_SLOW"));
  g_autofree char *text = NULL;
  HtWindow *window = new_window ();
  HtRecorderProcess *recorder;
  HtAnalysis *analysis;

  record_from_dialog (window, command_line);
  wait_state (window, "live");
  /* a tenth of a second's allocations, then a second more: the charts grow */
  wait_live_calls (window, 10);
  iterate (1000);
  save_screenshot (GTK_WIDGET (window), "recording-live");

  recorder = ht_live_view_get_recorder (live_view (window));
  g_assert_nonnull (recorder);
  g_object_ref (recorder);
  ht_recorder_process_stop (recorder);
  /* the live page says how it stops, until the trace opens */
  text = widget_text (GTK_WIDGET (live_view (window)));
  g_assert_nonnull (strstr (text, "Stopped: interrupted (SIGINT)."));
  analysis = opened_analysis (window);
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (recorder), ==, "interrupted");
  /* killed by SIGINT, as the launcher reports it */
  g_assert_cmpint (ht_recorder_process_get_exit_status (recorder), ==, 128 + SIGINT);
  /* launch-slow keeps every 1024-byte block until it is interrupted */
  g_assert_false (analysis->truncated);
  g_assert_cmpint (analysis->total.allocations, >=, 10);
  g_assert_cmpint (analysis->total.leaked, ==, analysis->total.allocations * 1024);
  g_assert_cmpint (analysis->total.peak, ==, analysis->total.leaked);

  g_object_unref (recorder);
  gtk_window_destroy (GTK_WINDOW (window));
  remove_folder (folder);
}

/* Closing the window while it records asks first: Cancel keeps it
 * recording, "Stop and Close" stops the program and closes the window,
 * and the trace keeps what was recorded */
static void
test_close (void)
{
  g_autofree char *folder = use_trace_folder ();
  g_autofree char *command_line = g_strdup_printf ("%s 60000 0", g_getenv ("LAUNCH_SLOW"));
  g_autoptr(HtRecorderProcess) recorder = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  HtWindow *window = new_window ();
  AdwMessageDialog *dialog;
  gint64 deadline;

  record_from_dialog (window, command_line);
  wait_state (window, "live");
  wait_live_calls (window, 5);
  recorder = g_object_ref (ht_live_view_get_recorder (live_view (window)));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  gtk_window_close (GTK_WINDOW (window));
  iterate (100);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  iterate (300);
  g_assert_nonnull (window);
  g_assert_cmpint (ht_recorder_process_get_state (recorder), ==, HT_RECORDER_STATE_RUNNING);

  gtk_window_close (GTK_WINDOW (window));
  iterate (100);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "stop");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (20);
    }
  g_assert_cmpint (ht_recorder_process_get_state (recorder), ==, HT_RECORDER_STATE_FINISHED);
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (recorder), ==, "interrupted");
  analysis = ht_analysis_load (ht_recorder_process_get_trace_path (recorder), NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (analysis->truncated);
  g_assert_cmpint (analysis->total.allocations, >=, 5);
  g_assert_cmpint (analysis->total.leaked, ==, analysis->total.allocations * 1024);

  remove_folder (folder);
}

/* `heaptrack-gtk --follow` of a recording started elsewhere, whose program
 * execs after a while: the window goes on with the trace of the program
 * it became, live, and opens that one at the end */
static void
test_follow_exec (void)
{
  g_autofree char *folder = g_dir_make_tmp ("ht-follow-XXXXXX", NULL);
  g_autofree char *base = g_build_filename (folder, "t", NULL);
  g_autofree char *first = g_strdup_printf ("%s.zst", base);
  g_autofree char *script = g_strdup_printf ("sleep 0.5; exec %s 1500 0", g_getenv ("LAUNCH_SLOW"));
  g_autoptr(GFile) file = g_file_new_for_path (first);
  g_autoptr(GSubprocess) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  HtWindow *window = new_window ();
  HtAnalysis *analysis;
  gint64 deadline;

  ht_window_follow (window, file);
  launcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                               g_getenv ("HT_RECORD_PROGRAM"), "--record-only", "-q", "-o", base,
                               "--", "/bin/sh", "-c", script, NULL);
  g_assert_no_error (error);

  /* still live, now on the program's own trace */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (strstr (g_file_peek_path (ht_window_get_file (window)), "launch-slow") == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (20);
    }
  g_assert_cmpstr (ht_window_get_state (window), ==, "live");

  analysis = opened_analysis (window);
  name = g_file_get_basename (ht_window_get_file (window));
  g_assert_true (g_str_has_prefix (name, "t.launch-slow."));
  /* 150 blocks of 1024 bytes, kept, and stdout's buffer */
  g_assert_cmpint (analysis->total.allocations, >=, 150);
  g_assert_cmpint (analysis->total.leaked, >=, 150 * 1024);
  g_subprocess_wait_check (launcher, NULL, &error);
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (window));
  remove_folder (folder);
}

typedef struct
{
  GSubprocess   *process;
  GOutputStream *in;
  GDataInputStream *out;
} Target;

/* launch-target (tests/recorder/launch-target.c): waits for commands */
static void
target_start (Target *t)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;

  t->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 g_getenv ("LAUNCH_TARGET"), NULL);
  g_assert_no_error (error);
  t->in = g_subprocess_get_stdin_pipe (t->process);
  t->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t->process));
  ready = g_data_input_stream_read_line_utf8 (t->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");
}

/* one command, answered */
static void
target_command (Target *t,
                char    command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  g_output_stream_write_all (t->in, &command, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (t->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer[0], ==, command);
}

static void
target_finish (Target *t)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (t->in, NULL, NULL);
  g_subprocess_wait_check (t->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&t->out);
  g_clear_object (&t->process);
}

/* Attach… to a running launch-target: chosen in the dialog's list of this
 * machine's processes, three rounds recorded, detached by Stop; the
 * process runs on, and the trace holds exactly those rounds */
static void
test_attach (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *why = NULL;
  g_autoptr(HtProcessItem) item = NULL;
  HtRecorderProcess *recorder;
  GtkSingleSelection *selection;
  HtAnalysis *analysis;
  GtkWindow *dialog;
  HtWindow *window;
  GListModel *model;
  Target t = { 0 };
  gint64 deadline;
  gboolean loading = TRUE;
  guint i, n;

  if (!ht_process_list_can_attach (&why))
    {
      g_test_skip (why);
      return;
    }
  folder = use_trace_folder ();
  target_start (&t);
  window = new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.attach", NULL));
  dialog = find_toplevel (HT_TYPE_ATTACH_DIALOG);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (loading)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (10);
      g_object_get (dialog, "loading", &loading, NULL);
    }
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (
    GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW, NULL))));
  model = G_LIST_MODEL (selection);
  n = g_list_model_get_n_items (model);
  for (i = 0; i < n; i++)
    {
      g_clear_object (&item);
      item = g_list_model_get_item (model, i);
      if (ht_process_item_get_pid (item) == atoi (g_subprocess_get_identifier (t.process)))
        break;
    }
  g_assert_cmpuint (i, <, n);
  if (!ht_process_item_get_attachable (item))
    {
      /* the kernel's policy, another user: the list says why */
      g_test_skip (ht_process_item_get_reason (item));
      gtk_window_destroy (dialog);
      gtk_window_destroy (GTK_WINDOW (window));
      target_finish (&t);
      remove_folder (folder);
      return;
    }
  gtk_single_selection_set_selected (selection, i);
  iterate (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.attach", NULL));

  wait_state (window, "live");
  recorder = g_object_ref (ht_live_view_get_recorder (live_view (window)));
  /* attached once the trace is being written */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (ht_recorder_process_get_state (recorder) != HT_RECORDER_STATE_RUNNING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (20);
    }
  for (int round = 0; round < 3; round++)
    target_command (&t, 'r');
  wait_live_calls (window, 3 * 1001);
  ht_recorder_process_stop (recorder);
  analysis = opened_analysis (window);
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (recorder), ==, "detached");
  g_assert_true (analysis->data->attached);
  g_assert_cmpint (analysis->total.allocations, ==, 3 * 1001);
  g_assert_cmpint (analysis->total.temporary, ==, 3 * 1000);
  g_assert_cmpint (analysis->total.leaked, ==, 3 * 100);

  /* detached, not ended: it still answers */
  target_command (&t, 'r');
  target_finish (&t);
  g_object_unref (recorder);
  gtk_window_destroy (GTK_WINDOW (window));
  remove_folder (folder);
}

/* A program the recorder refuses (statically linked): the launcher's own
 * words on the error page, and the way to record again */
static void
test_error (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  HtWindow *window;

  if (g_getenv ("LAUNCH_STATIC") == NULL)
    {
      g_test_skip ("no static linking here");
      return;
    }
  folder = use_trace_folder ();
  window = new_window ();
  record_from_dialog (window, g_getenv ("LAUNCH_STATIC"));
  wait_state (window, "error");
  iterate (200);
  text = widget_text (GTK_WIDGET (window));
  if (strstr (text, "statically linked") == NULL || strstr (text, "Record Again") == NULL)
    g_error ("the launcher's message is not shown:\n%s", text);
  save_screenshot (GTK_WIDGET (window), "recording-error");

  gtk_window_destroy (GTK_WINDOW (window));
  remove_folder (folder);
}

/* No recorder to run: the start page says so instead of offering Record
 * and Attach */
static void
test_unavailable (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("HT_RECORD_PROGRAM"));
  g_autofree char *text = NULL;
  HtWindow *window;

  g_setenv ("HT_RECORD_PROGRAM", "/nonexistent/heaptrack-gtk-record", TRUE);
  window = new_window ();
  text = widget_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, "/nonexistent/heaptrack-gtk-record is not installed"));
  /* disabled: no dialog opens */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.record", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach", NULL);
  iterate (100);
  g_assert_null (find_toplevel (HT_TYPE_RECORD_DIALOG));
  g_assert_null (find_toplevel (HT_TYPE_ATTACH_DIALOG));
  gtk_window_destroy (GTK_WINDOW (window));
  g_setenv ("HT_RECORD_PROGRAM", saved, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/record/launch", test_launch);
  g_test_add_func ("/record/exec", test_exec);
  g_test_add_func ("/record/stop", test_stop);
  g_test_add_func ("/record/close", test_close);
  g_test_add_func ("/record/follow-exec", test_follow_exec);
  g_test_add_func ("/record/attach", test_attach);
  g_test_add_func ("/record/error", test_error);
  g_test_add_func ("/record/unavailable", test_unavailable);
  return g_test_run ();
}
