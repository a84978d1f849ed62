/* test-chart.c: the charts' series of hand-made traces, from the first reading or a second
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-chart.h"
#include "chart-test-util.h"

/* the live total at each row time, and the highest since the row before */
static void
test_live (void)
{
  static const guint64 times[] = { 0, 1, 2, 3, 4, 5 };
  static const gint64 live[] = { 0, 16, 48, 48, 48, 32 };
  static const gint64 highest[] = { 0, 16, 48, 80, 48, 48 };
  static const gint64 alloc[] = { 0, 16, 16, 16, 16, 0 };
  static const gint64 main_[] = { 0, 0, 32, 32, 32, 32 };
  Trace trace;
  g_autoptr(HtChart) consumed = NULL;
  gboolean found;

  trace_open (&trace, CHART_TRACE);
  consumed = trace_chart (&trace, HT_COST_PEAK);
  g_assert_true (ht_chart_is_bytes (consumed));
  g_assert_cmpuint (consumed->n_rows, ==, G_N_ELEMENTS (times));
  g_assert_cmpuint (consumed->n_series, ==, 2);
  g_assert_cmpint (consumed->peak, ==, 80);
  g_assert_cmpuint (consumed->peak_time, ==, 2);
  g_assert_cmpuint (consumed->runtime, ==, 5);
  /* main has the larger share of the peak (48 of 80) */
  g_assert_cmpstr (consumed->names[0], ==, "main (m)");
  g_assert_cmpstr (consumed->names[1], ==, "alloc (m)");
  for (guint r = 0; r < consumed->n_rows; r++)
    {
      g_assert_cmpuint (consumed->times[r], ==, times[r]);
      g_assert_cmpint (consumed->live[r], ==, live[r]);
      g_assert_cmpint (consumed->totals[r], ==, highest[r]);
      g_assert_cmpint (consumed->values[0][r], ==, main_[r]);
      g_assert_cmpint (consumed->values[1][r], ==, alloc[r]);
    }
  g_assert_cmpint (ht_chart_get_max (consumed), ==, 16 * 4096);

  /* the resident size from its sample on */
  g_assert_cmpuint (consumed->rss->len, ==, 1);
  ht_chart_rss_at (consumed, 2, &found);
  g_assert_false (found);
  g_assert_cmpint (ht_chart_rss_at (consumed, 4, &found), ==, 16 * 4096);
  g_assert_true (found);
  trace_close (&trace);
}

