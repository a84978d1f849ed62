/* test-recorder-process.c: a recording run from the application
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The launcher is fake-record (HT_RECORD_PROGRAM), which speaks the status
 * protocol and plays the program; see its opening comment.
 */

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "config.h"

#include "ht-recorder-process.h"

/* What a recording did, as its properties and signal told it */
typedef struct
{
  HtRecorderProcess *recorder;
  GArray            *states;        /* every state notified, in order */
  GString           *out;           /* the "output" signal's stdout texts */
  GString           *err;           /* and its stderr texts */
  GPtrArray         *trace_paths;   /* every trace-path notified */
  char              *folder;
} Run;

static void
state_cb (HtRecorderProcess *recorder,
          GParamSpec        *pspec,
          Run               *run)
{
  HtRecorderState state = ht_recorder_process_get_state (recorder);

  g_array_append_val (run->states, state);
}

static void
trace_path_cb (HtRecorderProcess *recorder,
               GParamSpec        *pspec,
               Run               *run)
{
  g_ptr_array_add (run->trace_paths, g_strdup (ht_recorder_process_get_trace_path (recorder)));
}

static void
output_cb (HtRecorderProcess *recorder,
           const char        *text,
           gboolean           is_stderr,
           Run               *run)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_string_append (is_stderr ? run->err : run->out, text);
}

static Run *
run_new (HtRecorderProcess *recorder,
         const char        *folder)
{
  Run *run = g_new0 (Run, 1);

  run->recorder = recorder;
  run->states = g_array_new (FALSE, FALSE, sizeof (HtRecorderState));
  run->out = g_string_new (NULL);
  run->err = g_string_new (NULL);
  run->trace_paths = g_ptr_array_new_with_free_func (g_free);
  run->folder = g_strdup (folder);
  g_signal_connect (recorder, "notify::state", G_CALLBACK (state_cb), run);
  g_signal_connect (recorder, "notify::trace-path", G_CALLBACK (trace_path_cb), run);
  g_signal_connect (recorder, "output", G_CALLBACK (output_cb), run);
  return run;
}

/* a launch of the fake's @program into a fresh folder */
static Run *
launch (const char *program)
{
  g_autofree char *folder = g_dir_make_tmp ("ht-recorder-XXXXXX", NULL);
  g_autofree char *traces = g_build_filename (folder, "traces", NULL);
  const char *argv[] = { program, "an argument", NULL };
  const char *environment[] = { "HT_TEST_VARIABLE=1", NULL };
  g_autoptr(GError) error = NULL;
  Run *run = run_new (ht_recorder_process_new_launch (argv, folder, environment, traces), traces);

  g_assert_true (ht_recorder_process_start (run->recorder, &error));
  g_assert_no_error (error);
  return run;
}

