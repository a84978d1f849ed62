/* test-recorder.c: heaptrack-gtk-record on workloads with known figures
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records tests/workloads/wl-sites.c with our own recorder and checks the
 * exact figures of its header comment (no libstdc++ pool: our preload
 * library does not link libstdc++), the symbols of its sites, that Debian's
 * heaptrack_print reads the trace without a warning, and the launcher's exit
 * statuses.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ht-analysis.h"
#include "ht-report.h"

static char *workdir;

typedef struct
{
  int   status;   /* exit status, or 128 + signal */
  char *out;
  char *err;
} RunResult;

static void
run_result_clear (RunResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void
run (const char * const *argv,
     RunResult          *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  proc = g_subprocess_newv (argv,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (proc))
    r->status = 128 + g_subprocess_get_term_sig (proc);
  else
    r->status = g_subprocess_get_exit_status (proc);
}

static const char *
recorder (void)
{
  const char *path = g_getenv ("HT_RECORD");

  g_assert_nonnull (path);
  return path;
}

/* Records wl-sites once for all the tests that read its trace. */
static const char *
sites_trace (void)
{
  static char *trace;

  if (trace == NULL)
    {
      g_autofree char *base = g_build_filename (workdir, "x", NULL);
      const char *argv[] = {
        recorder (), "--record-only", "-o", base, g_getenv ("WL_SITES"), NULL
      };
      RunResult r = { 0 };

      g_assert_nonnull (argv[4]);
      run (argv, &r);
      if (r.status != 0)
        g_printerr ("%s", r.err);
      g_assert_cmpint (r.status, ==, 0);
      run_result_clear (&r);
      trace = g_strconcat (base, ".zst", NULL);
      g_assert_true (g_file_test (trace, G_FILE_TEST_IS_REGULAR));
    }
  return trace;
}

/* Records the workload named by the environment variable @name. */
static HtAnalysis *
record_and_load (const char *name)
{
  g_autofree char *base = g_build_filename (workdir, name, NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { recorder (), "-q", "--record-only", "-o", base, g_getenv (name), NULL };
  RunResult r = { 0 };
  HtAnalysis *analysis;

  g_assert_nonnull (argv[5]);
  run (argv, &r);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);

  analysis = ht_analysis_load (trace, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_false (analysis->truncated);
  g_assert_cmpint (analysis->warnings->len, ==, 0);
  return analysis;
}

static void
test_sites_figures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;

  analysis = ht_analysis_load (sites_trace (), NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_false (analysis->truncated);
  g_assert_cmpint (analysis->warnings->len, ==, 0);

  g_assert_cmpint (analysis->total.allocations, ==, 1020);
  g_assert_cmpint (analysis->total.temporary, ==, 1004);
  g_assert_cmpint (analysis->total.peak, ==, 10635);
  g_assert_cmpint (analysis->total.leaked, ==, 385);
}

static void
test_sites_symbols (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const char *wanted[] = { "alloc_leaf", "temp_loop", "recurse" };
  gboolean found[G_N_ELEMENTS (wanted)] = { FALSE, };

  analysis = ht_analysis_load (sites_trace (), NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  groups = ht_report_group_by_leaf (analysis, NULL);
  g_assert_nonnull (groups);
  for (guint i = 0; i < groups->len; i++)
    {
      const HtLeafGroup *group = g_ptr_array_index (groups, i);
      const HtIp *ip = ht_trace_data_ip (analysis->data, group->leaf_ip);
      const char *function = ht_trace_data_get_string (analysis->data, ip->frame.function);
      const char *file = ht_trace_data_get_string (analysis->data, ip->frame.file);

      for (guint k = 0; k < G_N_ELEMENTS (wanted); k++)
        if (g_strcmp0 (function, wanted[k]) == 0)
          {
            g_assert_nonnull (file);
            g_assert_true (g_str_has_suffix (file, "wl-sites.c"));
            g_assert_cmpuint (ip->frame.line, >, 0);
            found[k] = TRUE;
          }
    }
  for (guint k = 0; k < G_N_ELEMENTS (wanted); k++)
    {
      if (!found[k])
        g_printerr ("leaf function %s not found\n", wanted[k]);
      g_assert_true (found[k]);
    }
}

/* Rust's legacy names lose their hash and escapes; skipped without rustc */
static void
test_rust (void)
{
  g_autofree char *rustc = g_find_program_in_path ("rustc");
  g_autofree char *source = g_build_filename (workdir, "r.rs", NULL);
  g_autofree char *program = g_build_filename (workdir, "r", NULL);
  g_autofree char *base = g_build_filename (workdir, "rust", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;
  gboolean found = FALSE;
  RunResult r = { 0 };

  if (rustc == NULL)
    {
      g_test_skip ("no rustc");
      return;
    }
  g_assert_true (g_file_set_contents (source,
                                      "#[inline(never)]\n"
                                      "fn make_vec(n: usize) -> Vec<u64> { (0..n as u64).collect() }\n"
                                      "fn main() { let v = make_vec(1000); std::process::exit((v.len() != 1000) as i32); }\n",
                                      -1, NULL));
  {
    const char *build[] = { rustc, "-g", "-C", "opt-level=1", "-o", program, source, NULL };
    const char *record[] = { recorder (), "-q", "--record-only", "-o", base, program, NULL };

    run (build, &r);
    g_assert_cmpint (r.status, ==, 0);
    run_result_clear (&r);
    run (record, &r);
    g_assert_cmpint (r.status, ==, 0);
    run_result_clear (&r);
  }

  analysis = ht_analysis_load (trace, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < analysis->data->strings->len; i++)
    {
      const char *str = g_ptr_array_index (analysis->data->strings, i);

      if (g_str_has_prefix (str, "r::make_vec"))
        {
          g_assert_cmpstr (str, ==, "r::make_vec");
          found = TRUE;
        }
      g_assert_null (strstr (str, "$LT$"));
    }
  g_assert_true (found);
}

static void
test_sites_heaptrack_print (void)
{
  g_autofree char *heaptrack_print = g_find_program_in_path ("heaptrack_print");
  RunResult r = { 0 };

  if (heaptrack_print == NULL)
    {
      g_test_skip ("heaptrack_print is not installed");
      return;
    }
  {
    const char *argv[] = { heaptrack_print, sites_trace (), NULL };

    run (argv, &r);
  }
  g_assert_cmpint (r.status, ==, 0);
  /* no "unexpected ...", "invalid ...", "allocation index out of bounds" */
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "calls to allocation functions: 1020 "));
  g_assert_nonnull (strstr (r.out, "temporary memory allocations: 1004 "));
  g_assert_nonnull (strstr (r.out, "total memory leaked: 385B\n"));
  g_assert_nonnull (strstr (r.out, "peak heap memory consumption: 10.63K\n"));
  run_result_clear (&r);
}

/* every hooked function; realloc (p, 0) is a free; fork and exec not traced */
static void
test_funcs (void)
{
  g_autoptr(HtAnalysis) analysis = record_and_load ("WL_FUNCS");

  g_assert_cmpint (analysis->total.allocations, ==, 12);
  g_assert_cmpint (analysis->total.temporary, ==, 3);
  g_assert_cmpint (analysis->total.peak, ==, 567);
  g_assert_cmpint (analysis->total.leaked, ==, 10);
}

/* four threads: every event in the one stream, no free before its malloc */
static void
test_threads (void)
{
  g_autoptr(HtAnalysis) analysis = record_and_load ("WL_THREADS");

  /* 4 * 20000 own allocations and the 4 thread control blocks */
  g_assert_cmpint (analysis->total.allocations, ==, 80004);
  g_assert_cmpint (analysis->total.leaked, >=, 0);
  g_assert_cmpint (analysis->total.peak, >, 0);
}

static void
test_exit_status (void)
{
  g_autofree char *base = g_build_filename (workdir, "exit", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  const char *argv[] = {
    recorder (), "-q", "--record-only", "-o", base, "/bin/sh", "-c", "exit 3", NULL
  };
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_file_test (trace, G_FILE_TEST_IS_REGULAR));
  run_result_clear (&r);
}

static void
test_killed (void)
{
  g_autofree char *base = g_build_filename (workdir, "killed", NULL);
  const char *argv[] = {
    recorder (), "--record-only", "-o", base, "/bin/sh", "-c", "kill -TERM $$", NULL
  };
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 128 + 15);
  g_assert_nonnull (strstr (r.err, "signal 15"));
  run_result_clear (&r);
}

static void
test_missing_program (void)
{
  g_autofree char *base = g_build_filename (workdir, "missing", NULL);
  const char *argv[] = {
    recorder (), "--record-only", "-o", base, "ht-no-such-program-here", NULL
  };
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 127);
  g_assert_nonnull (strstr (r.err, "ht-no-such-program-here"));
  run_result_clear (&r);
}

