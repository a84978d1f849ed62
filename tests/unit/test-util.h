/* test-util.h: loading hand-written traces in tests
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-analysis.h"
#include "ht-comparison.h"
#include "ht-document.h"
#include "ht-overlay.h"

/* Writes all of @data to @fd (a trace the test grows by hand) */
static inline void
write_all (int         fd,
           const void *data,
           gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      g_assert_cmpint (n, >, 0);
      p += n;
      len -= n;
    }
}

static inline HtAnalysis *
load_bytes_with (GBytes                   *bytes,
                 const HtAnalysisOptions  *options,
                 GError                  **error)
{
  g_autoptr(HtTraceReader) reader = ht_trace_reader_new_for_bytes (bytes, "test.trace");

  return ht_analysis_load_reader (reader, options, NULL, NULL, NULL, error);
}

static inline HtAnalysis *
load_text_with (const char               *text,
                const HtAnalysisOptions  *options,
                GError                  **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return load_bytes_with (bytes, options, error);
}

static inline HtAnalysis *
load_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  HtAnalysis *analysis = load_text_with (text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  return analysis;
}

/* A trace of tests/fixtures/, opened as the window opens it */
static inline HtDocument *
load_document (const char *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HtDocument *document = ht_document_load (file, NULL, &error);

  g_assert_no_error (error);
  return document;
}

/* main (4 calls) calls a (3, which calls itself, which calls alloc) and b
 * (1): top-down, by calls, main 4, a 3 twice, alloc 3, b 1 (the flame
 * graph's tests) */
#define FLAME_TRACE \
  "v 10400 3\n" \
  "s 4 main\n" \
  "s 1 a\n" \
  "s 1 b\n" \
  "s 5 alloc\n" \
  "s 1 m\n" \
  "i 10 5 1\n" \
  "i 20 5 2\n" \
  "i 21 5 2\n" \
  "i 30 5 3\n" \
  "i 40 5 4\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 2\n" \
  "t 5 3\n" \
  "t 4 1\n" \
  "a 10 4\n" \
  "a 10 5\n" \
  "+ 0\n+ 0\n+ 0\n+ 1\n"

/* The example trace of docs/trace-format.md §11; its figures are worked out
 * in docs/figures.md §20. */
#define EXAMPLE_TRACE \
  "v 10400 3\n" \
  "X ./example\n" \
  "I 1000 5e2990\n" \
  "s 8 /bin/exa\n" \
  "s 4 main\n" \
  "s 9 example.c\n" \
  "s b make_buffer\n" \
  "s 7 scratch\n" \
  "i 1000 1 2 3 15\n" \
  "t 1 0\n" \
  "i 2000 1 4 3 7\n" \
  "t 2 1\n" \
  "a 64 2\n" \
  "+ 0\n" \
  "i 1010 1 2 3 16\n" \
  "t 3 0\n" \
  "t 2 3\n" \
  "a c8 4\n" \
  "+ 1\n" \
  "i 1020 1 2 3 17\n" \
  "t 4 0\n" \
  "i 3000 1 5 3 e\n" \
  "t 5 5\n" \
  "a 40 6\n" \
  "+ 2\n" \
  "- 2\n" \
  "- 0\n" \
  "c 0\n" \
  "R 3b1\n" \
  "\n" \
  "# strings: 5\n" \
  "# ips: 5\n"

/* A trace whose live set is known at every moment (docs/figures.md §14.1):
 *
 *   time 0     + C 4096 B (scratch)          live C            4,096
 *   c 1000     + A 1,100,000 B (make_buffer) live A C      1,104,096
 *   c 1500     + B 130,000 B (make_cache)
 *              - C                           live A B      1,230,000
 *   c 2000     - A
 *              + C                           live B C        134,096
 *   c 3000     + C, - C (temporary)          live B C        134,096
 *
 * The program suppresses make_cache's leaks: at exit 4.10K leaked and
 * 130.00K suppressed. */
