/* test-histogram.c: allocation sizes in powers of two, stacked by location
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ht-histogram.h"
#include "ht-location-colours.h"
#include "test-util.h"

/* location "alloc" allocates 0, 1, 3, 4, 7 and 100 bytes (1, 2, 3, 4, 5 and
 * 6 calls: 21), location "other" 100 bytes (30 calls) */
#define TRACE \
  "v 10400 3\n" \
  "s 1 m\n" \
  "s 5 alloc\n" \
  "s 5 other\n" \
  "i 10 1 2\n" \
  "i 20 1 3\n" \
  "t 1 0\n" \
  "t 2 0\n" \
  "a 0 1\n" \
  "a 1 1\n" \
  "a 3 1\n" \
  "a 4 1\n" \
  "a 7 1\n" \
  "a 64 1\n" \
  "a 64 2\n"

static char *
events (void)
{
  static const guint calls[] = { 1, 2, 3, 4, 5, 6, 30 };
  GString *s = g_string_new (TRACE);

  for (guint info = 0; info < G_N_ELEMENTS (calls); info++)
    for (guint n = 0; n < calls[info]; n++)
      g_string_append_printf (s, "+ %x\n", info);
  return g_string_free (s, FALSE);
}

static void
test_buckets (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 1);
  static const guint64 totals[] = { 1, 2, 3, 9, 0, 0, 0, 36 };
  static const guint64 rest[] = { 1, 2, 3, 9, 0, 0, 0, 6 };
  const HtSizeCount *size;

  g_assert_cmpuint (h->n_buckets, ==, 8);
  for (guint b = 0; b < h->n_buckets; b++)
    {
      g_assert_cmpuint (h->totals[b], ==, totals[b]);
      /* the location with the most calls on its own, the rest together */
      g_assert_cmpuint (h->values[0][b], ==, b == 7 ? 30 : 0);
      g_assert_cmpuint (h->values[1][b], ==, rest[b]);
    }
  g_assert_cmpuint (h->n_series, ==, 1);
  g_assert_cmpint (((HtLeafGroup *) g_ptr_array_index (h->groups, 0))->cost.allocations, ==, 30);

  /* a bucket's bounds, and its exact sizes, one entry per size */
  g_assert_cmpuint (ht_histogram_bucket_lower (0), ==, 0);
  g_assert_cmpuint (ht_histogram_bucket_upper (0), ==, 0);
  g_assert_cmpuint (ht_histogram_bucket_lower (3), ==, 4);
  g_assert_cmpuint (ht_histogram_bucket_upper (3), ==, 7);
  g_assert_cmpuint (ht_histogram_bucket_lower (7), ==, 64);
  g_assert_cmpuint (ht_histogram_bucket_upper (7), ==, 127);
  g_assert_cmpuint (ht_histogram_bucket_upper (64), ==, G_MAXUINT64);
  g_assert_cmpuint (h->sizes[3]->len, ==, 2);
  size = &g_array_index (h->sizes[3], HtSizeCount, 1);
  g_assert_cmpuint (size->size, ==, 7);
  g_assert_cmpuint (size->count, ==, 5);
  g_assert_cmpuint (h->sizes[7]->len, ==, 1);
  size = &g_array_index (h->sizes[7], HtSizeCount, 0);
  g_assert_cmpuint (size->size, ==, 100);
  g_assert_cmpuint (size->count, ==, 36);
}

/* no allocations: no buckets, nothing to stack, a CSV of its header only */
static void
test_empty (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (TRACE);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autofree char *csv = ht_histogram_to_csv (h, analysis);

  g_assert_cmpuint (h->n_buckets, ==, 0);
  g_assert_cmpuint (h->n_series, ==, 0);
  g_assert_cmpuint (ht_histogram_total_calls (h), ==, 0);
  g_assert_cmpuint (ht_histogram_first_bucket (h), ==, 0);
  g_assert_cmpstr (csv, ==, "bucket_lower,bucket_upper,calls,other locations\n");
}

static void
assert_label (guint       bucket,
              const char *expected)
{
  g_autofree char *label = ht_histogram_bucket_label (bucket);

  g_assert_cmpstr (label, ==, expected);
}

/* exact below 1 KiB, whole powers of two of a unit above */
static void
test_bucket_labels (void)
{
  assert_label (0, "0 B");
  assert_label (1, "1 B");
  assert_label (2, "2–3 B");
  assert_label (4, "8–15 B");
  assert_label (10, "512–1023 B");
  assert_label (11, "1–2 KiB");
  assert_label (20, "512 KiB–1 MiB");
  assert_label (21, "1–2 MiB");
  assert_label (64, "8–16 EiB");
}

/* what the label under the picture and a bar's tooltip say */
static void
test_texts (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 1);
  g_autofree char *name = ht_histogram_series_name (h, analysis, 0);
  g_autofree char *rest = ht_histogram_series_name (h, analysis, 1);
  g_autofree char *summary = ht_histogram_bucket_summary (h, 7);
  g_autofree char *empty = ht_histogram_bucket_summary (h, 5);
  g_autofree char *details = ht_histogram_bucket_details (h, analysis, 3, 1);
  g_autofree char *top = ht_histogram_bucket_details (h, analysis, 7, 5);

  g_assert_cmpuint (ht_histogram_total_calls (h), ==, 51);
  g_assert_cmpuint (ht_histogram_first_bucket (h), ==, 0);
  g_assert_cmpuint (ht_histogram_tallest_bucket (h), ==, 7);
  /* no file: the module */
  g_assert_cmpstr (name, ==, "other (m)");
  g_assert_cmpstr (rest, ==, "other locations");
  g_assert_cmpstr (summary, ==, "64–127 B: 36 calls (70.6 %), most often 100 bytes");
  g_assert_cmpstr (empty, ==, "16–31 B: 0 calls (0.0 %)");
  /* the most frequent sizes first, as many as asked for */
  g_assert_cmpstr (details, ==,
                   "4–7 B: 9 calls (17.6 %)\n"
                   "from 4 to 7 bytes\n"
                   "\n"
                   "Calls by location:\n"
                   "  other locations: 9\n"
                   "\n"
                   "Sizes:\n"
                   "  7 bytes: 5 calls\n"
                   "  and 1 more size");
  g_assert_cmpstr (top, ==,
                   "64–127 B: 36 calls (70.6 %)\n"
                   "from 64 to 127 bytes\n"
                   "\n"
                   "Calls by location:\n"
                   "  other (m): 30\n"
                   "  other locations: 6\n"
                   "\n"
                   "Sizes:\n"
                   "  100 bytes: 36 calls");
}