/* the heap at a row's time (docs/figures.md §14.1) totals its live figure */
static void
test_heap_at_row (void)
{
  Trace trace;
  g_autoptr(HtChart) consumed = NULL;

  trace_open (&trace, CHART_TRACE);
  consumed = trace_chart (&trace, HT_COST_PEAK);
  for (guint r = 0; r < consumed->n_rows; r++)
    {
      HtAnalysisOptions options = { 0, consumed->times[r], TRUE, TRUE, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(HtAnalysis) at = ht_analysis_load (trace.path, &options, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (at->total.leaked, ==, consumed->live[r]);
    }
  trace_close (&trace);
}

static void
test_counts (void)
{
  static const gint64 calls[] = { 0, 1, 3, 5, 5, 5 };
  static const gint64 temporary[] = { 0, 0, 1, 1, 1, 1 };
  Trace trace;
  g_autoptr(HtChart) allocations = NULL;
  g_autoptr(HtChart) temp = NULL;

  trace_open (&trace, CHART_TRACE);
  allocations = trace_chart (&trace, HT_COST_ALLOCATIONS);
  temp = trace_chart (&trace, HT_COST_TEMPORARY);
  g_assert_false (ht_chart_is_bytes (allocations));
  g_assert_null (allocations->live);
  g_assert_null (allocations->rss);
  g_assert_cmpuint (temp->n_series, ==, 1);
  for (guint r = 0; r < allocations->n_rows; r++)
    {
      g_assert_cmpint (allocations->totals[r], ==, calls[r]);
      g_assert_cmpint (temp->totals[r], ==, temporary[r]);
      g_assert_cmpint (temp->values[0][r], ==, temporary[r]);
    }
  /* main: 3 calls, alloc 2 */
  g_assert_cmpint (allocations->values[0][5], ==, 3);
  g_assert_cmpint (allocations->values[1][5], ==, 2);
  trace_close (&trace);
}

static void
assert_same_chart (const HtChart *a,
                   const HtChart *b)
{
  g_assert_cmpuint (a->type, ==, b->type);
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpuint (a->n_series, ==, b->n_series);
  for (guint r = 0; r < a->n_rows; r++)
    {
      g_assert_cmpint (a->totals[r], ==, b->totals[r]);
      g_assert_true ((a->live == NULL) == (b->live == NULL));
      if (a->live != NULL)
        g_assert_cmpint (a->live[r], ==, b->live[r]);
      for (guint g = 0; g < a->n_series; g++)
        g_assert_cmpint (a->values[g][r], ==, b->values[g][r]);
    }
  for (guint g = 0; g < a->n_series; g++)
    g_assert_cmpstr (a->names[g], ==, b->names[g]);
}

/* three costs in one pass come out as three passes would have them, with
 * the colour slots of the trace's location colours */
static void
test_several (void)
{
  static const HtCostType types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  g_autoptr(HtLocationColours) colours = NULL;
  HtChart *charts[G_N_ELEMENTS (types)];

  g_assert_no_error (error);
  colours = ht_location_colours_new (a, 5);
  g_assert_true (ht_chart_new_several (a, path, types, G_N_ELEMENTS (types), 5, colours, charts, NULL, &error));
  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      g_autoptr(HtChart) alone = ht_chart_new (a, path, types[c], 5, NULL, &error);

      g_assert_no_error (error);
      assert_same_chart (charts[c], alone);
      for (guint g = 0; g < charts[c]->n_series; g++)
        {
          g_assert_cmpint (charts[c]->slots[g], ==,
                           ht_location_colours_slot (colours, a, g_ptr_array_index (charts[c]->groups, g)));
          g_assert_cmpint (charts[c]->slots[g], !=, HT_LOCATION_NO_SLOT);
        }
      ht_chart_free (charts[c]);
    }
}

/* The charts of @trace's analysis from the location series of its first
 * reading equal those of a second reading of the file */
static void
assert_first_reading_is_second (Trace *trace)
{
  static const HtCostType types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  HtChart *first[G_N_ELEMENTS (types)], *second[G_N_ELEMENTS (types)];
  g_autoptr(HtLocationSeries) locations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (trace->analysis->locations);
  g_assert_true (ht_chart_new_several (trace->analysis, "/nonexistent", types, G_N_ELEMENTS (types), 6,
                                       NULL, first, NULL, &error));
  g_assert_no_error (error);
  locations = g_steal_pointer (&trace->analysis->locations);
  g_assert_true (ht_chart_new_several (trace->analysis, trace->path, types, G_N_ELEMENTS (types), 6,
                                       NULL, second, NULL, &error));
  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      assert_same_chart (first[c], second[c]);
      g_assert_true ((first[c]->rss == NULL) == (second[c]->rss == NULL));
      if (first[c]->rss != NULL && second[c]->rss->len <= HT_LOCATION_SERIES_MAX_RSS)
        {
          g_assert_cmpuint (first[c]->rss->len, ==, second[c]->rss->len);
          g_assert_cmpmem (first[c]->rss->data, first[c]->rss->len * sizeof (HtRssSample),
                           second[c]->rss->data, second[c]->rss->len * sizeof (HtRssSample));
        }
      ht_chart_free (first[c]);
      ht_chart_free (second[c]);
    }
  trace->analysis->locations = g_steal_pointer (&locations);
}

/* The first reading notes each location at each row, so that the charts
 * need no second one: the same figures, also after the rows merged; a
 * trace of too many locations has the second reading */
