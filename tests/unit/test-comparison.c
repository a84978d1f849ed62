/* test-comparison.c: two traces loaded side by side for the comparison window
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-comparison.h"
#include "ht-diff-item.h"
#include "test-util.h"

/* g_format_size () puts a no-break space before the unit */
#define NBSP "\u00a0"

/* HT_TEST_DIFF_A and _B, or the two texts of the test's data, written as
 * files into a fresh folder */
typedef struct
{
  char  *dir;
  GFile *a;
  GFile *b;
} Traces;

static void
traces_set_up (Traces        *traces,
               gconstpointer  data)
{
  const char * const *texts = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  traces->dir = g_dir_make_tmp ("ht-comparison-XXXXXX", &error);
  g_assert_no_error (error);
  a = g_build_filename (traces->dir, "a.trace", NULL);
  b = g_build_filename (traces->dir, "b.trace", NULL);
  g_file_set_contents (a, texts ? texts[0] : HT_TEST_DIFF_A, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (b, texts ? texts[1] : HT_TEST_DIFF_B, -1, &error);
  g_assert_no_error (error);
  traces->a = g_file_new_for_path (a);
  traces->b = g_file_new_for_path (b);
}

static void
traces_tear_down (Traces        *traces,
                  gconstpointer  data)
{
  g_file_delete (traces->a, NULL, NULL);
  g_file_delete (traces->b, NULL, NULL);
  g_rmdir (traces->dir);
  g_clear_object (&traces->a);
  g_clear_object (&traces->b);
  g_free (traces->dir);
}

static HtComparison *
loaded (Traces *traces)
{
  g_autoptr(GError) error = NULL;
  HtComparison *comparison = ht_comparison_new (traces->a, traces->b);

  g_assert_true (ht_comparison_load (comparison, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (ht_comparison_get_failed_file (comparison));
  return comparison;
}

static const HtComparisonLine *
line_of (GPtrArray    *lines,
         HtDiffFigure  figure)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const HtComparisonLine *line = g_ptr_array_index (lines, i);

      if (line->figure == figure)
        return line;
    }
  g_assert_not_reached ();
}

static void
assert_line (GPtrArray    *lines,
             HtDiffFigure  figure,
             const char   *a,
             const char   *b,
             const char   *delta,
             const char   *percent,
             HtChange      change)
{
  const HtComparisonLine *line = line_of (lines, figure);

  g_assert_cmpstr (line->a, ==, a);
  g_assert_cmpstr (line->b, ==, b);
  g_assert_cmpstr (line->delta, ==, delta);
  g_assert_cmpstr (line->percent, ==, percent);
  g_assert_cmpint (line->change, ==, change);
}

/* The totals of test-util.h: calls 6 -> 8, temporary 2 -> 3, peak 900 ->
 * 1300, leaked 700 -> 1000, runtime 101 -> 201 ms */
static void
test_summary (Traces        *traces,
              gconstpointer  data)
{
  g_autoptr(HtComparison) comparison = loaded (traces);
  g_autoptr(GPtrArray) lines = ht_comparison_summary_lines (comparison);
  g_autoptr(GPtrArray) swapped = NULL;

  assert_line (lines, HT_DIFF_CALLS, "6", "8", "+2 ▲", "+33 %", HT_CHANGE_WORSE);
  assert_line (lines, HT_DIFF_TEMPORARY, "2", "3", "+1 ▲", "+50 %", HT_CHANGE_WORSE);
  assert_line (lines, HT_DIFF_PEAK, "900 bytes", "1.3" NBSP "KiB", "+400 bytes ▲", "+44 %", HT_CHANGE_WORSE);
  assert_line (lines, HT_DIFF_LEAKED, "700 bytes", "1000 bytes", "+300 bytes ▲", "+43 %", HT_CHANGE_WORSE);
  assert_line (lines, HT_DIFF_SUPPRESSED, "0 bytes", "0 bytes", "0 bytes", "—", HT_CHANGE_NONE);
  assert_line (lines, HT_DIFF_RUNTIME_MS, "101 ms", "201 ms", "+100 ms ▲", "+99 %", HT_CHANGE_WORSE);

  /* B is now the base: every change turns its sign and is better */
  ht_comparison_swap (comparison);
  g_assert_true (ht_comparison_get_file (comparison, HT_DIFF_A) == traces->b);
  swapped = ht_comparison_summary_lines (comparison);
  assert_line (swapped, HT_DIFF_CALLS, "8", "6", "−2 ▼", "−25 %", HT_CHANGE_BETTER);
  assert_line (swapped, HT_DIFF_PEAK, "1.3" NBSP "KiB", "900 bytes", "−400 bytes ▼", "−31 %", HT_CHANGE_BETTER);
}

/* old_cache has no partner in B, new_cache none in A */
static void
test_unmatched (Traces        *traces,
                gconstpointer  data)
{
  g_autoptr(HtComparison) comparison = loaded (traces);
  g_autofree char *a = ht_comparison_unmatched_text (comparison, HT_DIFF_A);
  g_autofree char *b = ht_comparison_unmatched_text (comparison, HT_DIFF_B);

  g_assert_cmpstr (a, ==, "1 of 5 sites unmatched: calls 1 (17 %), peak 500 bytes, leaked 500 bytes");
  g_assert_cmpstr (b, ==, "1 of 5 sites unmatched: calls 1 (12 %), peak 700 bytes, leaked 700 bytes");
}

static HtDiffItem *
item_named (GListModel *items,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(HtDiffItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (ht_diff_item_get_name (item), name) == 0)
        return g_steal_pointer (&item);
    }
  g_assert_not_reached ();
}

