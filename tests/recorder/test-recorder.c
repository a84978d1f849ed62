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
 * statuses. Then the recorder's own workloads (tests/recorder/wl-*.c):
 * cross-thread frees, a library unloaded and another loaded at its address,
 * a program closing every descriptor, the ways to end without exit
 * handlers, follow-fork, and the symbolizer on stored raw streams.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <zstd.h>

#include "ht-analysis.h"
#include "ht-diff.h"
#include "ht-report.h"
#include "ht-test-run.h"

static char *workdir;

static const char *
recorder (void)
{
  return env_path ("HT_RECORD");
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

/* Debian's heaptrack_print reads @trace without a complaint */
static void
check_heaptrack_print (const char *trace)
{
  g_autofree char *heaptrack_print = g_find_program_in_path ("heaptrack_print");
  const char *argv[] = { heaptrack_print, trace, NULL };
  RunResult r = { 0 };

  if (heaptrack_print == NULL)
    return;
  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  run_result_clear (&r);
}

static HtAnalysis *
load (const char *trace)
{
  g_autoptr(GError) error = NULL;
  HtAnalysis *analysis;

  analysis = ht_analysis_load (trace, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_false (analysis->truncated);
  g_assert_cmpint (analysis->warnings->len, ==, 0);
  check_heaptrack_print (trace);
  return analysis;
}

/* Records the workload named by the environment variable @name with up to
 * two arguments into @label.zst; the launcher must exit with @status.
 * @out, when not NULL, gets what the workload printed. */
static HtAnalysis *
record_full (const char  *name,
             const char  *label,
             const char  *arg1,
             const char  *arg2,
             int          status,
             char       **out)
{
  g_autofree char *base = g_build_filename (workdir, label, NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  const char *argv[] = { recorder (), "-q", "--record-only", "-o", base, g_getenv (name),
                         arg1, arg2, NULL };
  RunResult r = { 0 };

  g_assert_nonnull (argv[5]);
  run (argv, &r);
  if (r.status != status)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, status);
  if (out != NULL)
    *out = g_steal_pointer (&r.out);
  run_result_clear (&r);
  return load (trace);
}

static HtAnalysis *
record_with_args (const char *name,
                  const char *label,
                  const char *arg1,
                  const char *arg2,
                  int         status)
{
  return record_full (name, label, arg1, arg2, status, NULL);
}

/* Records the workload named by the environment variable @name. */
static HtAnalysis *
record_and_load (const char *name)
{
  return record_with_args (name, name, NULL, NULL, 0);
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

/* libstdc++ allocates its exception pool before our constructor may run:
 * recording starts at the first call into a hook */
static void
test_before_main (void)
{
  g_autoptr(HtAnalysis) analysis = NULL;

  if (g_getenv ("WL_CXX_INIT") == NULL)
    {
      g_test_skip ("no C++ compiler");
      return;
    }
  analysis = record_and_load ("WL_CXX_INIT");
  g_assert_cmpint (analysis->total.allocations, ==, 4);
  /* the pool's size depends on libstdc++'s version: 72,704 B with GCC 12 */
  g_assert_cmpint (analysis->total.leaked, >, 3 * 40 + 1024);
}

/* every hooked function; realloc (p, 0) is a free; fork and exec not traced */
/* The paired function named @name in @diff */
static const HtDiffFunction *
diff_function (HtDiff     *diff,
               const char *name)
{
  for (guint i = 0; i < diff->functions->len; i++)
    {
      const HtDiffFunction *function = g_ptr_array_index (diff->functions, i);

      if (function->symbol != G_MAXUINT &&
          g_strcmp0 (ht_diff_get_symbol (diff, function->symbol)->function, name) == 0)
        return function;
    }
  g_error ("no function %s in the comparison", name);
}

/* heaptrack-gtk-print --diff A B with @option (or none): its output */
static char *
print_diff (const char *a,
            const char *b,
            const char *option)
{
  const char *argv[] = { g_getenv ("HT_PRINT"), "--diff", a, b, option, NULL };
  RunResult r = { 0 };
  char *out;

  g_assert_nonnull (argv[0]);
  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  out = g_steal_pointer (&r.out);
  run_result_clear (&r);
  return out;
}

/* Two builds of one program in different folders (wl-builds.c), recorded:
 * the comparison pairs their functions and finds exactly what changed,
 * and heaptrack-gtk-print says the same in text and JSON */
static void
test_two_builds (void)
{
  g_autoptr(HtAnalysis) a = record_with_args ("WL_BUILD_A", "build-a", NULL, NULL, 0);
  g_autoptr(HtAnalysis) b = record_with_args ("WL_BUILD_B", "build-b", NULL, NULL, 0);
  g_autofree char *a_trace = g_build_filename (workdir, "build-a.zst", NULL);
  g_autofree char *b_trace = g_build_filename (workdir, "build-b.zst", NULL);
  g_autoptr(HtDiff) diff = ht_diff_new (a, b);
  const HtDiffFunction *buffer = diff_function (diff, "make_buffer");
  const HtDiffFunction *old_cache = diff_function (diff, "old_cache");
  const HtDiffFunction *new_cache = diff_function (diff, "new_cache");
  const HtDiffFunction *scratch = diff_function (diff, "scratch");
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  const char *entry;

  g_assert_true (g_str_has_suffix (g_getenv ("WL_BUILD_A"), "/build-a/wl-builds"));
  g_assert_true (g_str_has_suffix (g_getenv ("WL_BUILD_B"), "/build-b/wl-builds"));

  g_assert_cmpint (ht_diff_costs_status (&buffer->costs), ==, HT_DIFF_CHANGED);
  g_assert_cmpint (buffer->costs.a.allocations, ==, 10);
  g_assert_cmpint (buffer->costs.b.allocations, ==, 20);
  g_assert_cmpint (buffer->costs.a.leaked, ==, 1000);
  g_assert_cmpint (buffer->costs.b.leaked, ==, 2000);
  g_assert_cmpint (ht_diff_costs_status (&old_cache->costs), ==, HT_DIFF_REMOVED);
  g_assert_cmpint (old_cache->costs.a.leaked, ==, 5000);
  g_assert_cmpint (ht_diff_costs_status (&new_cache->costs), ==, HT_DIFF_ADDED);
  g_assert_cmpint (new_cache->costs.b.leaked, ==, 7000);
  g_assert_true (ht_diff_costs_equal (&scratch->costs));
  g_assert_cmpint (scratch->costs.b.temporary, ==, 5);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_CALLS] - diff->side[HT_DIFF_A].figures[HT_DIFF_CALLS],
                   ==, 10);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_LEAKED] - diff->side[HT_DIFF_A].figures[HT_DIFF_LEAKED],
                   ==, 3000);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_PEAK] - diff->side[HT_DIFF_A].figures[HT_DIFF_PEAK],
                   ==, 3000);

  text = print_diff (a_trace, b_trace, NULL);
  g_assert_nonnull (strstr (text, "(added) from\nnew_cache\n"));
  g_assert_nonnull (strstr (text, "(removed) from\nold_cache\n"));
  g_assert_nonnull (strstr (text, "total memory leaked: +3.00K"));
  g_assert_null (strstr (text, "scratch"));

  json = print_diff (a_trace, b_trace, "--json");
  g_assert_nonnull (strstr (json, "\"summary\": {\"calls\": 10, \"temporary\": 0, \"peak\": 3000, "));
  entry = strstr (json, "{\"function\": \"make_buffer\"");
  g_assert_nonnull (entry);
  g_assert_true (g_str_has_prefix (strstr (entry, "\"module\""),
                                   "\"module\": \"wl-builds\", \"status\": \"changed\", \"calls\": 10, "
                                   "\"temporary\": 0, \"peak\": 1000, \"leaked\": 1000, "));
  entry = strstr (json, "{\"function\": \"new_cache\"");
  g_assert_nonnull (entry);
  g_assert_true (g_str_has_prefix (strstr (entry, "\"module\""),
                                   "\"module\": \"wl-builds\", \"status\": \"added\", \"calls\": 1, "
                                   "\"temporary\": 0, \"peak\": 7000, \"leaked\": 7000"));
  entry = strstr (json, "{\"function\": \"old_cache\"");
  g_assert_nonnull (entry);
  g_assert_true (g_str_has_prefix (strstr (entry, "\"module\""),
                                   "\"module\": \"wl-builds\", \"status\": \"removed\", \"calls\": -1, "
                                   "\"temporary\": 0, \"peak\": -5000, \"leaked\": -5000"));
  g_assert_null (strstr (json, "\"scratch\""));

  /* the gate: new_cache leaks in B only */
  {
    const char *argv[] = { g_getenv ("HT_PRINT"), "--diff", a_trace, b_trace, "--no-new-leaks", NULL };
    RunResult r = { 0 };

    run (argv, &r);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "limit broken: "));
    g_assert_nonnull (strstr (r.err, "new_cache"));
    run_result_clear (&r);
  }
}