static void
run_free (Run *run)
{
  g_autofree char *parent = g_path_get_dirname (run->folder);
  g_autoptr(GDir) dir = g_dir_open (run->folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (run->folder, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_rmdir (run->folder);
  g_rmdir (parent);
  g_object_unref (run->recorder);
  g_array_unref (run->states);
  g_string_free (run->out, TRUE);
  g_string_free (run->err, TRUE);
  g_ptr_array_unref (run->trace_paths);
  g_free (run->folder);
  g_free (run);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @done, failing after @seconds */
#define ITERATE_UNTIL(done, seconds)                                           \
  G_STMT_START {                                                               \
    gboolean timed_out_ = FALSE;                                               \
    guint timer_ = g_timeout_add_seconds ((seconds), timed_out_cb, &timed_out_); \
    while (!(done) && !timed_out_)                                             \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_assert_true (done);                                                      \
    g_source_remove (timer_);                                                  \
  } G_STMT_END

static gboolean
ended (Run *run)
{
  HtRecorderState state = ht_recorder_process_get_state (run->recorder);

  return state == HT_RECORDER_STATE_FINISHED || state == HT_RECORDER_STATE_FAILED;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
assert_states (Run                   *run,
               const HtRecorderState *expected,
               guint                  n)
{
  g_assert_cmpuint (run->states->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (run->states, HtRecorderState, i), ==, expected[i]);
}

/* A program that runs to its end: states, trace, pid, output, log */
static void
test_launch (void)
{
  Run *run = launch ("hello");
  static const HtRecorderState expected[] = { HT_RECORDER_STATE_RUNNING, HT_RECORDER_STATE_FINISHED };
  g_autofree char *trace = NULL;
  g_autofree char *log = NULL;
  g_autofree char *log_text = NULL;
  GPid pid;

  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_STARTING);
  g_assert_cmpstr (ht_recorder_process_get_command_line (run->recorder), ==, "hello an argument");
  ITERATE_UNTIL (ended (run), 5);

  assert_states (run, expected, G_N_ELEMENTS (expected));
  pid = ht_recorder_process_get_program_pid (run->recorder);
  g_assert_cmpint (pid, >, 0);
  trace = g_strdup_printf ("%s/heaptrack.hello.%d.zst", run->folder, (int) pid);
  log = g_strdup_printf ("%s/heaptrack.hello.%d.log", run->folder, (int) pid);
  g_assert_cmpstr (ht_recorder_process_get_trace_path (run->recorder), ==, trace);
  g_assert_cmpuint (ht_recorder_process_get_traces (run->recorder)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ht_recorder_process_get_traces (run->recorder), 0), ==, trace);
  g_assert_cmpstr (ht_recorder_process_get_log_path (run->recorder), ==, log);

  /* the cut "é" joined again, the invalid byte replaced */
  g_assert_cmpstr (run->out->str, ==, "hello on stdout\n");
  g_assert_cmpstr (run->err->str, ==, "héllo on stderr, then \xef\xbf\xbd bad\n");
  log_text = read_text (log);
  g_assert_cmpstr (log_text, ==, ht_recorder_process_get_output (run->recorder));
  g_assert_nonnull (strstr (log_text, "hello on stdout\n"));
  g_assert_nonnull (strstr (log_text, "héllo on stderr"));

  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 3);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, "exited with status 3");
  g_assert_null (ht_recorder_process_get_stop_reason (run->recorder));
  g_assert_false (ht_recorder_process_get_stuck (run->recorder));
  run_free (run);
}

/* The program execs: a second trace, the log follows it */
static void
test_exec (void)
{
  Run *run = launch ("exec");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_log = NULL;
  g_autofree char *log = NULL;
  g_autofree char *log_text = NULL;
  GPtrArray *traces;
  int pid;

  ITERATE_UNTIL (ended (run), 5);
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_FINISHED);
  pid = ht_recorder_process_get_program_pid (run->recorder);
  first = g_strdup_printf ("%s/heaptrack.exec.%d.zst", run->folder, pid);
  second = g_strdup_printf ("%s/heaptrack.exec-after.%d.zst", run->folder, pid);
  first_log = g_strdup_printf ("%s/heaptrack.exec.%d.log", run->folder, pid);
  log = g_strdup_printf ("%s/heaptrack.exec-after.%d.log", run->folder, pid);

  g_assert_cmpuint (run->trace_paths->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (run->trace_paths, 0), ==, first);
  g_assert_cmpstr (g_ptr_array_index (run->trace_paths, 1), ==, second);
  traces = ht_recorder_process_get_traces (run->recorder);
  g_assert_cmpuint (traces->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (traces, 0), ==, second);
  g_assert_cmpstr (g_ptr_array_index (traces, 1), ==, first);

  g_assert_cmpstr (ht_recorder_process_get_log_path (run->recorder), ==, log);
  g_assert_false (g_file_test (first_log, G_FILE_TEST_EXISTS));
  log_text = read_text (log);
  g_assert_cmpstr (log_text, ==, "before exec\nafter exec\n");
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, "exited with status 0");
  run_free (run);
}

/* The launcher's error: its words */
static void
test_launcher_error (void)
{
  Run *run = launch ("missing");
  static const HtRecorderState expected[] = { HT_RECORDER_STATE_FAILED };

  ITERATE_UNTIL (ended (run), 5);
  assert_states (run, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 127);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, "missing: no such program");
  g_assert_cmpstr (run->err->str, ==, "heaptrack-gtk-record: missing: no such program\n");
  g_assert_null (ht_recorder_process_get_trace_path (run->recorder));
  g_assert_null (ht_recorder_process_get_log_path (run->recorder));
  g_assert_cmpint (ht_recorder_process_get_program_pid (run->recorder), ==, 0);
  run_free (run);
}