static void
test_first_reading (void)
{
  g_autofree char *timeline = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-timeline.zst", NULL);
  g_autoptr(GString) text = g_string_new (CHART_HEADER);
  g_autoptr(GString) many = g_string_new ("v 10400 3\nI 1000 100000\ns 1 m\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  Trace trace;

  trace_open (&trace, CHART_TRACE);
  assert_first_reading_is_second (&trace);
  trace_close (&trace);

  trace.path = g_strdup (timeline);
  trace.analysis = ht_analysis_load (timeline, NULL, NULL, NULL, NULL, NULL);
  assert_first_reading_is_second (&trace);
  g_clear_pointer (&trace.path, g_free);
  g_clear_pointer (&trace.analysis, ht_analysis_free);

  /* 3,000 timestamps: the rows merge twice */
  for (guint i = 0; i < 12000; i++)
    {
      guint kind = g_rand_int_range (rand, 0, 8);

      if (kind == 0)
        g_string_append_printf (text, "c %x\n", i);
      else if (kind == 1)
        g_string_append_printf (text, "R %x\n", g_rand_int_range (rand, 1, 100));
      else
        g_string_append_printf (text, "%c %x\n", kind < 5 ? '+' : '-', g_rand_int_range (rand, 0, 3));
    }
  trace_open (&trace, text->str);
  g_assert_cmpuint (trace.analysis->series->len, <, 1024);
  assert_first_reading_is_second (&trace);
  trace_close (&trace);

  /* a location more than the first reading notes */
  for (guint l = 0; l <= HT_LOCATION_SERIES_MAX_LOCATIONS; l++)
    g_string_append_printf (many, "i %x 1 0 0 %x\nt %x 0\na 10 %x\n+ %x\n", 0x100 + l, l, l + 1, l + 1, l);
  trace_open (&trace, many->str);
  g_assert_null (trace.analysis->locations);
  g_assert_cmpuint (trace.analysis->sites->len, ==, HT_LOCATION_SERIES_MAX_LOCATIONS + 1);
  trace_close (&trace);
}

/* a pass that fails leaves no chart behind */
static void
test_unreadable (void)
{
  static const HtCostType types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  HtChart *charts[2] = { NULL, NULL };
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "no-such-trace.zst", NULL);

  g_assert_no_error (error);
  /* as for a trace of too many locations for the first reading to note */
  g_clear_pointer (&a->locations, ht_location_series_free);
  g_assert_false (ht_chart_new_several (a, missing, types, 2, 5, NULL, charts, NULL, &error));
  g_assert_nonnull (error);
  g_assert_null (charts[0]);
  g_assert_null (charts[1]);
}

/* traces with little in them still make charts that can be drawn */
static void
test_odd (void)
{
  static const char * const odd[] = {
    "v 10400 3\n",                     /* no allocations, no timestamps */
    CHART_HEADER "+ 0\n",                    /* one event, no timestamps */
    CHART_HEADER "c 0\n+ 0\n",               /* a runtime of 1 ms */
    CHART_HEADER "c 5\n+ 0\n- 0\n",          /* one temporary allocation */
  };

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      Trace trace;
      g_autoptr(HtChart) consumed = NULL;
      g_autoptr(HtChart) temporary = NULL;
      g_autofree char *csv = NULL;
      g_autofree char *text = NULL;

      trace_open (&trace, odd[i]);
      consumed = trace_chart (&trace, HT_COST_PEAK);
      temporary = trace_chart (&trace, HT_COST_TEMPORARY);
      g_assert_cmpuint (consumed->n_rows, >=, 2);
      g_assert_cmpuint (consumed->times[consumed->n_rows - 1], ==, trace.analysis->runtime);
      g_assert_cmpint (ht_chart_get_max (consumed), >=, 1);
      g_assert_cmpint (ht_chart_get_max (temporary), >=, 1);
      g_assert_cmpint (consumed->live[consumed->n_rows - 1], ==, trace.analysis->total.leaked);
      g_assert_cmpuint (ht_chart_row_at (consumed, 1000000), ==, consumed->n_rows - 1);
      text = ht_chart_describe_row (consumed, consumed->n_rows - 1, TRUE);
      g_assert_nonnull (text);
      csv = ht_chart_to_csv (temporary);
      g_assert_true (g_str_has_prefix (csv, "time_ms,total"));
      trace_close (&trace);
    }
}

static void
test_csv (void)
{
  Trace trace;
  g_autoptr(HtChart) consumed = NULL;
  g_autofree char *csv = NULL;

  trace_open (&trace, CHART_TRACE);
  consumed = trace_chart (&trace, HT_COST_PEAK);
  g_free (consumed->names[1]);
  consumed->names[1] = g_strdup ("f<a, b> (\"x\".c:1)");
  csv = ht_chart_to_csv (consumed);
  g_assert_cmpstr (csv, ==,
                   "time_ms,total,main (m),\"f<a, b> (\"\"x\"\".c:1)\"\n"
                   "0,0,0,0\n"
                   "1,16,0,16\n"
                   "2,48,32,16\n"
                   "3,80,32,16\n"
                   "4,48,32,16\n"
                   "5,48,32,0\n");
  trace_close (&trace);
}