static void
test_funcs (void)
{
  g_autoptr(HtAnalysis) analysis = record_and_load ("WL_FUNCS");

  g_assert_cmpint (analysis->total.allocations, ==, 12);
  g_assert_cmpint (analysis->total.temporary, ==, 3);
  g_assert_cmpint (analysis->total.peak, ==, 567);
  g_assert_cmpint (analysis->total.leaked, ==, 10);
}

/* vfork children run our exec and _exit hooks in the parent's memory */
static void
test_vfork (void)
{
  g_autoptr(HtAnalysis) analysis = record_with_args ("WL_FORK", "vfork", "vfork", NULL, 0);

  g_assert_cmpint (analysis->total.allocations, ==, 2);
  g_assert_cmpint (analysis->total.leaked, ==, 500);
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

/* the zstd frames in @path */
static int
count_frames (const char *path)
{
  g_autofree char *data = NULL;
  gsize len, pos = 0;
  int frames = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  while (pos < len)
    {
      size_t n = ZSTD_findFrameCompressedSize (data + pos, len - pos);

      g_assert_false (ZSTD_isError (n));
      pos += n;
      frames++;
    }
  return frames;
}

/* A trace that hardly compresses goes on in a second zstd frame at a
 * faster level; both readers take the two frames whole. */
static void
test_hard_to_compress (void)
{
  g_autofree char *trace = g_build_filename (workdir, "random.zst", NULL);
  g_autofree char *out = NULL;
  g_autoptr(HtAnalysis) analysis = record_full ("WL_RANDOM", "random", NULL, NULL, 0, &out);
  RunResult r = { 0 };
  gint64 calls, peak, leaked;

  g_assert_cmpint (sscanf (out, "calls %" G_GINT64_FORMAT " peak %" G_GINT64_FORMAT
                           " leaked %" G_GINT64_FORMAT, &calls, &peak, &leaked), ==, 3);
  g_assert_cmpint (count_frames (trace), ==, 2);
  g_assert_cmpint (analysis->total.allocations, ==, calls);
  g_assert_cmpint (analysis->total.peak, ==, peak);
  g_assert_cmpint (analysis->total.leaked, ==, leaked);

  /* heaptrack_print counts every call too, past the first frame */
  {
    g_autofree char *heaptrack_print = g_find_program_in_path ("heaptrack_print");
    g_autofree char *expected = g_strdup_printf ("calls to allocation functions: %" G_GINT64_FORMAT " ",
                                                 calls);
    const char *print_argv[] = { heaptrack_print, "-p", "0", "-a", "0", "-T", "0", "-l", "0",
                                 trace, NULL };

    if (heaptrack_print == NULL)
      return;
    run (print_argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, expected));
    run_result_clear (&r);
  }
}