/* No launcher at all, and a folder that cannot be made */
static void
test_cannot_start (void)
{
  g_autofree char *folder = g_dir_make_tmp ("ht-recorder-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (folder, "a-file", NULL);
  g_autofree char *below_file = g_build_filename (file, "traces", NULL);
  const char *argv[] = { "hello", NULL };
  g_autoptr(HtRecorderProcess) unwritable = ht_recorder_process_new_launch (argv, NULL, NULL, below_file);
  g_autoptr(HtRecorderProcess) missing = ht_recorder_process_new_launch (argv, NULL, NULL, folder);
  g_autofree char *launcher = g_strdup (g_getenv ("HT_RECORD_PROGRAM"));
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_false (ht_recorder_process_start (unwritable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_cmpint (ht_recorder_process_get_state (unwritable), ==, HT_RECORDER_STATE_FAILED);
  g_assert_nonnull (strstr (ht_recorder_process_get_message (unwritable), below_file));
  g_assert_cmpstr (ht_recorder_process_get_message (unwritable), ==, error->message);
  g_clear_error (&error);

  g_setenv ("HT_RECORD_PROGRAM", "/nonexistent/heaptrack-gtk-record", TRUE);
  g_assert_false (ht_recorder_process_start (missing, &error));
  g_setenv ("HT_RECORD_PROGRAM", launcher, TRUE);
  g_assert_nonnull (error);
  g_assert_cmpint (ht_recorder_process_get_state (missing), ==, HT_RECORDER_STATE_FAILED);
  g_assert_true (g_str_has_prefix (ht_recorder_process_get_message (missing),
                                   "/nonexistent/heaptrack-gtk-record cannot be started: "));

  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

static gboolean
output_has (Run        *run,
            const char *text)
{
  return strstr (run->out->str, text) != NULL;
}

/* Stop: SIGINT reaches the program, which ends of it */
static void
test_stop (void)
{
  Run *run = launch ("wait");

  ITERATE_UNTIL (output_has (run, "ready\n"), 5);
  ht_recorder_process_stop (run->recorder);
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_STOPPING);
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (run->recorder), ==, "interrupted");
  ITERATE_UNTIL (ended (run), 2);
  g_assert_cmpstr (run->out->str, ==, "ready\ngot signal 2\n");
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_FINISHED);
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 130);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, "killed by signal 2 (Interrupt)");
  g_assert_false (ht_recorder_process_get_stuck (run->recorder));
  run_free (run);
}

/* Before the program runs, stop interrupts the launcher */
static void
test_stop_before_start (void)
{
  Run *run = launch ("slow");
  static const HtRecorderState expected[] = { HT_RECORDER_STATE_STOPPING, HT_RECORDER_STATE_FAILED };

  ITERATE_UNTIL (strstr (run->err->str, "preparing\n") != NULL, 5);
  ht_recorder_process_stop (run->recorder);
  ITERATE_UNTIL (ended (run), 2);
  assert_states (run, expected, G_N_ELEMENTS (expected));
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (run->recorder), ==, "interrupted");
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 130);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==,
                   "No trace was written (killed by signal 2 (Interrupt))");
  g_assert_cmpint (ht_recorder_process_get_program_pid (run->recorder), ==, 0);
  run_free (run);
}

/* A program that ignores SIGINT gets SIGTERM 3 s later */
static void
test_stop_terminates (void)
{
  Run *run = launch ("deaf");
  gint64 start;

  ITERATE_UNTIL (output_has (run, "ready\n"), 5);
  start = g_get_monotonic_time ();
  ht_recorder_process_stop (run->recorder);
  ITERATE_UNTIL (ended (run), 5);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (run->out->str, ==, "ready\nignored signal 2\ngot signal 15\n");
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (run->recorder), ==, "terminated");
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 143);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, "killed by signal 15 (Terminated)");
  g_assert_false (ht_recorder_process_get_stuck (run->recorder));
  run_free (run);
}

/* One that ignores both is "stuck" 3 s after SIGTERM; kill ends it */
static void
test_stop_stuck (void)
{
  Run *run = launch ("stubborn");
  gint64 start;

  ITERATE_UNTIL (output_has (run, "ready\n"), 5);
  start = g_get_monotonic_time ();
  ht_recorder_process_stop (run->recorder);
  ITERATE_UNTIL (ht_recorder_process_get_stuck (run->recorder), 8);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 6 * G_USEC_PER_SEC);
  g_assert_cmpstr (run->out->str, ==, "ready\nignored signal 2\nignored signal 15\n");
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_STOPPING);
  ht_recorder_process_kill (run->recorder);
  ITERATE_UNTIL (ended (run), 2);
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (run->recorder), ==, "killed");
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 137);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, "killed by signal 9 (Killed)");
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_FINISHED);
  run_free (run);
}