#define HT_TEST_CLOCK_TRACE \
  "v 10400 3\n" \
  "X ./clock\n" \
  "I 1000 100000\n" \
  "s a /bin/clock\n" \
  "s 4 main\n" \
  "s 7 clock.c\n" \
  "s b make_buffer\n" \
  "s a make_cache\n" \
  "s 7 scratch\n" \
  "S leak:make_cache\n" \
  "i 1000 1 2 3 15\n" \
  "t 1 0\n" \
  "i 2000 1 4 3 7\n" \
  "t 2 1\n" \
  "i 1010 1 2 3 16\n" \
  "t 3 0\n" \
  "i 3000 1 5 3 b\n" \
  "t 4 3\n" \
  "i 1020 1 2 3 17\n" \
  "t 5 0\n" \
  "i 4000 1 6 3 e\n" \
  "t 6 5\n" \
  "a 10c8e0 2\n" \
  "a 1fbd0 4\n" \
  "a 1000 6\n" \
  "+ 2\n" \
  "c 3e8\n" \
  "+ 0\n" \
  "c 5dc\n" \
  "+ 1\n" \
  "- 2\n" \
  "c 7d0\n" \
  "- 0\n" \
  "+ 2\n" \
  "c bb8\n" \
  "+ 2\n" \
  "- 2\n" \
  "R 10\n"

/* Two builds of one program, in different folders, for the comparison
 * (docs/figures.md §21). B moved make_buffer from buf.c:10 to buf.c:14,
 * links libfoo.so.1.2.4 instead of libfoo.so.1.2.3 and libbar.so (no
 * symbols) from another folder, and its Rust function has another hash.
 * Per function, A -> B (calls, temporary, peak share, leaked):
 *
 *   make_buffer                2/0/200/0   -> 3/0/300/0
 *   foo_alloc (libfoo)         1/0/200/200 -> 1/0/300/300
 *   app::parse                 1/1/0/0     -> 1/1/0/0    (no change)
 *   <unresolved in libbar.so>  1/1/0/0     -> 2/2/0/0    (called by app::parse)
 *   old_cache                  1/0/500/500 -> removed
 *   new_cache                  added       -> 1/0/700/700
 *
 * Totals: calls 6 -> 8, temporary 2 -> 3, peak 900 -> 1300, leaked 700 ->
 * 1000, runtime 101 -> 201 ms; each has 5 sites, all called from main. */
#define HT_TEST_DIFF_A \
  "v 10400 3\n" \
  "s 15 /home/ci/build-a/prog\n" \
  "s 4 main\n" \
  "s 6 main.c\n" \
  "s b make_buffer\n" \
  "s 5 buf.c\n" \
  "s 18 /usr/lib/libfoo.so.1.2.3\n" \
  "s 9 foo_alloc\n" \
  "s 5 foo.c\n" \
  "s 1d app::parse::h0123456789abcdef\n" \
  "s 8 parse.rs\n" \
  "s 12 /usr/lib/libbar.so\n" \
  "s 9 old_cache\n" \
  "i 1000 1 2 3 14\n" \
  "i 2000 1 4 5 a\n" \
  "i 3000 6 7 8 5\n" \
  "i 4000 1 9 a 7\n" \
  "i 5000 b\n" \
  "i 6000 1 c 3 1e\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 1\n" \
  "t 4 1\n" \
  "t 5 4\n" \
  "t 6 1\n" \
  "a 64 2\n" \
  "a c8 3\n" \
  "a 32 4\n" \
  "a 40 5\n" \
  "a 1f4 6\n" \
  "+ 0\n" \
  "+ 0\n" \
  "+ 1\n" \
  "+ 2\n" \
  "- 2\n" \
  "+ 3\n" \
  "- 3\n" \
  "+ 4\n" \
  "- 0\n" \
  "- 0\n" \
  "c 64\n"