/* the number of allocations whose leaf is @function in module @module */
static gint64
calls_from (HtAnalysis *analysis,
            const char *function,
            const char *module)
{
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);
  gint64 calls = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      const HtLeafGroup *group = g_ptr_array_index (groups, i);
      const HtIp *ip = ht_trace_data_ip (analysis->data, group->leaf_ip);

      if (g_strcmp0 (ht_trace_data_get_string (analysis->data, ip->frame.function), function) == 0)
        {
          g_assert_true (g_str_has_suffix (ht_trace_data_get_string (analysis->data, ip->module),
                                           module));
          calls += group->cost.allocations;
        }
    }
  return calls;
}

/* the cost of the allocations whose leaf is @function */
static HtCost
cost_of (HtAnalysis *analysis,
         const char *function)
{
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);
  HtCost cost = { 0 };

  for (guint i = 0; i < groups->len; i++)
    {
      const HtLeafGroup *group = g_ptr_array_index (groups, i);
      const HtIp *ip = ht_trace_data_ip (analysis->data, group->leaf_ip);

      if (g_strcmp0 (ht_trace_data_get_string (analysis->data, ip->frame.function), function) == 0)
        {
          cost.allocations += group->cost.allocations;
          cost.leaked += group->cost.leaked;
        }
    }
  return cost;
}

/* blocks freed by the next thread: exact calls and leaks, which any free
 * out of order with the allocations at its address would change */
static void
test_cross_thread_frees (void)
{
  g_autoptr(HtAnalysis) analysis = record_and_load ("WL_XTHREADS");
  HtCost worker = cost_of (analysis, "worker");

  /* 4 * (20000 + 3) own and 4 DTV callocs of pthread_create */
  g_assert_cmpint (analysis->total.allocations, ==, 80016);
  g_assert_cmpint (worker.allocations, ==, 80012);
  /* 4 * 3 * 5 own; the DTVs (their size depends on the TLS of the loaded
   * libraries, ours among them) are never freed */
  g_assert_cmpint (worker.leaked, ==, 60);
}