/* Attached: stop detaches (SIGINT to the launcher), the process runs on */
static void
test_attach (void)
{
  g_autofree char *folder = g_dir_make_tmp ("ht-recorder-XXXXXX", NULL);
  g_autofree char *traces = g_build_filename (folder, "traces", NULL);
  g_autofree char *trace = NULL;
  g_autofree char *command_line = NULL;
  g_autoptr(GError) error = NULL;
  GPid self_pid = getpid ();
  Run *run = run_new (ht_recorder_process_new_attach (self_pid, traces), traces);

  command_line = g_strdup_printf ("pid %d (test-recorder-p)", (int) self_pid);
  g_assert_cmpstr (ht_recorder_process_get_command_line (run->recorder), ==, command_line);
  g_assert_true (ht_recorder_process_start (run->recorder, &error));
  g_assert_no_error (error);
  ITERATE_UNTIL (strstr (run->err->str, "attached\n") != NULL, 5);
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_RUNNING);
  g_assert_cmpint (ht_recorder_process_get_program_pid (run->recorder), ==, self_pid);
  ht_recorder_process_stop (run->recorder);
  g_assert_cmpstr (ht_recorder_process_get_stop_reason (run->recorder), ==, "detached");
  ITERATE_UNTIL (ended (run), 2);

  g_assert_cmpstr (run->err->str, ==, "attached\ndetaching after signal 2\n");
  trace = g_strdup_printf ("%s/heaptrack.attached.%d.zst", traces, (int) self_pid);
  g_assert_cmpstr (ht_recorder_process_get_trace_path (run->recorder), ==, trace);
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_FINISHED);
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 0);
  g_free (command_line);
  command_line = g_strdup_printf ("detached from process %d, which runs on", (int) self_pid);
  g_assert_cmpstr (ht_recorder_process_get_message (run->recorder), ==, command_line);
  run_free (run);
}