static void
test_not_executable (void)
{
  g_autofree char *base = g_build_filename (workdir, "noexec", NULL);
  g_autofree char *file = g_build_filename (workdir, "not-executable", NULL);
  const char *argv[] = { recorder (), "--record-only", "-o", base, file, NULL };
  RunResult r = { 0 };

  g_assert_true (g_file_set_contents (file, "#!/bin/sh\n", -1, NULL));
  run (argv, &r);
  g_assert_cmpint (r.status, ==, 126);
  g_assert_nonnull (strstr (r.err, "not-executable"));
  run_result_clear (&r);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  workdir = g_dir_make_tmp ("ht-recorder-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ht/recorder/sites/figures", test_sites_figures);
  g_test_add_func ("/ht/recorder/sites/symbols", test_sites_symbols);
  g_test_add_func ("/ht/recorder/sites/heaptrack-print", test_sites_heaptrack_print);
  g_test_add_func ("/ht/recorder/funcs", test_funcs);
  g_test_add_func ("/ht/recorder/rust", test_rust);
  g_test_add_func ("/ht/recorder/threads", test_threads);
  g_test_add_func ("/ht/recorder/exit-status", test_exit_status);
  g_test_add_func ("/ht/recorder/killed", test_killed);
  g_test_add_func ("/ht/recorder/missing-program", test_missing_program);
  g_test_add_func ("/ht/recorder/not-executable", test_not_executable);

  ret = g_test_run ();
  remove_dir (workdir);
  g_free (workdir);
  return ret;
}