#define HT_TEST_DIFF_B \
  "v 10400 3\n" \
  "s 11 /tmp/build-b/prog\n" \
  "s 4 main\n" \
  "s 6 main.c\n" \
  "s b make_buffer\n" \
  "s 5 buf.c\n" \
  "s 1a /usr/lib64/libfoo.so.1.2.4\n" \
  "s 9 foo_alloc\n" \
  "s 5 foo.c\n" \
  "s 1d app::parse::hfedcba9876543210\n" \
  "s 8 parse.rs\n" \
  "s 12 /opt/lib/libbar.so\n" \
  "s 9 new_cache\n" \
  "i 1100 1 2 3 15\n" \
  "i 2100 1 4 5 e\n" \
  "i 3100 6 7 8 5\n" \
  "i 4100 1 9 a 7\n" \
  "i 5100 b\n" \
  "i 6100 1 c 3 28\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 1\n" \
  "t 4 1\n" \
  "t 5 4\n" \
  "t 6 1\n" \
  "a 64 2\n" \
  "a 12c 3\n" \
  "a 32 4\n" \
  "a 40 5\n" \
  "a 2bc 6\n" \
  "+ 0\n" \
  "+ 0\n" \
  "+ 0\n" \
  "+ 1\n" \
  "+ 2\n" \
  "- 2\n" \
  "+ 3\n" \
  "- 3\n" \
  "+ 3\n" \
  "- 3\n" \
  "+ 4\n" \
  "- 0\n" \
  "- 0\n" \
  "- 0\n" \
  "c c8\n"

/* The comparison of the traces @a (the base) and @b, loaded from files
 * written into a fresh folder and removed again */
static inline HtComparison *
load_comparison (const char *a,
                 const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-comparison-XXXXXX", &error);
  const char *texts[2] = { a, b };
  GFile *files[2];
  HtComparison *comparison;

  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (dir, i == 0 ? "a.trace" : "b.trace", NULL);

      g_file_set_contents (path, texts[i], -1, &error);
      g_assert_no_error (error);
      files[i] = g_file_new_for_path (path);
    }
  comparison = ht_comparison_new (files[0], files[1]);
  g_assert_true (ht_comparison_load (comparison, NULL, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_file_delete (files[i], NULL, NULL);
      g_object_unref (files[i]);
    }
  g_rmdir (dir);
  return comparison;
}

/**
 * ht_test_timeline_trace:
 * @steps: how many steps, each @step_ms long
 * @size: the bytes of the allocation of function "keep" at each step
 * @temporary: if not 0, each step also allocates and frees at once
 *   @temporary bytes, then twice, four and eight times that, in turn
 *   (function "scratch")
 * @keep: if not 0, from step @keep on each step frees one of keep's blocks
 *   again, so that @keep of them stay live
 *
 * Returns: (transfer full): a trace whose timeline is known at each
 *   step's end, k × @step_ms (k = 1 … @steps): k allocations of @size
 *   (and k temporary ones), a row at each step's end, runtime
 *   @steps × @step_ms + 1 ms
 */
static inline char *
ht_test_timeline_trace (guint steps,
                        guint step_ms,
                        guint size,
                        guint temporary,
                        guint keep)
{
  GString *text = g_string_new ("v 10400 3\n"
                                "s 4 prog\n"
                                "s 4 keep\n"
                                "s 7 scratch\n"
                                "i 10 1 2\n"
                                "t 1 0\n"
                                "i 20 1 3\n"
                                "t 2 0\n");

  g_string_append_printf (text, "a %x 1\n", size);
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (text, "a %x 2\n", temporary << i);
  for (guint k = 0; k < steps; k++)
    {
      g_string_append (text, "+ 0\n");
      if (temporary != 0)
        g_string_append_printf (text, "+ %x\n- %x\n", 1 + k % 4, 1 + k % 4);
      if (keep != 0 && k >= keep)
        g_string_append (text, "- 0\n");
      g_string_append_printf (text, "c %x\n", (k + 1) * step_ms);
    }
  return g_string_free (text, FALSE);
}

/* The overlays' sides of two timelines (ht_test_timeline_trace ()): A, 10
 * steps of 10 ms keeping 100 bytes each; B, 20 steps of 10 ms keeping 200
 * bytes each, with a temporary of 16, 32, 64, 128 bytes in turn */
static inline void
ht_test_overlay_sides (HtOverlaySide *sides[2])
{
  g_autofree char *a = ht_test_timeline_trace (10, 10, 100, 0, 0);
  g_autofree char *b = ht_test_timeline_trace (20, 10, 200, 16, 0);
  HtAnalysis *analysis = load_text (a);

  sides[0] = ht_overlay_side_new (analysis);
  ht_analysis_free (analysis);
  analysis = load_text (b);
  sides[1] = ht_overlay_side_new (analysis);
  ht_analysis_free (analysis);
}