static char *
write_flatpak_info (const char *folder,
                    const char *policy)
{
  g_autofree char *text = g_strdup_printf ("[Application]\n"
                                           "name=io.github.heaptrackgtk.HeaptrackGtk\n"
                                           "\n"
                                           "[Session Bus Policy]\n"
                                           "%s\n", policy);
  char *path = g_build_filename (folder, "flatpak-info", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The program's working folder and environment: the caller's */
static void
assert_environment (void)
{
  Run *run = launch ("env");
  g_autofree char *working_dir = g_path_get_dirname (run->folder);
  g_autofree char *expected = g_strdup_printf ("cwd=%s HT_TEST_VARIABLE=1\n", working_dir);

  ITERATE_UNTIL (ended (run), 5);
  g_assert_cmpstr (run->out->str, ==, expected);
  g_assert_cmpint (ht_recorder_process_get_state (run->recorder), ==, HT_RECORDER_STATE_FINISHED);
  run_free (run);
}

static void
test_environment (void)
{
  assert_environment ();
}

/* Where recording is possible: the launcher, the Flatpak's policy */
static void
test_available (void)
{
  g_autofree char *folder = g_dir_make_tmp ("ht-recorder-XXXXXX", NULL);
  g_autofree char *launcher = g_strdup (g_getenv ("HT_RECORD_PROGRAM"));
  g_autofree char *info = NULL;
  char *why = NULL;

  g_assert_true (ht_recorder_available (&why));
  g_assert_null (why);

  g_setenv ("HT_RECORD_PROGRAM", "/nonexistent/heaptrack-gtk-record", TRUE);
  g_assert_false (ht_recorder_available (&why));
  g_assert_cmpstr (why, ==, "The recorder /nonexistent/heaptrack-gtk-record is not installed. "
                            "Install heaptrack-gtk-record to record from here.");
  g_clear_pointer (&why, g_free);
  g_setenv ("HT_RECORD_PROGRAM", launcher, TRUE);

  info = write_flatpak_info (folder, "org.freedesktop.Flatpak=talk");
  g_setenv ("HT_FLATPAK_INFO", info, TRUE);
  g_assert_true (ht_recorder_available (&why));
  g_assert_null (why);
  g_free (write_flatpak_info (folder, "org.freedesktop.portal.*=talk\norg.freedesktop.Flatpak=see"));
  g_assert_false (ht_recorder_available (&why));
  g_assert_nonnull (strstr (why, "“heaptrack-gtk-record PROGRAM”"));
  g_clear_pointer (&why, g_free);
  g_free (write_flatpak_info (folder, "org.freedesktop.portal.*=talk"));
  g_assert_false (ht_recorder_available (&why));
  g_assert_nonnull (strstr (why, "install heaptrack-gtk-record on the host"));
  g_clear_pointer (&why, g_free);
  g_setenv ("HT_FLATPAK_INFO", "/nonexistent/flatpak-info", TRUE);

  g_assert_cmpint (g_unlink (info), ==, 0);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* Inside a Flatpak the launcher runs through flatpak-spawn --host, which
 * passes the folder and the environment, and signals host processes */
static void
test_flatpak_launch (void)
{
  g_autofree char *folder = g_dir_make_tmp ("ht-recorder-XXXXXX", NULL);
  g_autofree char *spawn = g_build_filename (folder, "flatpak-spawn", NULL);
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "unit", "fake-flatpak-spawn.sh", NULL);
  g_autofree char *info = write_flatpak_info (folder, "org.freedesktop.Flatpak=talk");
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autofree char *fake_path = g_strconcat (folder, ":", path, NULL);
  Run *run;

  g_assert_cmpint (symlink (fake, spawn), ==, 0);
  g_setenv ("PATH", fake_path, TRUE);
  g_setenv ("HT_FLATPAK_INFO", info, TRUE);

  assert_environment ();
  run = launch ("wait");
  ITERATE_UNTIL (output_has (run, "ready\n"), 5);
  ht_recorder_process_stop (run->recorder);
  ITERATE_UNTIL (ended (run), 2);
  g_assert_cmpstr (run->out->str, ==, "ready\ngot signal 2\n");
  g_assert_cmpint (ht_recorder_process_get_exit_status (run->recorder), ==, 130);
  run_free (run);

  g_setenv ("HT_FLATPAK_INFO", "/nonexistent/flatpak-info", TRUE);
  g_setenv ("PATH", path, TRUE);
  g_assert_cmpint (g_unlink (spawn), ==, 0);
  g_assert_cmpint (g_unlink (info), ==, 0);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* Without the setting, the data folder */
static void
test_default_folder (void)
{
  g_autofree char *folder = ht_recorder_default_folder ();
  g_autofree char *expected = g_build_filename (g_getenv ("XDG_DATA_HOME"), "heaptrack-gtk", "traces", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_cmpstr (folder, ==, expected);
  g_settings_set_string (settings, "trace-folder", "/somewhere/traces");
  g_free (folder);
  folder = ht_recorder_default_folder ();
  g_assert_cmpstr (folder, ==, "/somewhere/traces");
  g_settings_reset (settings, "trace-folder");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("ht-recorder-data-XXXXXX", NULL);
  int status;

  /* before GLib reads them: a data folder of our own, settings in memory,
   * no Flatpak around the test */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("HT_FLATPAK_INFO", "/nonexistent/flatpak-info", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder-process/launch", test_launch);
  g_test_add_func ("/recorder-process/exec", test_exec);
  g_test_add_func ("/recorder-process/environment", test_environment);
  g_test_add_func ("/recorder-process/launcher-error", test_launcher_error);
  g_test_add_func ("/recorder-process/cannot-start", test_cannot_start);
  g_test_add_func ("/recorder-process/stop", test_stop);
  g_test_add_func ("/recorder-process/stop-before-start", test_stop_before_start);
  g_test_add_func ("/recorder-process/stop-terminates", test_stop_terminates);
  g_test_add_func ("/recorder-process/stop-stuck", test_stop_stuck);
  g_test_add_func ("/recorder-process/attach", test_attach);
  g_test_add_func ("/recorder-process/available", test_available);
  g_test_add_func ("/recorder-process/flatpak-launch", test_flatpak_launch);
  g_test_add_func ("/recorder-process/default-folder", test_default_folder);
  status = g_test_run ();
  g_rmdir (data_home);
  return status;
}
