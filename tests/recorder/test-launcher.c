/* test-launcher.c: heaptrack-gtk-record's options, errors and runtime attach
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The launcher with helper programs of known behaviour: file names, totals,
 * exit statuses, the errors that must come before anything runs (and leave
 * no trace behind), raw recording and --symbolize, --follow-fork, the GUI
 * step, --pid on tests/recorder/launch-target.c with exact figures, and
 * the status lines of --status-fd with the trace's lock.
 * Everything runs with --record-only except the test of the GUI step, which
 * puts a fake heaptrack-gtk on PATH.
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ht-analysis.h"
#include "ht-test-run.h"

static char *workdir;

static int
subprocess_status (GSubprocess *proc)
{
  if (g_subprocess_get_if_signaled (proc))
    return 128 + g_subprocess_get_term_sig (proc);
  return g_subprocess_get_exit_status (proc);
}

static const char *
recorder (void)
{
  return env_path ("HT_RECORD");
}

/* a fresh folder for one test */
static char *
test_dir (const char *name)
{
  char *dir = g_build_filename (workdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* the names in @dir, sorted, space-separated */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_contains (const char *text,
                 const char *wanted)
{
  if (strstr (text, wanted) == NULL)
    g_error ("\"%s\" not found in:\n%s", wanted, text);
}

static HtAnalysis *
load_trace (const char *path)
{
  g_autoptr(GError) error = NULL;
  HtAnalysis *analysis = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_false (analysis->truncated);
  return analysis;
}

/* wl-sites' exact figures (tests/workloads/wl-sites.c) */
static void
assert_sites_figures (const char *trace)
{
  g_autoptr(HtAnalysis) analysis = load_trace (trace);

  g_assert_cmpint (analysis->total.allocations, ==, 1020);
  g_assert_cmpint (analysis->total.temporary, ==, 1004);
  g_assert_cmpint (analysis->total.peak, ==, 10635);
  g_assert_cmpint (analysis->total.leaked, ==, 385);
}

/* ---- names, totals, options ---------------------------------------------- */

/* heaptrack.NAME.PID.zst in the working folder, PID the program's */
static void
test_default_name (void)
{
  g_autofree char *dir = test_dir ("default-name");
  const char *argv[] = { recorder (), "--record-only", "/bin/sh", "-c", "echo $$", NULL };
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  RunResult r = { 0 };

  run_in (argv, dir, NULL, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_strstrip (r.out);
  expected = g_strdup_printf ("heaptrack.sh.%s.zst", r.out);
  path = g_build_filename (dir, expected, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  assert_contains (r.err, "output will be written to");
  assert_contains (r.err, path);
  run_result_clear (&r);
}

/* -o: %p is the program's pid, %h the host, folders are created, .zst is
 * added once */
static void
test_output_pattern (void)
{
  g_autofree char *dir = test_dir ("output-pattern");
  g_autofree char *pattern = g_build_filename (dir, "a", "b", "t-%p-%h", NULL);
  g_autofree char *with_suffix = g_build_filename (dir, "given.zst", NULL);
  const char *argv[] = { recorder (), "-q", "--record-only", "-o", pattern,
                         "/bin/sh", "-c", "echo $$", NULL };
  g_autofree char *expected = NULL;
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_strstrip (r.out);
  expected = g_strdup_printf ("%s/a/b/t-%s-%s.zst", dir, r.out, g_get_host_name ());
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  run_result_clear (&r);

  argv[4] = with_suffix;
  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (with_suffix, G_FILE_TEST_IS_REGULAR));
  run_result_clear (&r);
}

/* the totals at the end and how to open the file; -q prints nothing */
static void
test_totals (void)
{
  g_autofree char *dir = test_dir ("totals");
  g_autofree char *base = g_build_filename (dir, "sites", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autofree char *open_line = g_strdup_printf ("heaptrack-gtk %s", trace);
  const char *argv[] = { recorder (), "--record-only", "-o", base, env_path ("WL_SITES"), NULL };
  const char *quiet[] = { recorder (), "-q", "--record-only", "-o", base, env_path ("WL_SITES"), NULL };
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.err, "calls to allocation functions: 1020 (temporary: 1004)");
  assert_contains (r.err, "peak heap memory consumption:  10635 B");
  assert_contains (r.err, "memory leaked:                 385 B");
  assert_contains (r.err, open_line);
  run_result_clear (&r);
  assert_sites_figures (trace);

  run (quiet, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  run_result_clear (&r);
}

/* @text with its lines joined: the launcher wraps its notes */
static char *
unwrapped (const char *text)
{
  g_autoptr(GRegex) breaks = g_regex_new ("\n +", 0, 0, NULL);

  return g_regex_replace_literal (breaks, text, -1, 0, " ", 0, NULL);
}

/* the totals say what the trace lacks: which module has no symbols, and
 * memory that did not come from malloc */
static void
test_totals_missing (void)
{
  g_autofree char *dir = test_dir ("totals-missing");
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  const char *symbols[] = { recorder (), "--record-only", "-o", base, env_path ("LAUNCH_MISSING"),
                            "symbols", env_path ("LAUNCH_BARE_LIB"), NULL };
  const char *mapped[] = { recorder (), "--record-only", "-o", base, env_path ("LAUNCH_MISSING"),
                           "mmap", NULL };
  const char *sites[] = { recorder (), "--record-only", "-o", base, env_path ("WL_SITES"), NULL };
  g_autofree char *text = NULL;
  RunResult r = { 0 };

  run (symbols, &r);
  g_assert_cmpint (r.status, ==, 0);
  text = unwrapped (r.err);
  assert_contains (text, "1 module has frames without symbols: liblaunch-bare-lib.so. "
                         "To see its functions, install its debug symbols");
  g_assert_null (strstr (text, "bypasses malloc"));
  g_clear_pointer (&text, g_free);
  run_result_clear (&r);

  run (mapped, &r);
  g_assert_cmpint (r.status, ==, 0);
  text = unwrapped (r.err);
  assert_contains (text, "Only 0 bytes of the peak RSS of ");
  assert_contains (text, "the program may use an allocator that bypasses malloc");
  g_clear_pointer (&text, g_free);
  run_result_clear (&r);

  /* a program with symbols, allocating through malloc: nothing to say */
  run (sites, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "without symbols"));
  g_assert_null (strstr (r.err, "bypasses"));
  run_result_clear (&r);
}

static void
test_help_version (void)
{
  const char *help[] = { recorder (), "-h", NULL };
  const char *version[] = { recorder (), "-v", NULL };
  const char *unknown[] = { recorder (), "--no-such-option", "/bin/true", NULL };
  const char *nothing[] = { recorder (), NULL };
  RunResult r = { 0 };

  run (help, &r);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "--pid");
  assert_contains (r.out, "--follow-fork");
  assert_contains (r.out, "--symbolize");
  run_result_clear (&r);

  run (version, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "heaptrack-gtk-record " PACKAGE_VERSION "\n");
  run_result_clear (&r);

  run (unknown, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, "--no-such-option");
  run_result_clear (&r);

  run (nothing, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, "PROGRAM");
  run_result_clear (&r);
}

/* the program's status passes through; a signal becomes 128+N */
static void
test_exit_status (void)
{
  g_autofree char *dir = test_dir ("exit-status");
  g_autofree char *base = g_build_filename (dir, "exit", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  const char *exit3[] = { recorder (), "-q", "--record-only", "-o", base,
                          "/bin/sh", "-c", "exit 3", NULL };
  const char *killed[] = { recorder (), "-q", "--record-only", "-o", base,
                           "/bin/sh", "-c", "kill -TERM $$", NULL };
  RunResult r = { 0 };

  run (exit3, &r);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_file_test (trace, G_FILE_TEST_IS_REGULAR));
  run_result_clear (&r);

  run (killed, &r);
  g_assert_cmpint (r.status, ==, 128 + SIGTERM);
  assert_contains (r.err, "killed by signal 15");
  run_result_clear (&r);
}

/* ---- errors before anything runs ----------------------------------------- */

static void
assert_refused (const char *name,
                const char *program,
                int         status,
                const char *message)
{
  g_autofree char *dir = test_dir (name);
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *files = NULL;
  const char *argv[] = { recorder (), "--record-only", "-o", base, program, NULL };
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, status);
  assert_contains (r.err, program);
  assert_contains (r.err, message);
  /* no trace, not even an empty one */
  files = listing (dir);
  g_assert_cmpstr (files, ==, "");
  run_result_clear (&r);
}

static void
test_missing_program (void)
{
  assert_refused ("missing", "ht-no-such-program-here", 127, "command not found");
}

static void
test_not_executable (void)
{
  g_autofree char *file = g_build_filename (workdir, "no-x-bit", NULL);

  g_assert_true (g_file_set_contents (file, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (file, 0644), ==, 0);
  if (access (file, X_OK) == 0)
    {
      g_test_skip ("root may execute anything here");
      return;
    }
  assert_refused ("not-executable", file, 126, "cannot execute");
  assert_refused ("a-folder", workdir, 126, "it is a folder");
}

static void
test_static_program (void)
{
  const char *program = g_getenv ("LAUNCH_STATIC");

  if (program == NULL)
    {
      g_test_skip ("no static C library to build launch-static");
      return;
    }
  assert_refused ("static", program, 125, "statically linked");
}

static void
test_setuid_program (void)
{
  g_autofree char *file = g_build_filename (workdir, "setuid-true", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  if (getuid () != 0)
    {
      g_test_skip ("making a setuid program of another user needs root");
      return;
    }
  g_assert_true (g_file_get_contents ("/bin/true", &contents, &len, NULL));
  g_assert_true (g_file_set_contents (file, contents, len, NULL));
  g_assert_cmpint (chown (file, 65534, 65534), ==, 0);
  g_assert_cmpint (g_chmod (file, 04755), ==, 0);
  assert_refused ("setuid", file, 125, "set-user-ID");
}

/* the folder is checked before the program runs */
static void
test_unwritable_folder (void)
{
  g_autofree char *dir = test_dir ("unwritable");
  g_autofree char *marker = g_build_filename (dir, "ran", NULL);
  g_autofree char *script = g_strdup_printf ("touch %s", marker);
  const char *outputs[] = { "/proc/heaptrack-gtk-test/t", "/proc/t" };
  const char *messages[] = { "cannot create the folder /proc/heaptrack-gtk-test",
                             "cannot write the trace into the folder /proc" };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      const char *argv[] = { recorder (), "--record-only", "-o", outputs[i],
                             "/bin/sh", "-c", script, NULL };
      RunResult r = { 0 };

      run (argv, &r);
      g_assert_cmpint (r.status, ==, 125);
      assert_contains (r.err, messages[i]);
      g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
      run_result_clear (&r);
    }
}

/* A disk that fills up a second into the run: the program runs to its end
 * and keeps its status, the launcher names the cause, and the file keeps
 * what fitted, a trace readers open as cut short. A 128 KiB tmpfs in a
 * mount namespace of its own, where we may make one. */
static void
test_full_disk (void)
{
  g_autofree char *dir = test_dir ("full-disk");
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  const char *script =
    "mount -t tmpfs -o size=128k none \"$0\" || exit 99\n"
    "\"$1\" --record-only -o \"$0/t\" \"$2\" 3000 3 0 > /dev/null; status=$?\n"
    "echo \"files: $(ls -A \"$0\")\"\n"
    "\"$3\" -s \"$0/t.zst\" 2>&1 | grep -E 'truncated|^calls to allocation functions'\n"
    "exit $status\n";
  RunResult r = { 0 };

  if (unshare == NULL)
    {
      g_test_skip ("no unshare to mount a small tmpfs");
      return;
    }
  {
    const char *probe[] = { unshare, "-m", "/bin/sh", "-c",
                            "mount -t tmpfs -o size=4k none \"$0\"", dir, NULL };

    run (probe, &r);
    if (r.status != 0)
      {
        g_test_skip ("cannot mount a tmpfs in a mount namespace here (needs root)");
        run_result_clear (&r);
        return;
      }
    run_result_clear (&r);
  }
  {
    const char *argv[] = { unshare, "-m", "/bin/sh", "-c", script, dir, recorder (),
                           env_path ("LAUNCH_SLOW"), g_getenv ("HT_PRINT"), NULL };

    run (argv, &r);
  }
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "No space left on device");
  assert_contains (r.err, "failed: its symbolizer stopped with an error");
  assert_contains (r.err, "what was recorded until then is in ");
  assert_contains (r.out, "files: t.zst\n");
  assert_contains (r.out, "truncated");
  assert_contains (r.out, "calls to allocation functions: ");
  run_result_clear (&r);
}

/* ---- programs started through a wrapper ---------------------------------- */

/* The trace "Open it with" names in @err */
static char *
opened_trace (const char *err)
{
  const char *line = strstr (err, "Open it with: heaptrack-gtk ");

  g_assert_nonnull (line);
  line += strlen ("Open it with: heaptrack-gtk ");
  return g_strndup (line, strcspn (line, "\n"));
}

/* Records @script (a wrapper written into the folder, or NULL) with @args
 * in a folder of its own, *@dir_out, as -o DIR/t; returns the launcher's
 * stderr. */
static char *
record_through (const char          *name,
                const char          *script,
                const char * const  *args,
                gboolean             follow_fork,
                char               **dir_out)
{
  g_autofree char *dir = test_dir (name);
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *wrapper = g_build_filename (dir, "wrapper", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  RunResult r = { 0 };
  char *err;

  g_ptr_array_add (argv, (gpointer) recorder ());
  g_ptr_array_add (argv, "--record-only");
  if (follow_fork)
    g_ptr_array_add (argv, "--follow-fork");
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, base);
  if (script != NULL)
    {
      g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
      g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
      g_ptr_array_add (argv, wrapper);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  run ((const char * const *) argv->pdata, &r);
  g_assert_cmpint (r.status, ==, 0);
  err = g_steal_pointer (&r.err);
  run_result_clear (&r);
  g_unlink (wrapper);
  *dir_out = g_steal_pointer (&dir);
  return err;
}

/* a wrapper script that execs the program (pyenv's shims, a shell
 * wrapper): recording goes on in the program; its trace, named after it,
 * is the one the launcher names, and the wrapper's is listed */
static void
test_exec_wrapper (void)
{
  const char *args[] = { env_path ("WL_SITES"), NULL };
  g_autofree char *dir = NULL;
  g_autofree char *err = record_through ("exec-wrapper", "#!/bin/sh\nexec \"$@\"\n", args, FALSE, &dir);
  g_autofree char *trace = opened_trace (err);
  g_autofree char *files = listing (dir);
  g_autofree char *first = g_build_filename (dir, "t.zst", NULL);

  g_assert_true (g_str_has_suffix (trace, ".zst"));
  assert_contains (trace, "/t.wl-sites-rec.");
  assert_sites_figures (trace);
  assert_contains (err, "exec'ed another program: recording it too");
  assert_contains (err, "calls to allocation functions: 1020 (temporary: 1004)");
  assert_contains (err, "ran another program: its trace is ");
  assert_contains (err, first);
  g_assert_true (g_str_has_prefix (files, "t.wl-sites-rec."));
  g_assert_true (g_str_has_suffix (files, " t.zst"));
}

/* env PROGRAM: the same */
static void
test_exec_env (void)
{
  const char *args[] = { "/usr/bin/env", env_path ("WL_SITES"), NULL };
  g_autofree char *dir = NULL;
  g_autofree char *err = record_through ("exec-env", NULL, args, FALSE, &dir);
  g_autofree char *trace = opened_trace (err);

  assert_contains (trace, "/t.wl-sites-rec.");
  assert_sites_figures (trace);
}

/* a bash wrapper that runs helpers before it execs (command substitutions,
 * other programs): the helpers are not recorded, unless --follow-fork,
 * and the main process's last program comes first either way */
static void
test_exec_wrapper_with_helpers (void)
{
  const char *script = "#!/bin/bash\n"
                       "here=$(dirname \"$1\")\n"
                       "name=$(basename \"$1\")\n"
                       "readlink -f / > /dev/null\n"
                       "exec \"$here/$name\"\n";
  const char *args[] = { env_path ("WL_SITES"), NULL };
  g_autofree char *dir = NULL;
  g_autofree char *err = record_through ("exec-helpers", script, args, FALSE, &dir);
  g_autofree char *trace = opened_trace (err);
  g_autofree char *files = listing (dir);
  g_autofree char *follow_dir = NULL;
  g_autofree char *follow_err = NULL;
  g_autofree char *follow_trace = NULL;
  g_autofree char *follow_files = NULL;
  const char *first_line;

  assert_sites_figures (trace);
  /* the wrapper's trace and the program's: no helper's */
  g_assert_null (strstr (files, "dirname"));
  g_assert_null (strstr (files, "readlink"));
  {
    g_auto(GStrv) names = g_strsplit (files, " ", -1);

    g_assert_cmpuint (g_strv_length (names), ==, 2);
  }

  follow_err = record_through ("exec-helpers-follow", script, args, TRUE, &follow_dir);
  follow_trace = opened_trace (follow_err);
  follow_files = listing (follow_dir);
  assert_sites_figures (follow_trace);
  assert_contains (follow_files, "readlink");
  assert_contains (follow_files, "dirname");
  /* the first trace reported is the program's */
  first_line = strstr (follow_err, "trace of process ");
  g_assert_nonnull (first_line);
  first_line = strstr (first_line, " written to ");
  g_assert_true (g_str_has_prefix (first_line + strlen (" written to "), follow_trace));
}

/* ---- the recorder's own faults ----------------------------------------- */

/* The symbolizer the launcher @launcher started, 0 until it runs */
static GPid
symbolizer_of (GPid launcher)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after;
      int ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* pid (comm) state ppid: comm is cut to 15 bytes */
      after = strrchr (stat, ')');
      if (strstr (stat, "(heaptrack-gtk-s)") != NULL && after != NULL
          && sscanf (after + 2, "%*c %d", &ppid) == 1 && ppid == launcher)
        return (GPid) atoi (name);
    }
  return 0;
}