static void
test_describe (void)
{
  Trace trace;
  g_autoptr(HtChart) consumed = NULL;
  g_autoptr(HtChart) allocations = NULL;
  g_autofree char *row3 = NULL;
  g_autofree char *row4 = NULL;
  g_autofree char *calls = NULL;

  trace_open (&trace, CHART_TRACE);
  consumed = trace_chart (&trace, HT_COST_PEAK);
  allocations = trace_chart (&trace, HT_COST_ALLOCATIONS);
  /* before the resident-size sample */
  row3 = ht_chart_describe_row (consumed, 2, FALSE);
  g_assert_cmpstr (row3, ==, "at 2 ms: 48 bytes live, highest since previous sample 48 bytes");
  row4 = ht_chart_describe_row (consumed, 4, TRUE);
  g_assert_cmpstr (row4, ==, "at 4 ms: 48 bytes live, highest since previous sample 48 bytes, resident 64.0\u00a0KiB\n"
                             "main (m): 32 bytes\nalloc (m): 16 bytes");
  calls = ht_chart_describe_row (allocations, 1, FALSE);
  g_assert_cmpstr (calls, ==, "at 1 ms: 1 allocation");

  g_assert_cmpuint (ht_chart_row_at (consumed, 0), ==, 0);
  g_assert_cmpuint (ht_chart_row_at (consumed, 3), ==, 3);
  trace_close (&trace);
}

static void
test_axes (void)
{
  g_autofree char *ms = NULL;
  g_autofree char *s = NULL;
  g_autofree char *min = NULL;
  g_autofree char *mib = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *k = NULL;

  g_assert_cmpfloat (ht_chart_nice_step (100, 5), ==, 20);
  g_assert_cmpfloat (ht_chart_nice_step (100, 10), ==, 10);
  g_assert_cmpfloat (ht_chart_nice_step (7, 4), ==, 2);
  g_assert_cmpfloat (ht_chart_nice_step (0.3, 3), ==, 0.1);
  g_assert_cmpfloat (ht_chart_nice_step (0, 3), ==, 1);
  g_assert_cmpfloat (ht_chart_nice_step (1e6, 4), ==, 5e5);

  g_assert_cmpfloat (ht_chart_time_unit (500), ==, 1);
  g_assert_cmpfloat (ht_chart_time_unit (20000), ==, 1000);
  g_assert_cmpfloat (ht_chart_time_unit (600000), ==, 60000);
  ms = ht_chart_format_time (250, 1);
  s = ht_chart_format_time (1500, 1000);
  min = ht_chart_format_time (90000, 60000);
  g_assert_cmpstr (ms, ==, "250 ms");
  g_assert_cmpstr (s, ==, "1.5 s");
  g_assert_cmpstr (min, ==, "1.5 min");

  g_assert_cmpfloat (ht_chart_value_unit (1000, TRUE), ==, 1);
  g_assert_cmpfloat (ht_chart_value_unit (3 * 1024 * 1024, TRUE), ==, 1024 * 1024);
  g_assert_cmpfloat (ht_chart_value_unit (12000, FALSE), ==, 1000);
  mib = ht_chart_format_value (1.5 * 1024 * 1024, 1024 * 1024, TRUE);
  bytes = ht_chart_format_value (512, 1, TRUE);
  k = ht_chart_format_value (2500, 1000, FALSE);
  g_assert_cmpstr (mib, ==, "1.5 MiB");
  g_assert_cmpstr (bytes, ==, "512 B");
  g_assert_cmpstr (k, ==, "2.5k");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/chart/live", test_live);
  g_test_add_func ("/ht/chart/heap-at-row", test_heap_at_row);
  g_test_add_func ("/ht/chart/counts", test_counts);
  g_test_add_func ("/ht/chart/several", test_several);
  g_test_add_func ("/ht/chart/unreadable", test_unreadable);
  g_test_add_func ("/ht/chart/first-reading", test_first_reading);
  g_test_add_func ("/ht/chart/odd", test_odd);
  g_test_add_func ("/ht/chart/csv", test_csv);
  g_test_add_func ("/ht/chart/describe", test_describe);
  g_test_add_func ("/ht/chart/axes", test_axes);
  return g_test_run ();
}