/* The bottom-up roots are the innermost functions, with both sides' costs;
 * the largest change of peak, whichever way, sorts first */
static void
test_tree_items (Traces        *traces,
                 gconstpointer  data)
{
  g_autoptr(HtComparison) comparison = loaded (traces);
  g_autoptr(GListModel) roots = ht_diff_item_list_roots (comparison, FALSE);
  g_autoptr(GListModel) top = ht_diff_item_list_roots (comparison, TRUE);
  g_autoptr(HtDiffItem) added = item_named (roots, "new_cache");
  g_autoptr(HtDiffItem) removed = item_named (roots, "old_cache");
  g_autoptr(HtDiffItem) buffer = item_named (roots, "make_buffer");
  g_autoptr(HtDiffItem) unresolved = item_named (roots, "<unresolved in libbar.so>");
  g_autoptr(HtDiffItem) main_item = item_named (top, "main");
  g_autoptr(GListModel) callers = ht_diff_item_list_children (buffer);
  g_autoptr(HtDiffItem) caller = NULL;
  g_autofree char *location = ht_diff_item_dup_location (buffer);
  g_autofree char *delta = NULL;

  g_assert_cmpint (ht_diff_item_get_status (added), ==, HT_DIFF_ADDED);
  g_assert_cmpint (ht_diff_item_get_status (removed), ==, HT_DIFF_REMOVED);
  g_assert_cmpint (ht_diff_item_get_status (buffer), ==, HT_DIFF_CHANGED);
  g_assert_cmpfloat (ht_diff_item_get_value (buffer, HT_DIFF_A, HT_COST_PEAK), ==, 200);
  g_assert_cmpfloat (ht_diff_item_get_value (buffer, HT_DIFF_B, HT_COST_PEAK), ==, 300);
  g_assert_cmpfloat (ht_diff_item_get_delta (removed, HT_COST_PEAK), ==, -500);
  g_assert_cmpfloat (ht_diff_item_get_delta (unresolved, HT_COST_ALLOCATIONS), ==, 1);
  g_assert_cmpstr (location, ==, "buf.c:14 · prog");
  g_assert_cmpuint (g_list_model_get_n_items (callers), ==, 1);
  /* main calls make_buffer, and nothing calls main */
  caller = g_list_model_get_item (callers, 0);
  g_assert_cmpstr (ht_diff_item_get_name (caller), ==, "main");
  g_assert_null (ht_diff_item_list_children (caller));

  g_assert_cmpint (ht_diff_item_compare (added, removed, HT_COST_PEAK), <, 0);
  g_assert_cmpint (ht_diff_item_compare (removed, buffer, HT_COST_PEAK), <, 0);
  g_assert_cmpint (ht_diff_item_compare (buffer, removed, HT_COST_PEAK), >, 0);
  /* the whole program, top-down: 900 -> 1300 */
  g_assert_cmpfloat (ht_diff_item_get_delta (main_item, HT_COST_PEAK), ==, 400);

  delta = ht_comparison_format_delta (comparison, HT_COST_PEAK, ht_diff_item_get_delta (removed, HT_COST_PEAK),
                                      NULL);
  g_assert_cmpstr (delta, ==, "−500 bytes ▼");

  /* changes below 30 % of the larger peak, 1300 B, are noise: 100 B is */
  g_assert_false (ht_diff_item_is_noise (buffer, HT_COST_PEAK));
  ht_comparison_set_noise_threshold (comparison, 0.3);
  g_assert_true (ht_diff_item_is_noise (buffer, HT_COST_PEAK));
  g_assert_false (ht_diff_item_is_noise (removed, HT_COST_PEAK));
  ht_comparison_set_noise_threshold (comparison, 0);

  /* per total: make_buffer's share of peak 22.2 % (200/900) -> 23.1 % (300/1300) */
  ht_comparison_set_normalise (comparison, HT_DIFF_PER_TOTAL);
  g_assert_cmpfloat_with_epsilon (ht_diff_item_get_value (buffer, HT_DIFF_A, HT_COST_PEAK), 200.0 / 900, 1e-9);
  g_clear_pointer (&delta, g_free);
  delta = ht_comparison_format_delta (comparison, HT_COST_PEAK, ht_diff_item_get_delta (buffer, HT_COST_PEAK),
                                      NULL);
  g_assert_cmpstr (delta, ==, "+0.9 pp ▲");
}