/* a library unloaded and another loaded at its address keep their names */
static void
test_dlopen_same_address (void)
{
  HtAnalysis *analysis = NULL;
  g_autofree char *one = g_strdup (g_getenv ("WL_DL_ONE"));
  g_autofree char *two = g_strdup (g_getenv ("WL_DL_TWO"));
  g_autofree char *one_name = g_path_get_basename (one);
  g_autofree char *two_name = g_path_get_basename (two);

  /* the program exits with 3 when the loader put the twins apart (they
   * have the same size, so on Debian 12 it does not): try again */
  for (int attempt = 0; analysis == NULL; attempt++)
    {
      g_autofree char *base = g_build_filename (workdir, "dlopen", NULL);
      g_autofree char *trace = g_strconcat (base, ".zst", NULL);
      const char *argv[] = { recorder (), "-q", "--record-only", "-o", base,
                             g_getenv ("WL_DLOPEN"), one, two, NULL };
      RunResult r = { 0 };

      run (argv, &r);
      if (r.status != 0)
        g_printerr ("%s", r.err);
      g_assert_true (r.status == 0 || (r.status == 3 && attempt < 4));
      run_result_clear (&r);
      if (r.status == 0)
        analysis = load (trace);
    }
  /* the loader's own allocations come on top */
  g_assert_cmpint (cost_of (analysis, "alloc_in_lib_one").leaked, ==, 3 * 11);
  g_assert_cmpint (cost_of (analysis, "alloc_in_lib_two").leaked, ==, 5 * 13);
  g_assert_cmpint (calls_from (analysis, "alloc_in_lib_one", one_name), ==, 3);
  g_assert_cmpint (calls_from (analysis, "alloc_in_lib_two", two_name), ==, 5);
  ht_analysis_free (analysis);
}

/* close loops, close_range, closefrom and dup2 leave the recording alone */
static void
test_closed_fds (void)
{
  g_autoptr(HtAnalysis) analysis = record_and_load ("WL_CLOSEFDS");

  g_assert_cmpint (analysis->total.allocations, ==, 5);
  g_assert_cmpint (analysis->total.leaked, ==, 150);
}

/* _exit, abort and exec skip the exit handlers: the buffers go out first */
static void
test_no_exit_handlers (void)
{
  const struct
  {
    const char *mode;
    int         status;
  } modes[] = { { "_exit", 0 }, { "abort", 128 + 6 }, { "exec", 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *label = g_strconcat ("exits", modes[i].mode, NULL);
      g_autoptr(HtAnalysis) analysis = record_with_args ("WL_EXITS", label, modes[i].mode, NULL,
                                                         modes[i].status);

      g_assert_cmpint (analysis->total.allocations, ==, 7);
      g_assert_cmpint (analysis->total.leaked, ==, 700);
    }
}

/* SIGKILL 100 ms after the last allocation: the trace opens and holds it */
static void
test_sigkill (void)
{
  g_autofree char *trace = g_build_filename (workdir, "exitskill.zst", NULL);
  g_autoptr(HtAnalysis) analysis = record_with_args ("WL_EXITS", "exitskill", "kill", NULL,
                                                     128 + 9);

  g_assert_cmpint (analysis->total.allocations, ==, 7);
  g_assert_cmpint (analysis->total.leaked, ==, 700);
  check_heaptrack_print (trace);
}

/* a fatal signal: the trace opens, with what the last 10 ms flush held */
static void
test_fatal_signal (void)
{
  g_autofree char *trace = g_build_filename (workdir, "exitssignal.zst", NULL);
  g_autoptr(HtAnalysis) analysis = record_with_args ("WL_EXITS", "exitssignal", "signal", NULL,
                                                     128 + 15);

  g_assert_cmpint (analysis->total.allocations, <=, 7);
  check_heaptrack_print (trace);
}

/* exit () from a signal handler that interrupts a hook neither hangs nor
 * loses the trace */
static void
test_exit_in_signal_handler (void)
{
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(HtAnalysis) analysis = record_with_args ("WL_EXITS", "exitssigexit", "sigexit",
                                                         NULL, 0);

      g_assert_cmpint (analysis->total.allocations, >=, 7);
    }
}

/* threads cancelled while they allocate: the recording neither hangs nor
 * loses the main thread's last block */
static void
test_cancelled_threads (void)
{
  g_autoptr(HtAnalysis) analysis = record_and_load ("WL_CANCEL");

  g_assert_cmpint (analysis->total.allocations, >, 100);
  g_assert_cmpint (cost_of (analysis, "main").leaked, ==, 7);
}