/* names in a legend: templates shortened unless two locations would read
 * the same, the file's name without its folders */
static void
test_series_names (void)
{
  g_autoptr(HtAnalysis) analysis = load_text ("v 10400 3\n"
                                              "s 1 m\n"
                                              "s 8 f<int>()\n"
                                              "s b f<double>()\n"
                                              "s 8 g<int>()\n"
                                              "s 7 dir/a.h\n"
                                              "i 10 1 2 5 3\n"
                                              "i 20 1 3 5 3\n"
                                              "i 30 1 4 5 9\n"
                                              "t 1 0\n"
                                              "t 2 0\n"
                                              "t 3 0\n"
                                              "a 8 1\n"
                                              "a 8 2\n"
                                              "a 8 3\n"
                                              "+ 0\n+ 0\n+ 0\n"
                                              "+ 1\n+ 1\n"
                                              "+ 2\n");
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autofree char *first = ht_histogram_series_name (h, analysis, 0);
  g_autofree char *second = ht_histogram_series_name (h, analysis, 1);
  g_autofree char *third = ht_histogram_series_name (h, analysis, 2);

  g_assert_cmpuint (h->n_series, ==, 3);
  g_assert_cmpstr (first, ==, "f<int>() (a.h:3)");
  g_assert_cmpstr (second, ==, "f<double>() (a.h:3)");
  g_assert_cmpstr (third, ==, "g<>() (a.h:9)");
}

/* one line per bucket from the first with calls, a column per stacked
 * location and one for the rest */
static void
test_csv (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 1);
  g_autofree char *csv = ht_histogram_to_csv (h, analysis);

  g_assert_cmpstr (csv, ==,
                   "bucket_lower,bucket_upper,calls,other (m),other locations\n"
                   "0,0,1,0,1\n"
                   "1,1,2,0,2\n"
                   "2,3,3,0,3\n"
                   "4,7,9,0,9\n"
                   "8,15,0,0,0\n"
                   "16,31,0,0,0\n"
                   "32,63,0,0,0\n"
                   "64,127,36,30,6\n");
}

/* names with commas and quotes are quoted, as spreadsheets read them; the
 * first bucket with calls comes first */
static void
test_csv_quoting (void)
{
  g_autoptr(HtAnalysis) analysis = load_text ("v 10400 3\n"
                                              "s 1 m\n"
                                              "s 9 f(\"a\", b)\n"
                                              "s 3 f.c\n"
                                              "i 10 1 2 3 7\n"
                                              "t 1 0\n"
                                              "a 20 1\n"
                                              "+ 0\n"
                                              "+ 0\n");
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autofree char *csv = ht_histogram_to_csv (h, analysis);

  g_assert_cmpuint (ht_histogram_first_bucket (h), ==, 6);
  g_assert_cmpstr (csv, ==,
                   "bucket_lower,bucket_upper,calls,\"f(\"\"a\"\", b) (f.c:7)\",other locations\n"
                   "32,63,2,2,0\n");
}

/* The histogram and the charts share their colours: one per location,
 * handed out by peak, then by calls, each location once */
static void
test_location_colours (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);
  g_autoptr(HtLocationColours) one = ht_location_colours_new (analysis, 1);
  g_autoptr(HtLocationColours) two = ht_location_colours_new (analysis, 2);
  const HtLeafGroup *alloc = g_ptr_array_index (groups, 0);
  const HtLeafGroup *other = g_ptr_array_index (groups, 1);
  double grey[3], first[3];

  g_assert_cmpuint (groups->len, ==, 2);
  /* "other" leads by peak (3000 bytes against 662) and by calls */
  g_assert_cmpint (ht_location_colours_slot (one, analysis, other), ==, 0);
  g_assert_cmpint (ht_location_colours_slot (one, analysis, alloc), ==, HT_LOCATION_NO_SLOT);
  g_assert_cmpint (ht_location_colours_slot (two, analysis, other), ==, 0);
  g_assert_cmpint (ht_location_colours_slot (two, analysis, alloc), ==, 1);

  ht_location_colour_rgb (HT_LOCATION_NO_SLOT, FALSE, grey);
  ht_location_colour_rgb (0, FALSE, first);
  g_assert_cmpfloat (grey[0], ==, grey[1]);
  g_assert_cmpfloat (first[0], !=, first[2]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/histogram/buckets", test_buckets);
  g_test_add_func ("/ht/histogram/empty", test_empty);
  g_test_add_func ("/ht/histogram/bucket-labels", test_bucket_labels);
  g_test_add_func ("/ht/histogram/texts", test_texts);
  g_test_add_func ("/ht/histogram/series-names", test_series_names);
  g_test_add_func ("/ht/histogram/csv", test_csv);
  g_test_add_func ("/ht/histogram/csv-quoting", test_csv_quoting);
  g_test_add_func ("/ht/histogram/location-colours", test_location_colours);
  return g_test_run ();
}
