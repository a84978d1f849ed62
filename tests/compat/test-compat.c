/* test-compat.c: our figures against Debian's heaptrack 1.4 on the same traces
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each workload is recorded with heaptrack 1.4, then read by heaptrack_print
 * and by our analysis. Calls, peak, peak RSS, leaked and runtime must print
 * the same; temporary differs by exactly heaptrack's index-0 quirk
 * (docs/figures.md §3.3); the report sections must hold the same lines (ties
 * are ordered arbitrarily by heaptrack_print, so lines are compared sorted).
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "ht-analysis.h"
#include "ht-massif.h"
#include "ht-report.h"

/* heaptrack 1.4's preload library links libstdc++, whose emergency pool is
 * the first allocation of every trace it records (docs/trace-format.md §8.2). */
#define LIBSTDCXX_POOL 72704

static char *workdir;

static char *
run (const char * const *argv,
     int                 *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  char *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  return out;
}

/* Records @program with heaptrack into the work folder; returns the trace. */
static char *
record (const char *name)
{
  const char *program = g_getenv (name);
  g_autofree char *base = g_build_filename (workdir, name, NULL);
  g_autofree char *out = NULL;
  char *trace = g_strconcat (base, ".zst", NULL);
  int status;

  g_assert_nonnull (program);
  if (!g_file_test (trace, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "heaptrack", "-o", base, program, NULL };

      out = run (argv, &status);
      g_assert_cmpint (status, ==, 0);
    }
  g_assert_true (g_file_test (trace, G_FILE_TEST_EXISTS));
  return trace;
}

typedef struct
{
  GPtrArray *sections;   /* sorted lines of each section, joined */
  GPtrArray *summary;    /* summary lines */
} Report;

static void
report_clear (Report *r)
{
  g_ptr_array_unref (r->sections);
  g_ptr_array_unref (r->summary);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* Splits a report into its sections' sorted lines and the summary lines. */
static Report
split_report (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) current = NULL;
  Report r = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  gboolean in_summary = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "total runtime:"))
        in_summary = TRUE;
      if (in_summary)
        {
          if (*line != '\0')
            g_ptr_array_add (r.summary, g_strdup (line));
          continue;
        }
      if (g_str_equal (line, "MOST CALLS TO ALLOCATION FUNCTIONS") || g_str_equal (line, "PEAK MEMORY CONSUMERS")
          || g_str_equal (line, "MEMORY LEAKS") || g_str_equal (line, "MOST TEMPORARY ALLOCATIONS"))
        {
          if (current != NULL)
            {
              g_ptr_array_sort (current, compare_strings);
              g_ptr_array_add (current, NULL);
              g_ptr_array_add (r.sections, g_strjoinv ("\n", (char **) current->pdata));
            }
          current = g_ptr_array_new_with_free_func (g_free);
        }
      if (current != NULL && *line != '\0')
        g_ptr_array_add (current, g_strdup (line));
    }
  if (current != NULL)
    {
      g_ptr_array_sort (current, compare_strings);
      g_ptr_array_add (current, NULL);
      g_ptr_array_add (r.sections, g_strjoinv ("\n", (char **) current->pdata));
    }
  return r;
}

static const char *
summary_line (Report     *r,
              const char *prefix)
{
  for (guint i = 0; i < r->summary->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (r->summary, i), prefix))
      return g_ptr_array_index (r->summary, i);
  return NULL;
}

/* Compares heaptrack_print's report with ours on @trace, given options for both. */
static HtAnalysis *
compare_with_heaptrack (const char *trace,
                        gboolean    embedded_suppressions)
{
  static const char * const figures[] = {
    "total runtime:", "calls to allocation functions:", "peak heap memory consumption:",
    "peak RSS (including heaptrack overhead):", "total memory leaked:", "suppressed leaks:",
  };
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  HtReportOptions report_options = HT_REPORT_OPTIONS_INIT;
  const char *argv[] = { "heaptrack_print", "-l", "1", "-T", "0", trace,
                         embedded_suppressions ? NULL : "--disable-embedded-suppressions", NULL };
  g_autoptr(GString) ours = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *theirs = NULL;
  HtAnalysis *analysis;
  Report a, b;
  gint64 their_temporary = -1;
  const char *line;
  int status;

  theirs = run (argv, &status);
  g_assert_cmpint (status, ==, 0);

  options.disable_embedded_suppressions = !embedded_suppressions;
  analysis = ht_analysis_load (trace, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  report_options.print_leaks = TRUE;
  report_options.print_temporary = FALSE;
  ht_report_print (analysis, &report_options, ours);

  /* heaptrack rejects the length-prefixed S lines its own recorder writes
   * (docs/trace-format.md §8.1): with them, the caller checks the difference */
  if (embedded_suppressions)
    return analysis;

  a = split_report (theirs);
  b = split_report (ours->str);
  g_assert_cmpuint (a.sections->len, ==, b.sections->len);
  for (guint i = 0; i < a.sections->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a.sections, i), ==, g_ptr_array_index (b.sections, i));

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    g_assert_cmpstr (summary_line (&a, figures[i]), ==, summary_line (&b, figures[i]));

  line = summary_line (&a, "temporary memory allocations: ");
  g_assert_nonnull (line);
  their_temporary = g_ascii_strtoll (line + strlen ("temporary memory allocations: "), NULL, 10);
  g_assert_cmpint (their_temporary, ==, analysis->total.temporary + analysis->heaptrack_extra_temporary);

  report_clear (&a);
  report_clear (&b);
  return analysis;
}