typedef void (*FaultFunc) (GPid symbolizer);

/* Records launch-slow (an allocation every 10 ms for 3 s, then exit 3) and
 * lets @fault strike its symbolizer @after_ms into the run, in @dir with
 * @wrapper (argv before the launcher's, or NULL). The program must run to
 * its end and keep its status; the launcher names what failed and where
 * what was written until then is. Returns the launcher's stderr. */
static char *
record_with_fault (const char  *base,
                   const char  *size,
                   FaultFunc    fault,
                   guint        after_ms)
{
  const char *argv[] = { recorder (), "--record-only", "-o", base, env_path ("LAUNCH_SLOW"), "3000", "3",
                         size, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  GPid launcher, symbolizer = 0;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  launcher = (GPid) atoi (g_subprocess_get_identifier (proc));
  g_usleep (after_ms * 1000);
  symbolizer = symbolizer_of (launcher);
  g_assert_cmpint (symbolizer, >, 0);
  fault (symbolizer);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  /* the program ran its course and kept its exit status */
  g_assert_cmpint (subprocess_status (proc), ==, 3);
  assert_contains (out, "allocations ");
  assert_contains (err, "failed: its symbolizer ");
  return g_steal_pointer (&err);
}

/* The trace a failed recording left: cut short, holding at least @min_ms
 * of the run */
static void
assert_partial_trace (const char *trace,
                      guint64     min_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = ht_analysis_load (trace, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (analysis->truncated);
  g_assert_cmpuint (analysis->runtime, >=, min_ms);
  g_assert_cmpint (analysis->total.allocations, >, 0);
}

static void
kill_it (GPid symbolizer)
{
  g_assert_cmpint (kill (symbolizer, SIGKILL), ==, 0);
}

/* the symbolizer killed 1.5 s into the run (as the kernel's out-of-memory
 * killer would): the file, flushed every eighth of a second, keeps at least
 * the first second */
static void
test_fault_symbolizer_killed (void)
{
  g_autofree char *dir = test_dir ("fault-killed");
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autofree char *err = record_with_fault (base, "1024", kill_it, 1500);

  assert_contains (err, "killed by signal 9 (Killed)");
  assert_contains (err, "what was recorded until then is in ");
  assert_contains (err, trace);
  assert_contains (err, "of the 3.");
  assert_partial_trace (trace, 1000);
}

static void
limit_memory (GPid symbolizer)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) symbolizer);
  g_autofree char *status = NULL;
  struct rlimit limit;
  const char *vm;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  vm = strstr (status, "VmSize:");
  g_assert_nonnull (vm);
  /* not a byte more than it has: its next allocation fails */
  limit.rlim_cur = limit.rlim_max = g_ascii_strtoull (vm + strlen ("VmSize:"), NULL, 10) * 1024;
  g_assert_cmpint (prlimit (symbolizer, RLIMIT_AS, &limit, NULL), ==, 0);
}

