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

/* no allocations: no buckets, nothing to stack */
static void
test_empty (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (TRACE);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);

  g_assert_cmpuint (h->n_buckets, ==, 0);
  g_assert_cmpuint (h->n_series, ==, 0);
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
  g_test_add_func ("/ht/histogram/location-colours", test_location_colours);
  return g_test_run ();
}