static const char *
symbolizer (void)
{
  const char *path = g_getenv ("HT_SYMBOLIZER");

  g_assert_nonnull (path);
  return path;
}

/* Runs @program with the preload library and no launcher: its stream
 * goes to @raw_path, @follow_socket (if any) is announced. */
static void
run_preloaded (const char *program,
               const char *raw_path,
               const char *follow_socket)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { program, NULL };
  int fd = g_open (raw_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", g_getenv ("HT_PRELOAD_LIB"), TRUE);
  g_subprocess_launcher_setenv (launcher, "HT_OUTPUT_FD", "3", TRUE);
  if (follow_socket != NULL)
    g_subprocess_launcher_setenv (launcher, "HT_FOLLOW_FORK_SOCKET", follow_socket, TRUE);
  g_subprocess_launcher_take_fd (launcher, fd, 3);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
}

/* a disk that is full after *user_data bytes */
static void
small_disk (gpointer user_data)
{
  rlim_t size = *(const rlim_t *) user_data;
  struct rlimit limit = { size, size };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* the symbolizer on @input (NULL: @stdin_fd), with @option and its value */
static void
symbolize_full (const char *input,
                int         stdin_fd,
                const char *output,
                const char *option,
                const char *value,
                rlim_t      disk_size,
                RunResult  *r)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[8] = { symbolizer (), "-q", "-o", output, };
  int n = 4;

  if (option != NULL)
    argv[n++] = option;
  if (value != NULL)
    argv[n++] = value;
  argv[n++] = input;
  if (input == NULL)
    g_subprocess_launcher_take_stdin_fd (launcher, stdin_fd);
  if (disk_size > 0)
    g_subprocess_launcher_set_child_setup (launcher, small_disk, &disk_size, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : 255;
}

static void
symbolize (const char *input,
           int         stdin_fd,
           const char *output,
           gboolean    raw,
           RunResult  *r)
{
  symbolize_full (input, stdin_fd, output, raw ? "--raw" : NULL, NULL, 0, r);
}

/* follow-fork without the launcher: a tiny listener, one symbolizer per
 * connection, -o with %p */
static void
test_follow_fork (void)
{
  g_autofree char *dir = g_build_filename (workdir, "ff", NULL);
  g_autofree char *sock_path = g_build_filename (dir, "sock", NULL);
  g_autofree char *raw = g_build_filename (dir, "parent.raw", NULL);
  g_autofree char *pattern = g_build_filename (dir, "trace-%p.zst", NULL);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autoptr(GDir) listing = NULL;
  gint64 figures[4][2] = { { 0 } };
  guint n_traces = 0, n_again = 0;
  const char *file;
  RunResult r = { 0 };
  int listener;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpuint (strlen (sock_path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, sock_path);
  listener = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (listener, >=, 0);
  g_assert_cmpint (bind (listener, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (listener, 8), ==, 0);

  /* the child and the exec'ed program connect while the parent waits for
   * them: by the time the parent has exited both wait in the backlog */
  run_preloaded (g_getenv ("WL_FORK"), raw, sock_path);
  g_assert_cmpint (fcntl (listener, F_SETFL, O_NONBLOCK), ==, 0);
  for (int i = 0; i < 2; i++)
    {
      int conn = accept (listener, NULL, NULL);

      if (conn < 0)
        g_error ("connection %d of the followed processes is missing: %s", i, g_strerror (errno));
      symbolize (NULL, conn, pattern, FALSE, &r);
      g_assert_cmpint (r.status, ==, 0);
      run_result_clear (&r);
    }
  g_assert_cmpint (accept (listener, NULL, NULL), <, 0);
  close (listener);
  symbolize (raw, -1, pattern, FALSE, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  /* the same pid once more: the first file stays, the second gets .1 */
  symbolize (raw, -1, pattern, FALSE, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);

  listing = g_dir_open (dir, 0, NULL);
  while ((file = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(HtAnalysis) analysis = NULL;

      if (!g_str_has_suffix (file, ".zst"))
        continue;
      g_assert_cmpuint (n_traces, <, G_N_ELEMENTS (figures));
      analysis = load (path);
      figures[n_traces][0] = analysis->total.allocations;
      figures[n_traces][1] = analysis->total.leaked;
      n_traces++;
      n_again += g_str_has_suffix (file, ".1.zst");
    }
  g_assert_cmpuint (n_traces, ==, 4);
  /* the parent's second run, and the exec'ed program, which keeps the
   * child's pid */
  g_assert_cmpuint (n_again, ==, 2);
  {
    /* parent (twice), child, exec'ed program */
    guint parent = 0, child = 0, exec = 0;

    for (guint i = 0; i < n_traces; i++)
      {
        parent += figures[i][0] == 2 && figures[i][1] == 500;
        child += figures[i][0] == 2 && figures[i][1] == 400;
        exec += figures[i][0] == 3 && figures[i][1] == 900;
      }
    g_assert_cmpuint (parent, ==, 2);
    g_assert_cmpuint (child, ==, 1);
    g_assert_cmpuint (exec, ==, 1);
  }
}

/* --raw, then the stored stream symbolized: the figures of a direct
 * recording; a foreign or truncated input and an unwritable output fail
 * with the file's name, and leave a trace of what could be written */
static void
test_raw_then_symbolize (void)
{
  g_autofree char *raw = g_build_filename (workdir, "sites.raw", NULL);
  g_autofree char *stored = g_build_filename (workdir, "sites-raw.zst", NULL);
  g_autofree char *trace = g_build_filename (workdir, "sites-later.zst", NULL);
  g_autofree char *direct = g_build_filename (workdir, "sites-direct.zst", NULL);
  g_autofree char *cut = g_build_filename (workdir, "sites-cut.raw", NULL);
  g_autofree char *bad_out = g_build_filename (workdir, "bad.zst", NULL);
  g_autofree char *foreign = g_build_filename (workdir, "heaptrack-text.raw", NULL);
  g_autofree char *no_dir = g_build_filename (workdir, "no-such-dir", "x.zst", NULL);
  g_autofree char *contents = NULL;
  const char *inputs[] = { trace, direct };
  gsize len;
  RunResult r = { 0 };

  run_preloaded (g_getenv ("WL_SITES"), raw, NULL);
  symbolize (raw, -1, stored, TRUE, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  symbolize (stored, -1, trace, FALSE, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  symbolize (raw, -1, direct, FALSE, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(HtAnalysis) analysis = load (inputs[i]);

      g_assert_cmpint (analysis->total.allocations, ==, 1020);
      g_assert_cmpint (analysis->total.temporary, ==, 1004);
      g_assert_cmpint (analysis->total.peak, ==, 10635);
      g_assert_cmpint (analysis->total.leaked, ==, 385);
    }
  check_heaptrack_print (trace);

  /* foreign: heaptrack's own text stream */
  g_assert_true (g_file_set_contents (foreign, "v 10400 3\nX ./a\n", -1, NULL));
  symbolize (foreign, -1, bad_out, FALSE, &r);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "heaptrack-text.raw"));
  g_assert_false (g_file_test (bad_out, G_FILE_TEST_EXISTS));
  run_result_clear (&r);

  /* truncated inside its last message: an error, and a trace of what
   * could be read, which readers see cut short */
  g_assert_true (g_file_get_contents (raw, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len - 2, NULL));
  symbolize (cut, -1, bad_out, FALSE, &r);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "sites-cut.raw"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HtAnalysis) analysis = ht_analysis_load (bad_out, NULL, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (analysis->truncated);
    g_assert_cmpint (analysis->total.allocations, >, 0);
  }
  g_unlink (bad_out);
  run_result_clear (&r);

  symbolize (raw, -1, no_dir, FALSE, &r);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "x.zst"));
  run_result_clear (&r);

  /* a disk that fills up halfway: an error naming the output, and the
   * file keeps what was written, a trace readers see cut short */
  {
    g_autofree char *full = g_build_filename (workdir, "full.zst", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(HtAnalysis) analysis = NULL;
    GStatBuf st;

    g_assert_cmpint (g_stat (trace, &st), ==, 0);
    symbolize_full (raw, -1, full, NULL, NULL, st.st_size / 2, &r);
    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, "full.zst"));
    /* cut short: what it holds, or (the limit inside the first block)
     * nothing complete yet; either way named as truncated */
    analysis = ht_analysis_load (full, NULL, NULL, NULL, NULL, &error);
    if (analysis != NULL)
      g_assert_true (analysis->truncated);
    else
      g_assert_nonnull (strstr (error->message, "truncated"));
    g_unlink (full);
    run_result_clear (&r);
  }
}

/* --sysroot: the modules are looked up under it, and only there */
static void
test_sysroot (void)
{
  g_autofree char *raw = g_build_filename (workdir, "sysroot-sites.raw", NULL);
  g_autofree char *empty = g_build_filename (workdir, "sysroot-empty", NULL);
  g_autofree char *root = g_build_filename (workdir, "sysroot", NULL);
  g_autofree char *copy = g_build_filename (root, g_getenv ("WL_SITES"), NULL);
  g_autofree char *copy_dir = g_path_get_dirname (copy);
  g_autofree char *contents = NULL;
  gsize len;
  const char *roots[] = { empty, root };
  RunResult r = { 0 };

  run_preloaded (g_getenv ("WL_SITES"), raw, NULL);
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (copy_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (g_getenv ("WL_SITES"), &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *trace = g_strdup_printf ("%s/sysroot-%u.zst", workdir, i);
      g_autoptr(HtAnalysis) analysis = NULL;

      symbolize_full (raw, -1, trace, "--sysroot", roots[i], 0, &r);
      g_assert_cmpint (r.status, ==, 0);
      run_result_clear (&r);
      analysis = load (trace);
      g_assert_cmpint (analysis->total.allocations, ==, 1020);
      /* the program's own functions have names with the copy only */
      g_assert_cmpint (cost_of (analysis, "alloc_leaf").allocations > 0, ==, i == 1);
    }
}

/* an idle program still gets its timestamps: the trace lasts as long */
static void
test_idle_timestamps (void)
{
  g_autofree char *base = g_build_filename (workdir, "idle", NULL);
  g_autofree char *trace = g_strconcat (base, ".zst", NULL);
  const char *argv[] = { recorder (), "-q", "--record-only", "-o", base, "/bin/sleep", "0.3", NULL };
  g_autoptr(HtAnalysis) analysis = NULL;
  RunResult r = { 0 };

  run (argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  run_result_clear (&r);
  analysis = load (trace);
  g_assert_cmpuint (analysis->runtime, >=, 290);
  g_assert_cmpuint (analysis->peak_rss_pages, >, 0);
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* more busy threads than cores: the timestamps still come every 10 ms
 * (a flush waits for threads preempted mid-call; they came every 30 to
 * 60 ms when the flusher wrote them) */
static void
test_busy_timestamps (void)
{
  g_autofree char *out = NULL;
  g_autoptr(HtAnalysis) analysis = record_full ("WL_BUSY", "busy", NULL, NULL, 0, &out);
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (guint64));
  gint64 calls, threads;

  g_assert_cmpint (sscanf (out, "calls %" G_GINT64_FORMAT " threads %" G_GINT64_FORMAT,
                           &calls, &threads), ==, 2);
  /* and glibc's: each thread's DTV, main's array of threads, stdout's buffer */
  g_assert_cmpint (analysis->total.allocations, ==, calls + threads + 2);
  /* one row per timestamp: the first row is the start, the last the end */
  for (guint i = 2; i + 1 < analysis->series->len; i++)
    {
      guint64 gap = g_array_index (analysis->series, HtSeriesRow, i).time
                    - g_array_index (analysis->series, HtSeriesRow, i - 1).time;

      g_array_append_val (gaps, gap);
    }
  g_assert_cmpuint (analysis->runtime, >=, 490);
  g_assert_cmpuint (gaps->len, >=, analysis->runtime / 20);
  g_array_sort (gaps, compare_u64);
  g_assert_cmpuint (g_array_index (gaps, guint64, gaps->len / 2), <=, 12);
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

/* the source file of the first site whose leaf is @function, NULL if none */
static const char *
file_of (HtAnalysis *analysis,
         const char *function)
{
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      const HtLeafGroup *group = g_ptr_array_index (groups, i);
      const HtIp *ip = ht_trace_data_ip (analysis->data, group->leaf_ip);

      if (g_strcmp0 (ht_trace_data_get_string (analysis->data, ip->frame.function), function) == 0)
        return ht_trace_data_get_string (analysis->data, ip->frame.file);
    }
  return NULL;
}

/* --debug-paths: a stripped program's file and line come from a separate
 * debug file found by its build id under the given folder */
static void
test_debug_paths (void)
{
  g_autofree char *objcopy = g_find_program_in_path ("objcopy");
  g_autofree char *readelf = g_find_program_in_path ("readelf");
  g_autofree char *dir = g_build_filename (workdir, "dbg", NULL);
  g_autofree char *stripped = g_build_filename (dir, "wl-sites", NULL);
  g_autofree char *debug_file = g_build_filename (dir, "wl-sites.debug", NULL);
  g_autofree char *debug_root = g_build_filename (dir, "debug", NULL);
  g_autofree char *raw = g_build_filename (dir, "sites.raw", NULL);
  g_autofree char *build_id = NULL;
  g_autofree char *id_dir = NULL;
  g_autofree char *id_file = NULL;
  const char *id_line;
  RunResult r = { 0 };

  if (objcopy == NULL || readelf == NULL)
    {
      g_test_skip ("no objcopy or readelf");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  {
    const char *keep[] = { objcopy, "--only-keep-debug", g_getenv ("WL_SITES"), debug_file, NULL };
    const char *strip[] = { objcopy, "--strip-debug", g_getenv ("WL_SITES"), stripped, NULL };
    const char *notes[] = { readelf, "-n", stripped, NULL };

    run (keep, &r);
    g_assert_cmpint (r.status, ==, 0);
    run_result_clear (&r);
    run (strip, &r);
    g_assert_cmpint (r.status, ==, 0);
    run_result_clear (&r);
    g_assert_cmpint (g_chmod (stripped, 0755), ==, 0);
    run (notes, &r);
    g_assert_cmpint (r.status, ==, 0);
    id_line = strstr (r.out, "Build ID: ");
    g_assert_nonnull (id_line);
    build_id = g_strndup (id_line + 10, strspn (id_line + 10, "0123456789abcdef"));
    run_result_clear (&r);
  }
  g_assert_cmpuint (strlen (build_id), >, 2);
  /* DIR/.build-id/xx/rest.debug, where libdwfl looks */
  id_dir = g_strdup_printf ("%s/.build-id/%.2s", debug_root, build_id);
  id_file = g_strdup_printf ("%s/%s.debug", id_dir, build_id + 2);
  g_assert_cmpint (g_mkdir_with_parents (id_dir, 0700), ==, 0);
  g_assert_cmpint (g_rename (debug_file, id_file), ==, 0);

  run_preloaded (stripped, raw, NULL);
  for (int with = 0; with < 2; with++)
    {
      g_autofree char *trace = g_strdup_printf ("%s/sites-%d.zst", dir, with);
      g_autoptr(HtAnalysis) analysis = NULL;
      const char *file;

      symbolize_full (raw, -1, trace, with ? "--debug-paths" : NULL, with ? debug_root : NULL,
                      0, &r);
      g_assert_cmpint (r.status, ==, 0);
      run_result_clear (&r);
      analysis = load (trace);
      g_assert_cmpint (analysis->total.allocations, ==, 1020);
      /* the symbol table names the function either way */
      g_assert_cmpint (cost_of (analysis, "alloc_leaf").allocations, >, 0);
      file = file_of (analysis, "alloc_leaf");
      if (with)
        g_assert_true (file != NULL && g_str_has_suffix (file, "wl-sites.c"));
      else
        g_assert_null (file);
    }
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
  g_test_add_func ("/ht/recorder/two-builds", test_two_builds);
  g_test_add_func ("/ht/recorder/before-main", test_before_main);
  g_test_add_func ("/ht/recorder/rust", test_rust);
  g_test_add_func ("/ht/recorder/threads", test_threads);
  g_test_add_func ("/ht/recorder/cross-thread-frees", test_cross_thread_frees);
  g_test_add_func ("/ht/recorder/hard-to-compress", test_hard_to_compress);
  g_test_add_func ("/ht/recorder/dlopen-same-address", test_dlopen_same_address);
  g_test_add_func ("/ht/recorder/closed-fds", test_closed_fds);
  g_test_add_func ("/ht/recorder/no-exit-handlers", test_no_exit_handlers);
  g_test_add_func ("/ht/recorder/sigkill", test_sigkill);
  g_test_add_func ("/ht/recorder/fatal-signal", test_fatal_signal);
  g_test_add_func ("/ht/recorder/exit-in-signal-handler", test_exit_in_signal_handler);
  g_test_add_func ("/ht/recorder/cancelled-threads", test_cancelled_threads);
  g_test_add_func ("/ht/recorder/follow-fork", test_follow_fork);
  g_test_add_func ("/ht/recorder/vfork", test_vfork);
  g_test_add_func ("/ht/recorder/raw-then-symbolize", test_raw_then_symbolize);
  g_test_add_func ("/ht/recorder/sysroot", test_sysroot);
  g_test_add_func ("/ht/recorder/debug-paths", test_debug_paths);
  g_test_add_func ("/ht/recorder/idle-timestamps", test_idle_timestamps);
  g_test_add_func ("/ht/recorder/busy-timestamps", test_busy_timestamps);
  g_test_add_func ("/ht/recorder/exit-status", test_exit_status);
  g_test_add_func ("/ht/recorder/killed", test_killed);
  g_test_add_func ("/ht/recorder/missing-program", test_missing_program);
  g_test_add_func ("/ht/recorder/not-executable", test_not_executable);

  ret = g_test_run ();
  remove_tree (workdir);
  g_free (workdir);
  return ret;
}