/* the symbolizer out of memory 1 s into the run, on sizes at random (its
 * tables grow): whatever it dies of, the launcher names it, and the trace
 * keeps what was flushed */
static void
test_fault_symbolizer_out_of_memory (void)
{
  g_autofree char *dir = test_dir ("fault-memory");
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autofree char *err = record_with_fault (base, "0", limit_memory, 1000);

  assert_contains (err, "what was recorded until then is in ");
  assert_partial_trace (trace, 700);
}

/* ---- the GUI step -------------------------------------------------------- */

static gboolean
wait_for_file (const char *path,
               guint       ms)
{
  for (guint waited = 0; waited < ms; waited += 50)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
      g_usleep (50 * 1000);
    }
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* with a display and heaptrack-gtk on PATH the trace opens there, unless
 * --record-only */
static void
test_opens_gui (void)
{
  g_autofree char *dir = test_dir ("gui");
  g_autofree char *bin = test_dir ("gui/bin");
  g_autofree char *fake = g_build_filename (bin, "heaptrack-gtk", NULL);
  g_autofree char *opened = g_build_filename (dir, "opened", NULL);
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho \"$@\" > %s.tmp && mv %s.tmp %s\n",
                                             opened, opened, opened);
  g_autofree char *path_env = g_strdup_printf ("PATH=%s:%s", bin, g_getenv ("PATH"));
  const char *env[] = { path_env, "DISPLAY=:99", NULL };
  const char *argv[] = { recorder (), "-q", "-o", base, "/bin/true", NULL };
  const char *record_only[] = { recorder (), "-q", "--record-only", "-o", base, "/bin/true", NULL };
  g_autofree char *contents = NULL;
  RunResult r = { 0 };

  g_assert_true (g_file_set_contents (fake, script, -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);

  run_in (argv, NULL, env, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  g_assert_true (wait_for_file (opened, 10000));
  g_assert_true (g_file_get_contents (opened, &contents, NULL, NULL));
  g_assert_cmpstr (g_strstrip (contents), ==, trace);
  g_unlink (opened);

  run_in (record_only, NULL, env, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  g_assert_false (wait_for_file (opened, 500));
}

/* ---- raw recording and --symbolize --------------------------------------- */

static void
test_raw (void)
{
  g_autofree char *dir = test_dir ("raw");
  g_autofree char *base = g_build_filename (dir, "sites", NULL);
  g_autofree char *raw = g_strconcat (base, ".raw.zst", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autofree char *named = g_build_filename (dir, "named", NULL);
  g_autofree char *named_trace = g_strconcat (named, ".zst", NULL);
  const char *record[] = { recorder (), "-r", "--record-only", "-o", base,
                           env_path ("WL_SITES"), NULL };
  const char *symbolize[] = { recorder (), "--record-only", "--symbolize", raw, NULL };
  const char *symbolize_to[] = { recorder (), "-q", "--record-only", "--symbolize", raw,
                                 "--sysroot", "/", "--debug-paths", "/usr/lib/debug",
                                 "-o", named, NULL };
  RunResult r = { 0 };

  run (record, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (raw, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (trace, G_FILE_TEST_EXISTS));
  assert_contains (r.err, "--symbolize");
  run_result_clear (&r);

  run (symbolize, &r);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.err, "calls to allocation functions: 1020");
  run_result_clear (&r);
  assert_sites_figures (trace);

  run (symbolize_to, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  assert_sites_figures (named_trace);
}

/* heaptrack.NAME.PID.raw.zst by default */
static void
test_raw_default_name (void)
{
  g_autofree char *dir = test_dir ("raw-default");
  const char *argv[] = { recorder (), "-q", "-r", "/bin/sh", "-c", "echo $$", NULL };
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  RunResult r = { 0 };

  run_in (argv, dir, NULL, &r);
  g_assert_cmpint (r.status, ==, 0);
  name = g_strdup_printf ("heaptrack.sh.%s.raw.zst", g_strstrip (r.out));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  run_result_clear (&r);
}

static void
test_symbolize_errors (void)
{
  g_autofree char *dir = test_dir ("symbolize-errors");
  g_autofree char *missing = g_build_filename (dir, "missing.raw.zst", NULL);
  g_autofree char *odd = g_build_filename (dir, "odd.bin", NULL);
  const char *argv_missing[] = { recorder (), "--symbolize", missing, NULL };
  const char *argv_odd[] = { recorder (), "--symbolize", odd, NULL };
  const char *argv_both[] = { recorder (), "--symbolize", odd, "/bin/true", NULL };
  RunResult r = { 0 };

  run (argv_missing, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, missing);
  assert_contains (r.err, "No such file");
  run_result_clear (&r);

  g_assert_true (g_file_set_contents (odd, "", 0, NULL));
  run (argv_odd, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, odd);
  assert_contains (r.err, "-o");
  run_result_clear (&r);

  run (argv_both, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, "one of PROGRAM");
  run_result_clear (&r);
}

/* What the launcher asks of the symbolizer, whatever the real one can do
 * yet: a stand-in that notes its arguments and copies its input. */
static void
test_symbolizer_arguments (void)
{
  g_autofree char *dir = test_dir ("symbolizer-arguments");
  g_autofree char *fake = g_build_filename (dir, "fake-symbolizer", NULL);
  g_autofree char *args = g_build_filename (dir, "args", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "echo \"$*\" >> %s\n"
                                             "while [ \"$1\" != -o ]; do shift; done\n"
                                             "cat > \"$2\"\n", args);
  g_autofree char *sym_env = g_strdup_printf ("HT_SYMBOLIZER=%s", fake);
  const char *env[] = { sym_env, NULL };
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *raw = g_strconcat (base, ".raw.zst", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  const char *record[] = { recorder (), "-q", "--record-only", "-r", "-o", base, "/bin/true", NULL };
  const char *symbolize[] = { recorder (), "-q", "--record-only", "--symbolize", raw,
                              "--sysroot", "/sys/root", "--debug-paths", "/a:/b", NULL };
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  RunResult r = { 0 };

  g_assert_true (g_file_set_contents (fake, script, -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);

  run_in (record, NULL, env, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  g_assert_true (g_file_test (raw, G_FILE_TEST_IS_REGULAR));

  /* the fake says nothing on descriptor 3: no totals to print */
  run_in (symbolize, NULL, env, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);

  g_assert_true (g_file_get_contents (args, &contents, NULL, NULL));
  expected = g_strdup_printf ("-q --raw -o %s --status-fd 3\n"
                              "-q --sysroot /sys/root --debug-paths /a:/b -o %s --status-fd 3 %s\n",
                              raw, trace, raw);
  g_assert_cmpstr (contents, ==, expected);
}

/* ---- --follow-fork -------------------------------------------------------- */

/* the launcher's side: a listening socket in HT_FOLLOW_FORK_SOCKET, gone
 * afterwards */
static void
test_follow_fork_socket (void)
{
  g_autofree char *dir = test_dir ("follow-fork-socket");
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  const char *argv[] = { recorder (), "-q", "--record-only", "--follow-fork", "-o", base,
                         "/bin/sh", "-c",
                         "test -S \"$HT_FOLLOW_FORK_SOCKET\" && echo \"$HT_FOLLOW_FORK_SOCKET\"",
                         NULL };
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_strstrip (r.out);
  g_assert_true (g_path_is_absolute (r.out));
  g_assert_false (g_file_test (r.out, G_FILE_TEST_EXISTS));
  run_result_clear (&r);
}

/* one trace per forked child and exec'ed program */
static void
test_follow_fork (void)
{
  g_autofree char *dir = test_dir ("follow-fork");
  g_autofree char *base = g_build_filename (dir, "ff", NULL);
  g_autofree char *main_trace = g_strconcat (base, ".zst", NULL);
  const char *argv[] = { recorder (), "--record-only", "--follow-fork", "-o", base,
                         env_path ("LAUNCH_FORK"), NULL };
  int child1 = 0, child2 = 0;
  RunResult r = { 0 };

  run (argv, &r);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (sscanf (r.out, "child1 %d\nchild2 %d", &child1, &child2), ==, 2);
  {
    g_autoptr(HtAnalysis) analysis = load_trace (main_trace);

    g_assert_cmpint (analysis->total.leaked, >=, 10);
  }
  {
    g_autofree char *name = g_strdup_printf ("%s.launch-fork.%d.zst", base, child1);
    g_autofree char *line = g_strdup_printf ("trace of process %d written to %s", child1, name);
    g_autoptr(HtAnalysis) analysis = load_trace (name);

    g_assert_cmpint (analysis->total.allocations, ==, 3);
    g_assert_cmpint (analysis->total.leaked, ==, 60);
    assert_contains (r.err, line);
  }
  {
    g_autofree char *name = g_strdup_printf ("%s.true.%d.zst", base, child2);

    g_assert_true (g_file_test (name, G_FILE_TEST_IS_REGULAR));
  }
  run_result_clear (&r);
}

/* ---- --pid ------------------------------------------------------------------ */

typedef struct
{
  GSubprocess      *proc;
  GOutputStream    *in;
  GDataInputStream *out;
} Target;

static void
target_start_argv (Target             *t,
                   const char * const *argv)
{
  g_autoptr(GError) error = NULL;

  t->proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  t->in = g_subprocess_get_stdin_pipe (t->proc);
  t->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t->proc));
}

static void
target_start (Target     *t,
              const char *program,
              const char *arg)
{
  const char *argv[] = { program, arg, NULL };

  target_start_argv (t, argv);
}

/* one command of launch-target, answered */
static void
target_command (Target *t,
                char    command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  char expected[2] = { command, '\0' };

  g_output_stream_write_all (t->in, &command, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (t->in, NULL, &error);
  g_assert_no_error (error);
  line = g_data_input_stream_read_line_utf8 (t->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, expected);
}

static void
target_wait_ready (Target *t)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (t->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

/* closes its input: launch-target exits 0 */
static void
target_finish (Target *t)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (t->in, NULL, NULL);
  g_subprocess_wait (t->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (subprocess_status (t->proc), ==, 0);
  g_clear_object (&t->out);
  g_clear_object (&t->proc);
}

static GPid
target_pid (Target *t)
{
  return (GPid) atoi (g_subprocess_get_identifier (t->proc));
}

/* NULL when gdb can call a function in a process here, else gdb's words.
 * gdb 13 cannot on some CPUs and kernels (it fails to write back the extended
 * register state); the launcher then refuses before it touches the process. */
static const char *
gdb_call_refused (void)
{
  static gboolean checked;
  static char *reason;
  g_autofree char *gdb = NULL;

  if (checked)
    return reason;
  checked = TRUE;
  gdb = g_find_program_in_path ("gdb");
  if (gdb != NULL)
    {
      const char *argv[] = { gdb, "--batch", "-n", "-q", "-iex", "set startup-with-shell off",
                             "-ex", "catch syscall exit_group", "-ex", "run",
                             "-ex", "print (int) getpid ()", "-ex", "kill",
                             "--args", "/bin/true", NULL };
      RunResult r = { 0 };

      run (argv, &r);
      if (strstr (r.out, "$1 = ") == NULL)
        {
          g_auto(GStrv) lines = g_strsplit (r.err, "\n", -1);
          g_autofree char *complaint = NULL;

          /* gdb's complaint, without the source lines it could not show */
          for (guint i = 0; lines[i] != NULL && complaint == NULL; i++)
            if (strstr (lines[i], "ouldn't") != NULL || strstr (lines[i], "rror") != NULL)
              complaint = g_strdup (lines[i]);
          reason = g_strdup (complaint ? complaint : r.err);
        }
      run_result_clear (&r);
    }
  return reason;
}

/* NULL when gdb can attach here, else why not */
static const char *
attach_unavailable (void)
{
  static gboolean checked;
  static char *reason;
  g_autofree char *gdb = NULL;

  if (checked)
    return reason;
  checked = TRUE;
  gdb = g_find_program_in_path ("gdb");
  if (gdb == NULL)
    reason = g_strdup ("gdb is not installed");
  else
    {
      Target t = { 0 };
      g_autofree char *pid = NULL;
      RunResult r = { 0 };

      target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
      target_wait_ready (&t);
      pid = g_strdup_printf ("%d", (int) target_pid (&t));
      {
        const char *argv[] = { gdb, "--batch", "-n", "-p", pid, "-ex", "detach", NULL };

        run (argv, &r);
      }
      if (strstr (r.out, "detached") == NULL)
        {
          g_autofree char *scope = NULL;

          g_file_get_contents ("/proc/sys/kernel/yama/ptrace_scope", &scope, NULL, NULL);
          reason = g_strdup_printf ("gdb cannot attach to a process here "
                                    "(kernel.yama.ptrace_scope: %s): %s",
                                    scope ? g_strstrip (scope) : "no Yama", r.err);
        }
      else if (gdb_call_refused () != NULL)
        reason = g_strdup_printf ("gdb cannot call functions in a process here: %s",
                                  gdb_call_refused ());
      run_result_clear (&r);
      target_finish (&t);
    }
  return reason;
}

/* skips the test, saying why, when gdb cannot attach here */
static gboolean
skip_without_attach (void)
{
  if (attach_unavailable () == NULL)
    return FALSE;
  g_test_skip (attach_unavailable ());
  return TRUE;
}

typedef struct
{
  GSubprocess      *proc;
  GDataInputStream *err;
  GString          *log;
} Launcher;

/* starts heaptrack-gtk-record --pid and waits until it records */
static void
launcher_attach (Launcher   *l,
                 GPid        pid,
                 const char *base)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  const char *argv[] = { recorder (), "--record-only", "-p", pid_text, "-o", base, NULL };
  char *line;

  l->proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  l->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (l->proc));
  l->log = g_string_new (NULL);
  while ((line = g_data_input_stream_read_line_utf8 (l->err, NULL, NULL, &error)) != NULL)
    {
      gboolean recording = strstr (line, "press Ctrl+C") != NULL;

      g_string_append_printf (l->log, "%s\n", line);
      g_free (line);
      if (recording)
        return;
    }
  g_assert_no_error (error);
  g_error ("the launcher did not start recording:\n%s", l->log->str);
}

/* waits for the launcher's end; its exit status */
static int
launcher_finish (Launcher *l)
{
  g_autoptr(GError) error = NULL;
  char *line;
  int status;

  while ((line = g_data_input_stream_read_line_utf8 (l->err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (l->log, "%s\n", line);
      g_free (line);
    }
  g_assert_no_error (error);
  g_subprocess_wait (l->proc, NULL, &error);
  g_assert_no_error (error);
  status = subprocess_status (l->proc);
  if (status != 0)
    g_printerr ("%s", l->log->str);
  g_clear_object (&l->err);
  g_clear_object (&l->proc);
  return status;
}

/* Attach, five rounds, a library loaded and unloaded after the attach,
 * detach with SIGINT: the process runs on, the trace has exactly what
 * happened in between and says it was attached. */
static void
test_attach_detach (void)
{
  g_autofree char *dir = test_dir ("attach");
  g_autofree char *base = g_build_filename (dir, "att", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autoptr(HtAnalysis) analysis = NULL;
  Target t = { 0 };
  Launcher l = { 0 };

  if (skip_without_attach ())
    return;
  target_start (&t, env_path ("LAUNCH_TARGET"), env_path ("LAUNCH_LIB"));
  target_wait_ready (&t);
  /* before the attach: not in the trace */
  target_command (&t, 'r');
  target_command (&t, 'r');

  launcher_attach (&l, target_pid (&t), base);
  for (int i = 0; i < 5; i++)
    target_command (&t, 'r');
  target_command (&t, 'l');
  target_command (&t, 'c');
  g_subprocess_send_signal (l.proc, SIGINT);
  g_assert_cmpint (launcher_finish (&l), ==, 0);
  assert_contains (l.log->str, "detaching");
  assert_contains (l.log->str, "calls to allocation functions: 5009 (temporary: 5003)");
  g_string_free (l.log, TRUE);

  /* still running, and no longer recorded */
  target_command (&t, 'r');
  target_command (&t, 'r');
  target_finish (&t);

  analysis = load_trace (trace);
  g_assert_true (analysis->data->attached);
  /* 5 rounds of 1001 and launch-lib's 4 */
  g_assert_cmpint (analysis->total.allocations, ==, 5 * 1001 + 4);
  g_assert_cmpint (analysis->total.temporary, ==, 5 * 1000 + 3);
  g_assert_cmpint (analysis->total.leaked, ==, 5 * 100 + 7);
  g_assert_cmpint (analysis->total.peak, ==, 500 + 1000);
}

/* attached until the process ends by itself */
static void
test_attach_until_exit (void)
{
  g_autofree char *dir = test_dir ("attach-exit");
  g_autofree char *base = g_build_filename (dir, "att", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autoptr(HtAnalysis) analysis = NULL;
  Target t = { 0 };
  Launcher l = { 0 };

  if (skip_without_attach ())
    return;
  target_start (&t, env_path ("LAUNCH_TARGET"), env_path ("LAUNCH_LIB"));
  target_wait_ready (&t);
  target_command (&t, 'r');
  launcher_attach (&l, target_pid (&t), base);
  for (int i = 0; i < 3; i++)
    target_command (&t, 'r');
  target_finish (&t);
  g_assert_cmpint (launcher_finish (&l), ==, 0);
  assert_contains (l.log->str, "ended");
  g_string_free (l.log, TRUE);

  analysis = load_trace (trace);
  g_assert_true (analysis->data->attached);
  g_assert_cmpint (analysis->total.allocations, ==, 3 * 1001);
  g_assert_cmpint (analysis->total.temporary, ==, 3 * 1000);
  g_assert_cmpint (analysis->total.leaked, ==, 3 * 100);
}

/* The process attached to execs: the new image has none of our library,
 * so the recording ends there, the launcher says why, and the trace holds
 * what came before (issue 14 §2) */
static void
test_attach_exec (void)
{
  g_autofree char *dir = test_dir ("attach-exec");
  g_autofree char *base = g_build_filename (dir, "att", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autoptr(HtAnalysis) analysis = NULL;
  /* /usr/bin/cat where /bin is a link to usr/bin */
  g_autofree char *cat = realpath ("/bin/cat", NULL);
  g_autofree char *said = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  Target t = { 0 };
  Launcher l = { 0 };

  if (skip_without_attach ())
    return;
  g_assert_nonnull (cat);
  said = g_strdup_printf ("exec'ed %s: the recording ends there", cat);
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  launcher_attach (&l, target_pid (&t), base);
  target_command (&t, 'r');
  /* an exec loses what the flush thread has not sent yet: the round is in
   * the trace, which grows in place, before the exec */
  for (;;)
    {
      g_autoptr(HtAnalysis) so_far = ht_analysis_load (trace, NULL, NULL, NULL, NULL, NULL);

      if (so_far != NULL && so_far->total.allocations == 1001)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  target_command (&t, 'x');
  g_assert_cmpint (launcher_finish (&l), ==, 0);
  assert_contains (l.log->str, said);
  g_string_free (l.log, TRUE);
  target_finish (&t);

  analysis = load_trace (trace);
  g_assert_true (analysis->data->attached);
  g_assert_cmpint (analysis->total.allocations, ==, 1001);
  g_assert_cmpint (analysis->total.temporary, ==, 1000);
  g_assert_cmpint (analysis->total.leaked, ==, 100);
}

/* Attach again after a detach: a second trace with only what happened in
 * its own time. */
static void
test_attach_twice (void)
{
  g_autofree char *dir = test_dir ("attach-twice");
  g_autofree char *first = g_build_filename (dir, "first", NULL);
  g_autofree char *second = g_build_filename (dir, "second", NULL);
  g_autofree char *trace = g_strconcat (second, ".zst", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;
  Target t = { 0 };
  Launcher l = { 0 };

  if (skip_without_attach ())
    return;
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  launcher_attach (&l, target_pid (&t), first);
  target_command (&t, 'r');
  g_subprocess_send_signal (l.proc, SIGINT);
  g_assert_cmpint (launcher_finish (&l), ==, 0);
  g_string_free (l.log, TRUE);

  launcher_attach (&l, target_pid (&t), second);
  target_command (&t, 'r');
  target_command (&t, 'r');
  g_subprocess_send_signal (l.proc, SIGINT);
  g_assert_cmpint (launcher_finish (&l), ==, 0);
  g_string_free (l.log, TRUE);
  target_finish (&t);

  analysis = ht_analysis_load (trace, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (analysis->data->attached);
  g_assert_cmpint (analysis->total.allocations, ==, 2 * 1001);
  g_assert_cmpint (analysis->total.leaked, ==, 2 * 100);
}

/* Whether user nobody passes `test OP PATH`: the build tree may sit in a
 * folder only we may enter (mktemp -d makes them so). */
static gboolean
nobody_may (const char *setpriv,
            const char *op,
            const char *path)
{
  const char *argv[] = { setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                         "test", op, path, NULL };
  RunResult r = { 0 };

  run (argv, &r);
  run_result_clear (&r);
  return r.status == 0;
}

/* root records another user's process: the process must reach our socket;
 * SIGTERM detaches like SIGINT */
static void
test_attach_other_user (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *dir = test_dir ("attach-other-user");
  g_autofree char *base = g_build_filename (dir, "att", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autoptr(HtAnalysis) analysis = NULL;
  const char *argv[] = { setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                         env_path ("LAUNCH_TARGET"), NULL };
  Target t = { 0 };
  Launcher l = { 0 };

  if (skip_without_attach ())
    return;
  if (getuid () != 0 || setpriv == NULL)
    {
      g_test_skip ("running a process as another user needs root and setpriv");
      return;
    }
  if (!nobody_may (setpriv, "-r", env_path ("HT_PRELOAD_LIB")))
    {
      g_test_skip ("user nobody cannot read the preload library in this build tree");
      return;
    }
  target_start_argv (&t, argv);
  target_wait_ready (&t);
  launcher_attach (&l, target_pid (&t), base);
  target_command (&t, 'r');
  target_command (&t, 'r');
  g_subprocess_send_signal (l.proc, SIGTERM);
  g_assert_cmpint (launcher_finish (&l), ==, 0);
  g_string_free (l.log, TRUE);
  target_command (&t, 'r');
  target_finish (&t);

  analysis = load_trace (trace);
  g_assert_true (analysis->data->attached);
  g_assert_cmpint (analysis->total.allocations, ==, 2 * 1001);
  g_assert_cmpint (analysis->total.temporary, ==, 2 * 1000);
  g_assert_cmpint (analysis->total.leaked, ==, 2 * 100);
}

/* the symbolizer fails while attached: an error, no trace, and the
 * process is detached and runs on */
static void
test_attach_symbolizer_fails (void)
{
  g_autofree char *dir = test_dir ("attach-symbolizer-fails");
  g_autofree char *fake = g_build_filename (dir, "failing-symbolizer", NULL);
  g_autofree char *base = g_build_filename (dir, "att", NULL);
  g_autofree char *pid = NULL;
  g_autofree char *files = NULL;
  RunResult r = { 0 };
  Target t = { 0 };

  if (skip_without_attach ())
    return;
  g_assert_true (g_file_set_contents (fake, "#!/bin/sh\necho \"symbolizer: broken\" >&2\nexit 1\n",
                                      -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));
  {
    g_autofree char *sym_env = g_strdup_printf ("HT_SYMBOLIZER=%s", fake);
    const char *env[] = { sym_env, NULL };
    const char *argv[] = { recorder (), "--record-only", "-o", base, "-p", pid, NULL };

    run_in (argv, NULL, env, &r);
  }
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, "symbolizer: broken");
  assert_contains (r.err, "no trace was written");
  files = listing (dir);
  g_assert_cmpstr (files, ==, "failing-symbolizer");
  run_result_clear (&r);
  target_command (&t, 'r');
  target_finish (&t);
}

static void assert_attach_refused (const char         *pid,
                                   const char * const *env,
                                   const char         *message);

/* a process that heaptrack-gtk-record started, or that has another copy of
 * the recorder library loaded */
static void
test_attach_recorded (void)
{
  g_autofree char *dir = test_dir ("attach-recorded");
  g_autofree char *base = g_build_filename (dir, "run", NULL);
  g_autofree char *copy_dir = test_dir ("attach-recorded/copy");
  g_autofree char *copy = g_build_filename (copy_dir, "libheaptrack-gtk-preload.so", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *record[] = { recorder (), "--record-only", "-o", base, env_path ("LAUNCH_TARGET"), NULL };
  const char *target[] = { env_path ("LAUNCH_TARGET"), NULL };
  gsize len;
  g_autoptr(GDataInputStream) err = NULL;
  Target t = { 0 };
  char *line;

  if (skip_without_attach ())
    return;
  /* the launcher's stdin and stdout are the program's */
  t.proc = g_subprocess_newv (record, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  t.in = g_subprocess_get_stdin_pipe (t.proc);
  t.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t.proc));
  target_wait_ready (&t);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (t.proc));
  while ((line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      const char *p = strstr (line, "(pid ");

      if (p != NULL)
        pid = g_strndup (p + 5, strcspn (p + 5, ")"));
      g_free (line);
      if (pid != NULL)
        break;
    }
  g_assert_nonnull (pid);
  message = g_strdup_printf ("process %s is being recorded already", pid);
  assert_attach_refused (pid, NULL, message);
  target_finish (&t);

  g_assert_true (g_file_get_contents (env_path ("HT_PRELOAD_LIB"), &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", copy, TRUE);
  t.proc = g_subprocess_launcher_spawnv (launcher, target, &error);
  g_assert_no_error (error);
  t.in = g_subprocess_get_stdin_pipe (t.proc);
  t.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t.proc));
  target_wait_ready (&t);
  g_free (pid);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));
  assert_attach_refused (pid, NULL, "another heaptrack-gtk recorder loaded already");
  target_finish (&t);
}

/* runs --pid PID with @env added; checks the status, the message, and that
 * no trace was left */
static void
assert_attach_refused (const char         *pid,
                       const char * const *env,
                       const char         *message)
{
  g_autofree char *dir = test_dir ("attach-refused");
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  g_autofree char *files = NULL;
  const char *argv[] = { recorder (), "--record-only", "-o", base, "-p", pid, NULL };
  RunResult r = { 0 };

  run_in (argv, NULL, env, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, message);
  files = listing (dir);
  g_assert_cmpstr (files, ==, "");
  run_result_clear (&r);
}

static void
test_attach_errors (void)
{
  g_autofree char *pid_max = NULL;
  g_autofree char *no_such = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *no_process = NULL;
  const char *no_gdb[] = { "PATH=/nonexistent", NULL };
  Target t = { 0 };

  /* pids stay below pid_max */
  g_assert_true (g_file_get_contents ("/proc/sys/kernel/pid_max", &pid_max, NULL, NULL));
  no_such = g_strdup (g_strstrip (pid_max));
  no_process = g_strdup_printf ("there is no process with pid %s", no_such);
  assert_attach_refused (no_such, NULL, no_process);
  assert_attach_refused ("12ab", NULL, "--pid 12ab: not a process id");

  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));
  assert_attach_refused (pid, no_gdb, "install the gdb package");
  {
    const char *argv[] = { recorder (), "--follow-fork", "-p", pid, NULL };
    RunResult r = { 0 };

    run (argv, &r);
    g_assert_cmpint (r.status, ==, 125);
    assert_contains (r.err, "--follow-fork");
    run_result_clear (&r);
  }
  target_command (&t, 'r');
  target_finish (&t);
}

/* where gdb cannot call functions in a process, the launcher says so and
 * leaves the process as it was, instead of breaking it with a call half made */
static void
test_attach_call_refused (void)
{
  g_autofree char *pid = NULL;
  Target t = { 0 };

  if (gdb_call_refused () == NULL)
    {
      g_test_skip ("gdb can call functions in a process here");
      return;
    }
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));
  assert_attach_refused (pid, NULL, "cannot call functions in a process on this machine");
  target_command (&t, 'r');
  target_finish (&t);
}

static void
test_attach_static (void)
{
  const char *program = g_getenv ("LAUNCH_STATIC");
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  const char *argv[] = { program, NULL };

  if (program == NULL)
    {
      g_test_skip ("no static C library to build launch-static");
      return;
    }
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  pid = g_strdup (g_subprocess_get_identifier (proc));
  assert_attach_refused (pid, NULL, "statically linked");
  g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, NULL);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
}

/* a process of another user */
static void
test_attach_not_permitted (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *pid = NULL;
  g_autofree char *dir = test_dir ("attach-not-permitted");
  g_autofree char *base = g_build_filename (dir, "t", NULL);
  Target t = { 0 };
  RunResult r = { 0 };

  if (getuid () != 0 || setpriv == NULL)
    {
      g_test_skip ("running the launcher as another user needs root and setpriv");
      return;
    }
  if (!nobody_may (setpriv, "-x", recorder ()))
    {
      g_test_skip ("user nobody cannot run the launcher in this build tree");
      return;
    }
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));
  {
    const char *argv[] = { setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                           recorder (), "--record-only", "-o", base, "-p", pid, NULL };

    run (argv, &r);
  }
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, "belongs to another user");
  assert_contains (r.err, "root");
  run_result_clear (&r);
  target_command (&t, 'r');
  target_finish (&t);
}

/* what Yama's ptrace_scope asks for, where it is on and we are not root */
static void
test_attach_ptrace_scope (void)
{
  g_autofree char *scope = NULL;
  Target t = { 0 };
  g_autofree char *pid = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/yama/ptrace_scope", &scope, NULL, NULL))
    {
      g_test_skip ("no Yama LSM here (/proc/sys/kernel/yama/ptrace_scope)");
      return;
    }
  if (atoi (scope) == 0 || getuid () == 0)
    {
      g_test_skip ("ptrace_scope is 0 or we are root: attaching is allowed");
      return;
    }
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));
  assert_attach_refused (pid, NULL, "ptrace_scope");
  target_finish (&t);
}

/* the same advice from Yama's settings as the launcher reads them, where
 * this kernel has no Yama or lets us attach */
static void
test_attach_ptrace_scope_advice (void)
{
  g_autofree char *file = g_build_filename (workdir, "ptrace_scope", NULL);
  g_autofree char *env_file = g_strconcat ("HT_PTRACE_SCOPE_FILE=", file, NULL);
  const char *env[] = { env_file, NULL };
  Target t = { 0 };
  g_autofree char *pid = NULL;

  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid = g_strdup_printf ("%d", (int) target_pid (&t));

  g_assert_true (g_file_set_contents (file, "3\n", -1, NULL));
  assert_attach_refused (pid, env, "kernel.yama.ptrace_scope is 3: attaching is disabled");
  if (getuid () != 0)
    {
      g_assert_true (g_file_set_contents (file, "1\n", -1, NULL));
      assert_attach_refused (pid, env, "sudo sysctl kernel.yama.ptrace_scope=0");
    }
  g_unlink (file);
  target_finish (&t);
}

/* ---- --status-fd --------------------------------------------------------- */

/* the descriptor the launcher gets for its status lines */
#define STATUS_FD 7

/* a launcher run with --status-fd, its lines read as they come */
typedef struct
{
  GSubprocess *proc;
  int          fd;      /* our end of its status pipe */
  GString     *pending; /* read, not yet a whole line */
  GPtrArray   *lines;   /* char*, every line so far, as written */
} StatusRun;

/* starts the launcher with --status-fd and then @args */
static void
status_start (StatusRun          *s,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *option = g_strdup_printf ("--status-fd=%d", STATUS_FD);
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  g_ptr_array_add (argv, (gpointer) recorder ());
  g_ptr_array_add (argv, option);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* the workloads' output would go into the TAP stream */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], STATUS_FD);
  s->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* our copy of the writing end: the launcher's exit ends the lines */
  g_subprocess_launcher_close (launcher);
  s->fd = fds[0];
  s->pending = g_string_new (NULL);
  s->lines = g_ptr_array_new_with_free_func (g_free);
}

/* the next status line, escaped as it came; NULL at the end */
static const char *
status_next (StatusRun *s)
{
  char *newline;

  while ((newline = strchr (s->pending->str, '\n')) == NULL)
    {
      char chunk[256];
      gssize n = read (s->fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_assert_cmpstr (s->pending->str, ==, "");
          return NULL;
        }
      g_string_append_len (s->pending, chunk, n);
    }
  g_ptr_array_add (s->lines, g_strndup (s->pending->str, newline - s->pending->str));
  g_string_erase (s->pending, 0, newline + 1 - s->pending->str);
  return g_ptr_array_index (s->lines, s->lines->len - 1);
}

/* reads lines up to the first that starts with @prefix; returns it */
static const char *
status_wait_for (StatusRun  *s,
                 const char *prefix)
{
  const char *line;

  while ((line = status_next (s)) != NULL)
    if (g_str_has_prefix (line, prefix))
      return line;
  g_error ("no status line \"%s...\"", prefix);
}

/* reads the rest, waits for the launcher; its exit status, which the
 * last line, and only that one, says */
static int
status_finish (StatusRun *s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exit_line = NULL;
  int status;

  while (status_next (s) != NULL)
    ;
  close (s->fd);
  g_string_free (s->pending, TRUE);
  g_subprocess_wait (s->proc, NULL, &error);
  g_assert_no_error (error);
  status = subprocess_status (s->proc);
  g_clear_object (&s->proc);
  exit_line = g_strdup_printf ("exit %d", status);
  g_assert_cmpuint (s->lines->len, >, 0);
  g_assert_cmpstr (g_ptr_array_index (s->lines, s->lines->len - 1), ==, exit_line);
  for (guint i = 0; i + 1 < s->lines->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (s->lines, i), "exit "));
  return status;
}