static void
changed_cb (HtComparison *comparison,
            guint        *count)
{
  (*count)++;
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  ht_comparison_load_finish (HT_COMPARISON (source), result, error);
  g_main_context_wakeup (NULL);
}

/* A base that does not load: the comparison names it */
static void
test_failed_file (Traces        *traces,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (traces->dir, "missing.trace", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (path);
  g_autoptr(HtComparison) comparison = ht_comparison_new (missing, traces->b);
  g_autoptr(HtComparison) good = ht_comparison_new (traces->a, traces->b);
  GError *error = NULL;
  guint changes = 0;

  ht_comparison_load_async (comparison, NULL, load_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (ht_comparison_get_failed_file (comparison) == missing);
  g_assert_null (ht_comparison_get_diff (comparison));
  g_clear_error (&error);

  /* the same in the worker thread, and the views hear of a swap */
  ht_comparison_load_async (good, NULL, load_cb, &error);
  while (ht_comparison_get_diff (good) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  g_signal_connect (good, "changed", G_CALLBACK (changed_cb), &changes);
  ht_comparison_swap (good);
  ht_comparison_set_normalise (good, HT_DIFF_PER_TOTAL);
  ht_comparison_set_normalise (good, HT_DIFF_PER_TOTAL);
  ht_comparison_set_noise_threshold (good, 0.3);
  g_assert_cmpuint (changes, ==, 3);
}

/* A: 10 steps of 10 ms, 100 bytes each; B: 20 steps of 10 ms, 200 bytes
 * each and a temporary of 16, 32, 64, 128 bytes in turn
 * (ht_test_timeline_trace ()) */
static void
test_chart_overlay (Traces        *traces,
                    gconstpointer  data)
{
  g_autoptr(HtComparison) comparison = loaded (traces);
  g_autoptr(HtChartOverlay) consumed = ht_comparison_chart_overlay (comparison, HT_COST_PEAK, HT_OVERLAY_ABSOLUTE);
  g_autoptr(HtChartOverlay) calls = ht_comparison_chart_overlay (comparison, HT_COST_ALLOCATIONS,
                                                                 HT_OVERLAY_ABSOLUTE);
  g_autoptr(HtChartOverlay) normalised = NULL;
  g_autoptr(HtChartOverlay) swapped = NULL;
  g_autofree char *text = NULL;
  int row;

  /* rows at 0, each step's end and the runtime: 101 ms and 201 ms; the
   * axis is the longer run's */
  g_assert_cmpuint (consumed->n_rows[HT_DIFF_A], ==, 12);
  g_assert_cmpuint (consumed->n_rows[HT_DIFF_B], ==, 22);
  g_assert_cmpfloat (consumed->end, ==, 201);
  g_assert_cmpstr (consumed->labels[HT_DIFF_A], ==, "A: a.trace");
  g_assert_cmpstr (consumed->labels[HT_DIFF_B], ==, "B: b.trace");

  /* at 50 ms: A 5 × 100 B; B 5 × 200 B, and its highest since 40 ms
   * counts step 5's temporary of 16 B; 5 calls against 10 */
  row = ht_chart_overlay_row_at (consumed, HT_DIFF_A, 50);
  g_assert_cmpfloat (consumed->x[HT_DIFF_A][row], ==, 50);
  g_assert_cmpint (consumed->values[HT_DIFF_A][row], ==, 500);
  row = ht_chart_overlay_row_at (consumed, HT_DIFF_B, 55);
  g_assert_cmpfloat (consumed->x[HT_DIFF_B][row], ==, 50);
  g_assert_cmpint (consumed->values[HT_DIFF_B][row], ==, 1016);
  g_assert_cmpint (calls->values[HT_DIFF_A][ht_chart_overlay_row_at (calls, HT_DIFF_A, 50)], ==, 5);
  g_assert_cmpint (calls->values[HT_DIFF_B][ht_chart_overlay_row_at (calls, HT_DIFF_B, 50)], ==, 10);
  g_assert_cmpint (calls->max, ==, 40);
  /* A ended at 101 ms */
  g_assert_cmpint (ht_chart_overlay_row_at (calls, HT_DIFF_A, 150), ==, -1);
  text = ht_chart_overlay_describe (calls, 150);
  g_assert_cmpstr (text, ==, "At 150 ms\nA: a.trace: ended at 101 ms\nB: b.trace: 30");
  g_clear_pointer (&text, g_free);
  text = ht_chart_overlay_describe (consumed, 50);
  g_assert_cmpstr (text, ==, "At 50 ms\nA: a.trace: 500 bytes\nB: b.trace: 1016 bytes");
  g_clear_pointer (&text, g_free);

  /* normalised, both runs end at 100 %; A's 50 ms are 50/101 of its run,
   * B's 100 ms 100/201 of its */
  normalised = ht_comparison_chart_overlay (comparison, HT_COST_ALLOCATIONS, HT_OVERLAY_NORMALISED);
  g_assert_cmpfloat (normalised->end, ==, 100);
  g_assert_cmpfloat (normalised->x[HT_DIFF_A][normalised->n_rows[HT_DIFF_A] - 1], ==, 100);
  g_assert_cmpfloat (normalised->x[HT_DIFF_B][normalised->n_rows[HT_DIFF_B] - 1], ==, 100);
  g_assert_cmpfloat_with_epsilon (normalised->x[HT_DIFF_A][5], 100.0 * 50 / 101, 1e-9);
  text = ht_chart_overlay_describe (normalised, 50);
  g_assert_cmpstr (text, ==, "At 50.0 % of each run\nA: a.trace (at 50 ms): 5\nB: b.trace (at 100 ms): 20");
  g_clear_pointer (&text, g_free);

  /* swapped: B's timeline is A's */
  ht_comparison_swap (comparison);
  swapped = ht_comparison_chart_overlay (comparison, HT_COST_PEAK, HT_OVERLAY_ABSOLUTE);
  g_assert_cmpstr (swapped->labels[HT_DIFF_A], ==, "A: b.trace");
  g_assert_cmpuint (swapped->n_rows[HT_DIFF_A], ==, 22);
  g_assert_cmpuint (swapped->n_rows[HT_DIFF_B], ==, 12);
  for (guint r = 0; r < swapped->n_rows[HT_DIFF_B]; r++)
    g_assert_cmpint (swapped->values[HT_DIFF_B][r], ==, consumed->values[HT_DIFF_A][r]);
}

/* The sizes of test_chart_overlay ()'s traces, A's down, B's up */
static void
test_histogram_overlay (Traces        *traces,
                        gconstpointer  data)
{
  g_autoptr(HtComparison) comparison = loaded (traces);
  g_autofree char *text = NULL;
  g_autoptr(HtHistogramOverlay) swapped = NULL;
  g_autoptr(HtHistogramOverlay) histogram = ht_comparison_histogram_overlay (comparison);
  /* buckets 5 (16–31 B) to 8 (128–255 B): A's 100 B, B's temporaries
   * and its 200 B */
  static const guint64 a[] = { 0, 0, 10, 0 };
  static const guint64 b[] = { 5, 5, 5, 25 };

  g_assert_cmpuint (histogram->first_bucket, ==, 5);
  g_assert_cmpuint (histogram->n_buckets, ==, 9);
  g_assert_cmpuint (histogram->max, ==, 25);
  for (guint i = 0; i < G_N_ELEMENTS (a); i++)
    {
      g_assert_cmpuint (histogram->calls[HT_DIFF_A][5 + i], ==, a[i]);
      g_assert_cmpuint (histogram->calls[HT_DIFF_B][5 + i], ==, b[i]);
    }
  text = ht_histogram_overlay_describe (histogram, 8);
  g_assert_cmpstr (text, ==, "128–255 B\nA: a.trace: 0 calls\nB: b.trace: 25 calls");

  ht_comparison_swap (comparison);
  swapped = ht_comparison_histogram_overlay (comparison);
  g_assert_cmpuint (swapped->calls[HT_DIFF_A][8], ==, 25);
  g_assert_cmpuint (swapped->calls[HT_DIFF_B][7], ==, 10);
}

/* Two moments of one trace: the heap at 1 s against the heap at 2 s of
 * the clock trace, whose live sets are known (test-util.h) */
static void
test_moments (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-comparison-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clock.trace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HtComparison) comparison = ht_comparison_new_moments (file, 1000, 2000);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL, *swapped = NULL, *a = NULL, *b = NULL;
  g_autofree char *expected_a = g_strdup_printf ("%s at 2.00 s", path);
  g_autoptr(GPtrArray) lines = NULL;
  const HtComparisonLine *leaked;
  HtDiff *diff;

  g_assert_true (g_file_set_contents (path, HT_TEST_CLOCK_TRACE, -1, NULL));
  title = ht_comparison_get_title (comparison);
  g_assert_cmpstr (title, ==, "clock.trace at 1.00 s → 2.00 s");
  g_assert_true (ht_comparison_load (comparison, NULL, &error));
  g_assert_no_error (error);

  /* live at 1 s: scratch's 4096 B; at 2 s: make_buffer's 1,100,000 B and
   * make_cache's 130,000 B */
  diff = ht_comparison_get_diff (comparison);
  g_assert_cmpint (diff->side[HT_DIFF_A].figures[HT_DIFF_LEAKED], ==, 4096);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_LEAKED], ==, 1230000);
  lines = ht_comparison_summary_lines (comparison);
  leaked = line_of (lines, HT_DIFF_LEAKED);
  g_assert_cmpstr (leaked->label, ==, "Live");
  g_assert_cmpstr (leaked->delta, ==, "+1.2" NBSP "MiB ▲");

  /* swapped, the later moment is the base */
  ht_comparison_swap (comparison);
  swapped = ht_comparison_get_title (comparison);
  g_assert_cmpstr (swapped, ==, "clock.trace at 2.00 s → 1.00 s");
  a = ht_comparison_describe_side (comparison, HT_DIFF_A);
  g_assert_cmpstr (a, ==, expected_a);
  b = ht_comparison_get_side_name (comparison, HT_DIFF_B);
  g_assert_cmpstr (b, ==, "1.00 s");

  g_remove (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *timeline_a = ht_test_timeline_trace (10, 10, 100, 0, 0);
  g_autofree char *timeline_b = ht_test_timeline_trace (20, 10, 200, 16, 0);
  const char *timelines[] = { timeline_a, timeline_b };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ht/comparison/summary", Traces, NULL, traces_set_up, test_summary, traces_tear_down);
  g_test_add ("/ht/comparison/unmatched", Traces, NULL, traces_set_up, test_unmatched, traces_tear_down);
  g_test_add ("/ht/comparison/tree-items", Traces, NULL, traces_set_up, test_tree_items, traces_tear_down);
  g_test_add ("/ht/comparison/chart-overlay", Traces, timelines, traces_set_up, test_chart_overlay,
              traces_tear_down);
  g_test_add ("/ht/comparison/histogram-overlay", Traces, timelines, traces_set_up, test_histogram_overlay,
              traces_tear_down);
  g_test_add ("/ht/comparison/failed-file", Traces, NULL, traces_set_up, test_failed_file, traces_tear_down);
  g_test_add_func ("/ht/comparison/moments", test_moments);

  return g_test_run ();
}