static void
test_sites (void)
{
  g_autofree char *trace = record ("WL_SITES");
  g_autoptr(HtAnalysis) analysis = compare_with_heaptrack (trace, FALSE);

  /* the workload's own figures (wl-sites.c) plus heaptrack's pool */
  g_assert_cmpint (analysis->total.allocations, ==, 1020 + 1);
  g_assert_cmpint (analysis->total.temporary, ==, 1004);
  g_assert_cmpint (analysis->heaptrack_extra_temporary, ==, 1);
  g_assert_cmpint (analysis->total.peak, ==, 10635 + LIBSTDCXX_POOL);
  g_assert_cmpint (analysis->total.leaked, ==, 385);
}

static void
test_suppress (void)
{
  g_autofree char *trace = record ("WL_SUPPRESS");
  g_autoptr(HtAnalysis) plain = compare_with_heaptrack (trace, FALSE);
  g_autoptr(HtAnalysis) suppressed = compare_with_heaptrack (trace, TRUE);
  const char *argv[] = { "heaptrack_print", "-a", "0", "-p", "0", "-T", "0", trace, NULL };
  g_autofree char *theirs = NULL;
  int status;

  g_assert_cmpint (plain->total.allocations, ==, 3 + 1);
  g_assert_cmpint (plain->total.leaked, ==, 340);
  g_assert_cmpint (plain->suppressed, ==, 0);

  /* the embedded pattern (written length-prefixed by heaptrack 1.4) applies
   * for us; heaptrack_print rejects it and shows every leak */
  g_assert_cmpint (suppressed->total.leaked, ==, 40);
  g_assert_cmpint (suppressed->suppressed, ==, 300);
  theirs = run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (theirs, "total memory leaked: 340B\n"));
}

static void
test_threads (void)
{
  g_autofree char *trace = record ("WL_THREADS");
  g_autoptr(HtAnalysis) analysis = compare_with_heaptrack (trace, FALSE);

  /* own allocations, heaptrack's pool and one calloc per thread by glibc */
  g_assert_cmpint (analysis->total.allocations, ==, 4 * 20000 + 1 + 4);
  /* glibc never frees the threads' DTVs: 320 bytes each under heaptrack 1.4 */
  g_assert_cmpint (analysis->total.leaked, ==, 4 * 320);
}

static void
test_cxx (void)
{
  g_autofree char *trace = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;

  if (g_getenv ("WL_CXX") == NULL)
    {
      g_test_skip ("no C++ compiler");
      return;
    }
  trace = record ("WL_CXX");
  analysis = compare_with_heaptrack (trace, FALSE);
  g_assert_cmpint (analysis->total.leaked, ==, 25 * sizeof (int));
}

/* valgrind's ms_print reads our massif output (heaptrack 1.4's it cannot) */
static void
test_massif (void)
{
  g_autofree char *trace = record ("WL_SITES");
  g_autofree char *massif = g_build_filename (workdir, "massif.out", NULL);
  g_autofree char *ms_print = g_find_program_in_path ("ms_print");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autofree char *printed = NULL;
  const char *argv[] = { "ms_print", massif, NULL };
  int status;

  if (ms_print == NULL)
    {
      g_test_skip ("valgrind's ms_print is not installed");
      return;
    }
  analysis = ht_analysis_load (trace, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ht_massif_write (analysis, trace, 1.0, 2, out, &error));
  g_assert_true (g_file_set_contents (massif, out->str, out->len, &error));
  printed = run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (printed, "Command:            "));
  g_assert_nonnull (strstr (printed, "83,339"));
  g_assert_nonnull (strstr (printed, "(peak)"));
  g_assert_nonnull (strstr (printed, "alloc_leaf ("));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *heaptrack = g_find_program_in_path ("heaptrack");
  g_autofree char *heaptrack_print = g_find_program_in_path ("heaptrack_print");
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (heaptrack == NULL || heaptrack_print == NULL)
    {
      g_test_skip ("Debian's heaptrack is not installed");
      return g_test_run ();
    }

  workdir = g_dir_make_tmp ("ht-compat-XXXXXX", NULL);
  g_test_add_func ("/ht/compat/sites", test_sites);
  g_test_add_func ("/ht/compat/suppress", test_suppress);
  g_test_add_func ("/ht/compat/threads", test_threads);
  g_test_add_func ("/ht/compat/cxx", test_cxx);
  g_test_add_func ("/ht/compat/massif", test_massif);
  ret = g_test_run ();

  if (g_getenv ("HT_KEEP_TRACES") == NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (workdir);
      g_autoptr(GFileEnumerator) e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
      GFileInfo *info;

      while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_file_delete (dir, NULL, NULL);
    }
  g_free (workdir);
  return ret;
}