static void
status_clear (StatusRun *s)
{
  g_clear_pointer (&s->lines, g_ptr_array_unref);
}

/* "KEYWORD PID" */
static char *
status_line (const char *keyword,
             GPid        pid)
{
  return g_strdup_printf ("%s %d", keyword, (int) pid);
}

/* "KEYWORD PID PATH", the path escaped */
static char *
status_path_line (const char *keyword,
                  GPid        pid,
                  const char *path)
{
  g_autofree char *escaped = g_strescape (path, NULL);

  return g_strdup_printf ("%s %d %s", keyword, (int) pid, escaped);
}

/* the PID of a "KEYWORD PID..." line */
static GPid
status_pid (const char *line)
{
  const char *space = strchr (line, ' ');

  g_assert_nonnull (space);
  return (GPid) atoi (space + 1);
}

/* the PATH or MESSAGE of a "KEYWORD PID PATH" line, unescaped */
static char *
status_text (const char *line)
{
  const char *space = strchr (line, ' ');

  g_assert_nonnull (space);
  space = strchr (space + 1, ' ');
  g_assert_nonnull (space);
  return g_strcompress (space + 1);
}

/* whether a recorder holds the trace at @path (flock LOCK_SH|LOCK_NB, as
 * a follower probes) */
static gboolean
trace_locked (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean locked;

  g_assert_cmpint (fd, >=, 0);
  locked = flock (fd, LOCK_SH | LOCK_NB) != 0;
  if (locked)
    g_assert_cmpint (errno, ==, EWOULDBLOCK);
  close (fd);
  return locked;
}

/* a launched program: started, trace, written, exit with its status; the
 * trace (in a folder whose name needs escaping) has its exact figures */
static void
test_status_launched (void)
{
  g_autofree char *dir = test_dir ("status launched\tü");
  g_autofree char *base = g_build_filename (dir, "s", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  const char *args[] = { "-q", "--record-only", "-o", base, env_path ("WL_SITES"), NULL };
  const char *slow_args[] = { "-q", "--record-only", "-o", base, env_path ("LAUNCH_SLOW"), "30", "7", NULL };
  StatusRun s = { 0 };
  GPid pid;

  status_start (&s, args);
  g_assert_cmpint (status_finish (&s), ==, 0);
  g_assert_cmpuint (s.lines->len, ==, 4);
  pid = status_pid (g_ptr_array_index (s.lines, 0));
  {
    g_autofree char *started = status_line ("started", pid);
    g_autofree char *traced = status_path_line ("trace", pid, trace);
    g_autofree char *written = status_path_line ("written", pid, trace);
    g_autofree char *path = status_text (g_ptr_array_index (s.lines, 1));

    g_assert_cmpstr (g_ptr_array_index (s.lines, 0), ==, started);
    g_assert_cmpstr (g_ptr_array_index (s.lines, 1), ==, traced);
    g_assert_cmpstr (g_ptr_array_index (s.lines, 2), ==, written);
    /* escaped: the tab and the ü are no raw bytes on the line */
    g_assert_null (strchr (g_ptr_array_index (s.lines, 1), '\t'));
    g_assert_cmpstr (path, ==, trace);
  }
  assert_sites_figures (trace);
  g_assert_false (trace_locked (trace));
  status_clear (&s);

  /* the program's own exit status, last */
  status_start (&s, slow_args);
  g_assert_cmpint (status_finish (&s), ==, 7);
  g_assert_cmpuint (s.lines->len, ==, 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (s.lines, 2), "written "));
  g_assert_cmpstr (g_ptr_array_index (s.lines, 3), ==, "exit 7");
  status_clear (&s);
}

/* a wrapper script that execs the workload: a trace line for each program
 * image, of the same process, and each written */
static void
test_status_exec (void)
{
  g_autofree char *dir = test_dir ("status-exec");
  g_autofree char *base = g_build_filename (dir, "w", NULL);
  g_autofree char *wrapper = g_build_filename (dir, "wrapper", NULL);
  g_autofree char *first = g_strconcat (base, ".zst", NULL);
  const char *args[] = { "-q", "--record-only", "-o", base, wrapper, env_path ("WL_SITES"), NULL };
  g_autofree char *second = NULL;
  g_autofree char *started = NULL;
  StatusRun s = { 0 };
  guint written = 0;
  GPid pid;

  g_assert_true (g_file_set_contents (wrapper, "#!/bin/sh\nexec \"$@\"\n", -1, NULL));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
  status_start (&s, args);
  g_assert_cmpint (status_finish (&s), ==, 0);
  g_assert_cmpuint (s.lines->len, ==, 6);
  pid = status_pid (g_ptr_array_index (s.lines, 0));
  started = status_line ("started", pid);
  g_assert_cmpstr (g_ptr_array_index (s.lines, 0), ==, started);
  {
    g_autofree char *traced = status_path_line ("trace", pid, first);

    g_assert_cmpstr (g_ptr_array_index (s.lines, 1), ==, traced);
  }
  /* the program it became: a trace of its own, named after it */
  g_assert_cmpint (status_pid (g_ptr_array_index (s.lines, 2)), ==, pid);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (s.lines, 2), "trace "));
  second = status_text (g_ptr_array_index (s.lines, 2));
  {
    g_autofree char *name = g_strdup_printf ("%s.wl-sites-rec.%d.zst", base, (int) pid);

    g_assert_cmpstr (second, ==, name);
  }
  /* both written, in the order their symbolizers ended */
  for (guint i = 3; i < 5; i++)
    {
      g_autofree char *of_first = status_path_line ("written", pid, first);
      g_autofree char *of_second = status_path_line ("written", pid, second);
      const char *line = g_ptr_array_index (s.lines, i);

      g_assert_true (g_str_equal (line, of_first) || g_str_equal (line, of_second));
      written |= g_str_equal (line, of_first) ? 1 : 2;
    }
  g_assert_cmpuint (written, ==, 3);
  assert_sites_figures (second);
  status_clear (&s);
}

/* a missing program: the launcher's error, then its exit status */
static void
test_status_missing (void)
{
  const char *args[] = { "--record-only", "ht-no-such-program", NULL };
  StatusRun s = { 0 };

  status_start (&s, args);
  g_assert_cmpint (status_finish (&s), ==, 127);
  g_assert_cmpuint (s.lines->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (s.lines, 0), ==,
                   "error ht-no-such-program: command not found");
  status_clear (&s);
}

/* --status-fd of a descriptor that is not open: said, before anything runs */
static void
test_status_bad_fd (void)
{
  g_autofree char *dir = test_dir ("status-bad-fd");
  const char *argv[] = { recorder (), "--record-only", "--status-fd=57", env_path ("WL_SITES"), NULL };
  g_autofree char *files = NULL;
  RunResult r = { 0 };

  run_in (argv, dir, NULL, &r);
  g_assert_cmpint (r.status, ==, 125);
  assert_contains (r.err, "--status-fd=57: no such open file descriptor");
  /* nothing ran: no trace */
  files = listing (dir);
  g_assert_cmpstr (files, ==, "");
  run_result_clear (&r);
}

/* The trace is locked while it is recorded (a follower's probe fails),
 * and free once written */
static void
test_status_lock (void)
{
  g_autofree char *dir = test_dir ("status-lock");
  g_autofree char *base = g_build_filename (dir, "l", NULL);
  const char *args[] = { "-q", "--record-only", "-o", base, env_path ("LAUNCH_SLOW"), "1500", "0", NULL };
  g_autofree char *trace = NULL;
  StatusRun s = { 0 };

  status_start (&s, args);
  trace = status_text (status_wait_for (&s, "trace "));
  g_assert_true (trace_locked (trace));
  g_usleep (500 * 1000);
  g_assert_true (trace_locked (trace));
  status_wait_for (&s, "written ");
  g_assert_false (trace_locked (trace));
  g_assert_cmpint (status_finish (&s), ==, 0);
  {
    g_autoptr(HtAnalysis) analysis = load_trace (trace);

    /* launch-slow: 1024 bytes every 10 ms, kept, and stdio's buffer for
     * the line it prints at the end */
    g_assert_cmpint (analysis->total.allocations, ==, 150 + 1);
    g_assert_cmpint (analysis->total.leaked - 150 * 1024, >, 0);
    g_assert_cmpint (analysis->total.leaked - 150 * 1024, <=, 65536);
  }
  status_clear (&s);
}

/* SIGINT to the program (as the application's Stop does): the launcher
 * writes the trace out, complete, and exits with the program's 130 */
static void
test_status_sigint (void)
{
  g_autofree char *dir = test_dir ("status-sigint");
  g_autofree char *base = g_build_filename (dir, "i", NULL);
  const char *args[] = { "-q", "--record-only", "-o", base, env_path ("LAUNCH_SLOW"), "60000", "0", NULL };
  g_autofree char *trace = NULL;
  g_autofree char *written = NULL;
  StatusRun s = { 0 };
  GPid pid;

  status_start (&s, args);
  pid = status_pid (status_wait_for (&s, "started "));
  trace = status_text (status_wait_for (&s, "trace "));
  g_usleep (300 * 1000);
  g_assert_cmpint (kill (pid, SIGINT), ==, 0);
  g_assert_cmpint (status_finish (&s), ==, 130);
  written = status_path_line ("written", pid, trace);
  g_assert_cmpstr (g_ptr_array_index (s.lines, s.lines->len - 2), ==, written);
  g_assert_false (trace_locked (trace));
  {
    g_autoptr(HtAnalysis) analysis = load_trace (trace);

    /* whatever it did until the signal, all there: every block kept */
    g_assert_cmpint (analysis->total.allocations, >=, 10);
    g_assert_cmpint (analysis->total.leaked, ==, analysis->total.allocations * 1024);
    g_assert_cmpint (analysis->total.peak, ==, analysis->total.leaked);
  }
  status_clear (&s);
}

/* the symbolizer killed: `failed`, no `written`; the trace is no longer
 * locked (its recorder died) and the program keeps its status */
static void
test_status_failed (void)
{
  g_autofree char *dir = test_dir ("status-failed");
  g_autofree char *base = g_build_filename (dir, "f", NULL);
  const char *args[] = { "-q", "--record-only", "-o", base, env_path ("LAUNCH_SLOW"), "1500", "3", NULL };
  g_autofree char *trace = NULL;
  g_autofree char *failed = NULL;
  StatusRun s = { 0 };
  GPid pid, symbolizer;

  status_start (&s, args);
  pid = status_pid (status_wait_for (&s, "started "));
  trace = status_text (status_wait_for (&s, "trace "));
  symbolizer = symbolizer_of ((GPid) atoi (g_subprocess_get_identifier (s.proc)));
  g_assert_cmpint (symbolizer, >, 0);
  kill_it (symbolizer);
  g_assert_cmpint (status_finish (&s), ==, 3);
  g_assert_cmpuint (s.lines->len, ==, 4);
  failed = status_text (g_ptr_array_index (s.lines, 2));
  g_assert_cmpint (status_pid (g_ptr_array_index (s.lines, 2)), ==, pid);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (s.lines, 2), "failed "));
  {
    g_autofree char *message = g_strdup_printf ("recording process %d failed: its symbolizer was "
                                                "killed by signal 9 (Killed)", (int) pid);

    g_assert_true (g_str_has_prefix (failed, message));
  }
  g_assert_false (trace_locked (trace));
  status_clear (&s);
}

/* --pid: started once attached; SIGINT to the launcher detaches: detached,
 * written, exit 0; the process runs on and the trace has exactly what it
 * did in between */
static void
test_status_attach (void)
{
  g_autofree char *dir = test_dir ("status-attach");
  g_autofree char *base = g_build_filename (dir, "a", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autofree char *pid_text = NULL;
  Target t = { 0 };
  StatusRun s = { 0 };

  if (skip_without_attach ())
    return;
  target_start (&t, env_path ("LAUNCH_TARGET"), NULL);
  target_wait_ready (&t);
  pid_text = g_strdup_printf ("%d", (int) target_pid (&t));
  {
    const char *args[] = { "-q", "--record-only", "-p", pid_text, "-o", base, NULL };
    g_autofree char *started = status_line ("started", target_pid (&t));
    g_autofree char *traced = status_path_line ("trace", target_pid (&t), trace);
    g_autofree char *detached = status_line ("detached", target_pid (&t));
    g_autofree char *written = status_path_line ("written", target_pid (&t), trace);

    status_start (&s, args);
    g_assert_cmpstr (status_next (&s), ==, started);
    g_assert_cmpstr (status_next (&s), ==, traced);
    g_assert_true (trace_locked (trace));
    target_command (&t, 'r');
    target_command (&t, 'r');
    g_subprocess_send_signal (s.proc, SIGINT);
    g_assert_cmpint (status_finish (&s), ==, 0);
    g_assert_cmpuint (s.lines->len, ==, 5);
    g_assert_cmpstr (g_ptr_array_index (s.lines, 2), ==, detached);
    g_assert_cmpstr (g_ptr_array_index (s.lines, 3), ==, written);
  }
  /* it runs on */
  target_command (&t, 'r');
  target_finish (&t);
  {
    g_autoptr(HtAnalysis) analysis = load_trace (trace);

    g_assert_cmpint (analysis->total.allocations, ==, 2 * 1001);
    g_assert_cmpint (analysis->total.leaked, ==, 2 * 100);
  }
  status_clear (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  workdir = g_dir_make_tmp ("ht-launcher-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ht/launcher/default-name", test_default_name);
  g_test_add_func ("/ht/launcher/output-pattern", test_output_pattern);
  g_test_add_func ("/ht/launcher/totals", test_totals);
  g_test_add_func ("/ht/launcher/totals-missing", test_totals_missing);
  g_test_add_func ("/ht/launcher/help-version", test_help_version);
  g_test_add_func ("/ht/launcher/exit-status", test_exit_status);
  g_test_add_func ("/ht/launcher/missing-program", test_missing_program);
  g_test_add_func ("/ht/launcher/not-executable", test_not_executable);
  g_test_add_func ("/ht/launcher/static-program", test_static_program);
  g_test_add_func ("/ht/launcher/setuid-program", test_setuid_program);
  g_test_add_func ("/ht/launcher/unwritable-folder", test_unwritable_folder);
  g_test_add_func ("/ht/launcher/full-disk", test_full_disk);
  g_test_add_func ("/ht/launcher/exec/wrapper", test_exec_wrapper);
  g_test_add_func ("/ht/launcher/exec/env", test_exec_env);
  g_test_add_func ("/ht/launcher/exec/wrapper-with-helpers", test_exec_wrapper_with_helpers);
  g_test_add_func ("/ht/launcher/fault/symbolizer-killed", test_fault_symbolizer_killed);
  g_test_add_func ("/ht/launcher/fault/symbolizer-out-of-memory", test_fault_symbolizer_out_of_memory);
  g_test_add_func ("/ht/launcher/opens-gui", test_opens_gui);
  g_test_add_func ("/ht/launcher/raw", test_raw);
  g_test_add_func ("/ht/launcher/raw-default-name", test_raw_default_name);
  g_test_add_func ("/ht/launcher/symbolize-errors", test_symbolize_errors);
  g_test_add_func ("/ht/launcher/symbolizer-arguments", test_symbolizer_arguments);
  g_test_add_func ("/ht/launcher/follow-fork/socket", test_follow_fork_socket);
  g_test_add_func ("/ht/launcher/follow-fork/traces", test_follow_fork);
  g_test_add_func ("/ht/launcher/attach/detach", test_attach_detach);
  g_test_add_func ("/ht/launcher/attach/until-exit", test_attach_until_exit);
  g_test_add_func ("/ht/launcher/attach/exec", test_attach_exec);
  g_test_add_func ("/ht/launcher/attach/twice", test_attach_twice);
  g_test_add_func ("/ht/launcher/attach/other-user", test_attach_other_user);
  g_test_add_func ("/ht/launcher/attach/recorded", test_attach_recorded);
  g_test_add_func ("/ht/launcher/attach/symbolizer-fails", test_attach_symbolizer_fails);
  g_test_add_func ("/ht/launcher/attach/errors", test_attach_errors);
  g_test_add_func ("/ht/launcher/attach/call-refused", test_attach_call_refused);
  g_test_add_func ("/ht/launcher/attach/static", test_attach_static);
  g_test_add_func ("/ht/launcher/attach/not-permitted", test_attach_not_permitted);
  g_test_add_func ("/ht/launcher/attach/ptrace-scope", test_attach_ptrace_scope);
  g_test_add_func ("/ht/launcher/attach/ptrace-scope-advice", test_attach_ptrace_scope_advice);
  g_test_add_func ("/ht/launcher/status/launched", test_status_launched);
  g_test_add_func ("/ht/launcher/status/exec", test_status_exec);
  g_test_add_func ("/ht/launcher/status/missing", test_status_missing);
  g_test_add_func ("/ht/launcher/status/bad-fd", test_status_bad_fd);
  g_test_add_func ("/ht/launcher/status/lock", test_status_lock);
  g_test_add_func ("/ht/launcher/status/sigint", test_status_sigint);
  g_test_add_func ("/ht/launcher/status/failed", test_status_failed);
  g_test_add_func ("/ht/launcher/status/attach", test_status_attach);

  ret = g_test_run ();
  remove_tree (workdir);
  g_free (workdir);
  return ret;
}
