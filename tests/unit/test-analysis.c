/* test-analysis.c: every figure of docs/figures.md on hand-made traces
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-chart.h"
#include "ht-massif.h"
#include "ht-suppressions.h"
#include "test-util.h"

/* two sites: A (trace 1) and B (trace 2); allocation-infos 0 = 16 B at A,
 * 1 = 32 B at B, 2 = 16 B at B */
#define HEADER \
  "v 10400 3\n" \
  "s 1 m\n" \
  "s 5 alloc\n" \
  "s 4 main\n" \
  "i 10 1 2\n" \
  "t 1 0\n" \
  "i 20 1 3\n" \
  "t 2 0\n" \
  "a 10 1\n" \
  "a 20 2\n" \
  "a 10 2\n"

static HtSite *
site_of_trace (HtAnalysis *a,
               guint32     trace)
{
  for (guint i = 0; i < a->sites->len; i++)
    if (ht_analysis_site (a, i)->trace == trace)
      return ht_analysis_site (a, i);
  g_assert_not_reached ();
}

/* docs/figures.md §3: temporary = a - of the info index of the directly
 * preceding + */
static void
test_temporary_rule (void)
{
  g_autoptr(HtAnalysis) a = load_text (HEADER
                                       "+ 1\n"
                                       "- 1\n"   /* 1: temporary */
                                       "+ 0\n"
                                       "+ 0\n"
                                       "- 0\n"   /* 2: another block of the same info: temporary too (docs/figures.md §3.2) */
                                       "- 0\n"   /* after a -: not temporary; heaptrack's quirk counts it */
                                       "+ 2\n"
                                       "c 5\n"   /* timestamps do not break the pair */
                                       "R 10\n"
                                       "- 2\n"   /* 3 */
                                       "+ 1\n"
                                       "+ 2\n"
                                       "- 1\n"); /* not: the last + was info 2 */

  g_assert_cmpint (a->total.temporary, ==, 3);
  g_assert_cmpint (a->heaptrack_extra_temporary, ==, 1);
  g_assert_cmpint (site_of_trace (a, 1)->cost.temporary, ==, 1);
  g_assert_cmpint (site_of_trace (a, 2)->cost.temporary, ==, 2);
  g_assert_cmpint (a->total.allocations, ==, 6);
}

/* a - 0 as the very first event: heaptrack's last index starts at 0, ours at none */
static void
test_temporary_first_event (void)
{
  g_autoptr(HtAnalysis) a = load_text (HEADER "- 0\n");

  g_assert_cmpint (a->total.temporary, ==, 0);
  g_assert_cmpint (a->heaptrack_extra_temporary, ==, 1);
  g_assert_cmpint (a->total.leaked, ==, -16);
}

/* docs/figures.md §4: the peak is the highest live total; each site's peak
 * is its share at that moment, not its own maximum; the peak time is the
 * last c before it */
static void
test_peak_snapshot (void)
{
  g_autoptr(HtAnalysis) a = load_text (HEADER
                                       "c 3\n"
                                       "+ 1\n"   /* B 32 */
                                       "+ 1\n"   /* B 64 */
                                       "- 1\n"
                                       "- 1\n"   /* B 0 */
                                       "c 7\n"
                                       "+ 0\n"   /* A 16 */
                                       "+ 0\n"
                                       "+ 0\n"
                                       "+ 0\n"
                                       "+ 0\n"   /* A 80: total 80 > 64: the peak, at 7 ms */
                                       "c 9\n"
                                       "+ 2\n"   /* B 16: total 96: the new peak, at 9 ms */
                                       "- 0\n"
                                       "- 0\n"   /* A 48 */
                                       "+ 1\n"   /* B 48: total 96, not higher */
                                       "c 14\n");
  HtSite *site_a = site_of_trace (a, 1);
  HtSite *site_b = site_of_trace (a, 2);

  g_assert_cmpint (a->total.peak, ==, 96);
  g_assert_cmpuint (a->peak_time, ==, 9);
  g_assert_cmpint (site_a->cost.peak, ==, 80);
  g_assert_cmpint (site_b->cost.peak, ==, 16);
  g_assert_cmpint (site_a->cost.peak + site_b->cost.peak, ==, a->total.peak);
  g_assert_cmpint (site_a->cost.leaked, ==, 48);
  g_assert_cmpint (site_b->cost.leaked, ==, 48);
  g_assert_cmpint (a->total.leaked, ==, 96);
  g_assert_cmpuint (a->runtime, ==, 21);
}

/* peak RSS is the largest R times the page size; runtime the last c + 1 */
static void
test_rss_runtime (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10400 3\nI 1000 100\nc a\nR 20\nc 14\nR 80\nc 1e\nR 40\n");

  g_assert_cmpuint (ht_analysis_get_peak_rss (a), ==, 0x80 * 0x1000);
  g_assert_cmpuint (a->runtime, ==, 0x1e + 1);
  g_assert_cmpint (a->total.allocations, ==, 0);
}

/* docs/figures.md §14: only events inside the window count; reading stops at its end */
static void
test_time_window (void)
{
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = NULL;

  options.min_time = 10;
  options.max_time = 20;
  a = load_text_with (HEADER
                      "+ 1\n"      /* before the window */
                      "c a\n"
                      "+ 0\n"
                      "+ 0\n"
                      "- 1\n"      /* freed in the window, allocated before it */
                      "c 14\n"
                      "+ 2\n",     /* after the end: not read */
                      &options, &error);
  g_assert_no_error (error);
  g_assert_true (a->windowed);
  g_assert_cmpint (a->total.allocations, ==, 2);
  g_assert_cmpint (a->total.leaked, ==, 0);   /* the delta: +32 -32 */
  g_assert_cmpint (a->total.peak, ==, 32);
}

/* The window's edges, as heaptrack's filter has them (docs/figures.md §14):
 * events after "c T1" count, events after "c T2" do not, events before the
 * first c are at time 0, and a window that ends at 0 holds nothing. */
static HtAnalysis *
load_window (const char *events,
             guint64     min_time,
             guint64     max_time)
{
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autofree char *text = g_strconcat (HEADER, events, NULL);
  g_autoptr(GError) error = NULL;
  HtAnalysis *a;

  options.min_time = min_time;
  options.max_time = max_time;
  a = load_text_with (text, &options, &error);
  g_assert_no_error (error);
  return a;
}

static void
test_time_window_edges (void)
{
  /* 16 B at time 0, 32 B at 10, 16 B at 20, then c 30 */
  static const char events[] = "+ 0\nc a\n+ 1\nc 14\n+ 2\nc 1e\n";
  static const struct
  {
    guint64 min, max;
    gint64  calls, delta;
    guint64 runtime;
  } cases[] = {
    { 0, 0, 0, 0, 11 },                /* ends at 0: not even the events before the first c */
    { 0, 1, 1, 16, 11 },               /* those are at time 0 */
    { 0, 10, 1, 16, 11 },              /* "c 10" ends it: what follows is at 10, not before */
    { 0, 11, 2, 48, 21 },
    { 1, G_MAXUINT64, 2, 48, 31 },     /* from 1: the events at 0 are out */
    { 10, G_MAXUINT64, 2, 48, 31 },    /* from exactly 10: "c 10" starts it */
    { 11, G_MAXUINT64, 1, 16, 31 },    /* from between two timestamps: from the next */
    { 10, 20, 1, 32, 21 },             /* [10, 20): the 32 B alone */
    { 20, 21, 1, 16, 31 },
    { 31, G_MAXUINT64, 0, 0, 31 },     /* after the last timestamp */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HtAnalysis) a = load_window (events, cases[i].min, cases[i].max);

      g_test_message ("window [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")", cases[i].min, cases[i].max);
      g_assert_true (a->windowed);
      g_assert_cmpint (a->total.allocations, ==, cases[i].calls);
      g_assert_cmpint (a->total.leaked, ==, cases[i].delta);
      g_assert_cmpuint (a->runtime, ==, cases[i].runtime);
    }
}

/* A window's figures are those of a fresh analysis of the window's events
 * alone (docs/figures.md §14): checked over every window between a set of
 * bounds (at, around, before and after the timestamps) on a long made-up
 * sequence of events. Only the runtime differs: the window's ends at the
 * timestamp that ended the reading. */
typedef struct
{
  guint64 time;   /* the line's current time; a c line's own */
  char   *line;
} TimedLine;

static void
assert_same_figures (HtAnalysis *window,
                     HtAnalysis *fresh)
{
  g_assert_cmpint (window->total.allocations, ==, fresh->total.allocations);
  g_assert_cmpint (window->total.temporary, ==, fresh->total.temporary);
  g_assert_cmpint (window->total.peak, ==, fresh->total.peak);
  g_assert_cmpint (window->total.leaked, ==, fresh->total.leaked);
  g_assert_cmpuint (window->peak_time, ==, fresh->peak_time);
  g_assert_cmpuint (window->peak_rss_pages, ==, fresh->peak_rss_pages);
  g_assert_cmpint (window->heaptrack_extra_temporary, ==, fresh->heaptrack_extra_temporary);
  g_assert_cmpint (window->suppressed, ==, fresh->suppressed);
  g_assert_cmpuint (window->sites->len, ==, fresh->sites->len);
  for (guint i = 0; i < window->sites->len; i++)
    {
      const HtSite *w = ht_analysis_site (window, i), *f = ht_analysis_site (fresh, i);

      g_assert_cmpuint (w->trace, ==, f->trace);
      g_assert_cmpint (w->cost.allocations, ==, f->cost.allocations);
      g_assert_cmpint (w->cost.temporary, ==, f->cost.temporary);
      g_assert_cmpint (w->cost.peak, ==, f->cost.peak);
      g_assert_cmpint (w->cost.leaked, ==, f->cost.leaked);
    }
}

static void
test_time_window_fresh (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (TimedLine));
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GString) all_events = g_string_new (NULL);
  guint64 time = 0, open_end = G_MAXUINT64, zero = 0;
  guint windows = 0;

  g_array_append_val (bounds, zero);
  for (guint i = 0; i < 600; i++)
    {
      TimedLine l;
      guint kind = g_rand_int_range (rand, 0, 20);

      if (kind < 3 && i > 5)
        {
          guint64 around[3];

          time += g_rand_int_range (rand, 1, 6);
          l.line = g_strdup_printf ("c %" G_GINT64_MODIFIER "x\n", time);
          around[0] = time - 1, around[1] = time, around[2] = time + 1;
          if (g_rand_int_range (rand, 0, 4) == 0)
            g_array_append_vals (bounds, around, 3);
        }
      else if (kind == 3)
        l.line = g_strdup_printf ("R %x\n", g_rand_int_range (rand, 1, 100));
      else if (kind < 12)
        l.line = g_strdup_printf ("+ %d\n", g_rand_int_range (rand, 0, 3));
      else
        l.line = g_strdup_printf ("- %d\n", g_rand_int_range (rand, 0, 3));
      l.time = time;
      g_array_append_val (lines, l);
      g_string_append (all_events, l.line);
    }
  time++;
  g_array_append_val (bounds, time);
  g_array_append_val (bounds, open_end);

  for (guint b1 = 0; b1 < bounds->len; b1++)
    for (guint b2 = 0; b2 < bounds->len; b2++)
      {
        guint64 min = g_array_index (bounds, guint64, b1), max = g_array_index (bounds, guint64, b2);
        g_autoptr(GString) events = g_string_new (HEADER);
        g_autoptr(HtAnalysis) window = NULL, fresh = NULL;

        if (min >= max || (min == 0 && max == G_MAXUINT64))
          continue;
        for (guint i = 0; i < lines->len; i++)
          {
            const TimedLine *l = &g_array_index (lines, TimedLine, i);

            if (l->time >= min && l->time < max)
              g_string_append (events, l->line);
          }
        window = load_window (all_events->str, min, max);
        fresh = load_text (events->str);
        g_test_message ("window [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")", min, max);
        assert_same_figures (window, fresh);
        windows++;
      }
  g_assert_cmpuint (windows, >, 100);

  for (guint i = 0; i < lines->len; i++)
    g_free (g_array_index (lines, TimedLine, i).line);
}

static void
assert_part_is_fresh (const char *path,
                      HtAnalysis *whole,
                      guint64     min,
                      guint64     max)
{
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(HtAnalysis) part = NULL, fresh = NULL;
  g_autoptr(GError) error = NULL;

  options.min_time = min;
  options.max_time = max;
  part = ht_analysis_load_part (path, whole, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fresh = ht_analysis_load (path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("window [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")", min, max);
  assert_same_figures (part, fresh);
  g_assert_cmpuint (part->runtime, ==, fresh->runtime);
  g_assert_true (part->marks == NULL || !part->windowed);
}

/* A window read from the whole analysis' marks, skipping what comes before
 * them, has the figures of a fresh reading of the whole file, also where
 * the file defines allocations between the marks; the marks stay bounded */
static void
test_time_window_resume (void)
{
  g_autofree char *phases = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-timeline.zst", NULL);
  g_autofree char *dir = g_dir_make_tmp ("ht-analysis-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "long.trace", NULL);
  g_autoptr(GString) text = g_string_new (HEADER);
  g_autoptr(HtAnalysis) whole = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint n_infos = 3;
  guint64 time = 0;

  whole = ht_analysis_load (phases, NULL, NULL, NULL, NULL, NULL);
  g_assert_nonnull (whole->marks);
  g_assert_cmpuint (whole->marks->len, >, 100);
  for (guint64 min = 0; min < whole->runtime + 10; min += 97)
    {
      assert_part_is_fresh (phases, whole, min, G_MAXUINT64);
      assert_part_is_fresh (phases, whole, min, min + 150);
    }
  g_clear_pointer (&whole, ht_analysis_free);

  /* 3,000 timestamps: more than the marks hold */
  for (guint i = 0; i < 20000; i++)
    {
      guint kind = g_rand_int_range (rand, 0, 10);

      if (kind == 0)
        g_string_append_printf (text, "c %" G_GINT64_MODIFIER "x\n", time += 1 + (i % 7 == 0));
      else if (kind == 1 && n_infos < 400)
        g_string_append_printf (text, "a %x %x\n", g_rand_int_range (rand, 1, 5000), g_rand_int_range (rand, 1, 3)),
        n_infos++;
      else
        g_string_append_printf (text, "%c %x\n", kind < 6 ? '+' : '-', g_rand_int_range (rand, 0, n_infos));
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  whole = ht_analysis_load (path, NULL, NULL, NULL, NULL, NULL);
  g_assert_nonnull (whole->marks);
  g_assert_cmpuint (whole->marks->len, <=, HT_ANALYSIS_MAX_MARKS);
  g_assert_cmpuint (whole->marks->len, >=, HT_ANALYSIS_MAX_MARKS / 2);
  for (guint64 min = 1; min < whole->runtime + 3; min += 211)
    {
      assert_part_is_fresh (path, whole, min, G_MAXUINT64);
      assert_part_is_fresh (path, whole, min, min + 40);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* LSan's template rules (docs/figures.md §6.5) */
static void
test_suppression_matching (void)
{
  g_assert_true (ht_suppression_matches ("alloc", "my_alloc_fn"));
  g_assert_true (ht_suppression_matches ("^my", "my_alloc_fn"));
  g_assert_false (ht_suppression_matches ("^alloc", "my_alloc_fn"));
  g_assert_true (ht_suppression_matches ("fn$", "my_alloc_fn"));
  g_assert_false (ht_suppression_matches ("alloc$", "my_alloc_fn"));
  g_assert_true (ht_suppression_matches ("my*fn", "my_alloc_fn"));
  g_assert_true (ht_suppression_matches ("^my*alloc*fn$", "my_alloc_fn"));
  g_assert_false (ht_suppression_matches ("^my*fn*alloc", "my_alloc_fn"));
  g_assert_true (ht_suppression_matches ("^foo$", "foo"));
  g_assert_false (ht_suppression_matches ("^foo$", "foobar"));
  g_assert_true (ht_suppression_matches ("libc.so*", "/lib/x86_64-linux-gnu/libc.so.6"));
  g_assert_false (ht_suppression_matches ("x", ""));
  g_assert_false (ht_suppression_matches ("x", NULL));
}

#define SUPP_TRACE \
  "v 10400 3\n" \
  "s 6 libx.so\n" \
  "s 4 main\n" \
  "s e dl_open_worker\n" \
  "s 9 my_helper\n" \
  "s 6 leaker\n" \
  "i 10 1 2\n" \
  "t 1 0\n" \
  "i 20 1 3\n" \
  "t 2 1\n" \
  "i 30 1 5\n" \
  "t 3 2\n"       /* main > dl_open_worker > leaker */ \
  "i 40 1 4\n" \
  "t 4 1\n"       /* main > my_helper */ \
  "i 50 1 5\n" \
  "t 5 4\n"       /* main > my_helper > leaker */ \
  "a 64 3\n" \
  "a c8 5\n" \
  "a 1 1\n" \
  "+ 0\n" \
  "+ 1\n" \
  "+ 2\n"

/* built-in, file and embedded patterns; attribution to the outermost frame */
static void
test_suppressions (void)
{
  g_autoptr(HtAnalysis) a = load_text (SUPP_TRACE);
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(HtAnalysis) b = NULL;
  g_autoptr(HtAnalysis) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  HtSuppression *supp;
  int fd;

  /* dl_open_worker is built in */
  g_assert_cmpint (a->total.leaked, ==, 200 + 1);
  g_assert_cmpint (a->suppressed, ==, 100);
  supp = g_ptr_array_index (a->suppressions, 4);
  g_assert_cmpstr (supp->pattern, ==, "dl_open_worker");
  g_assert_cmpuint (supp->matches, ==, 1);
  g_assert_cmpint (supp->leaked, ==, 100);

  /* a file pattern matching the leaf of both: the site under dl_open_worker
   * is attributed to dl_open_worker, the outer match */
  fd = g_file_open_tmp ("ht-supp-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, "# comment\n\n  leak:leaker  \nbogus line\n", -1, &error);
  g_assert_no_error (error);
  options.suppressions_file = path;
  b = load_text_with (SUPP_TRACE, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (b->total.leaked, ==, 1);
  g_assert_cmpint (b->suppressed, ==, 300);
  supp = g_ptr_array_index (b->suppressions, 8);
  g_assert_cmpstr (supp->pattern, ==, "leaker");
  g_assert_cmpuint (supp->matches, ==, 1);
  g_assert_cmpint (supp->leaked, ==, 200);
  g_assert_cmpuint (b->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (b->warnings, 0), "bogus line"));

  /* without built-ins only the file's pattern is left */
  options.disable_builtin_suppressions = TRUE;
  c = load_text_with (SUPP_TRACE, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->suppressions->len, ==, 1);
  g_assert_cmpint (c->suppressed, ==, 300);
  g_unlink (path);
}

/* a module or file name matches as well as a function name */
static void
test_suppression_module (void)
{
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(HtAnalysis) a = NULL;
  g_autoptr(HtAnalysis) b = NULL;

  options.disable_embedded_suppressions = TRUE;
  a = load_text_with (SUPP_TRACE "S leak:libx\n", NULL, NULL);
  g_assert_cmpint (a->total.leaked, ==, 0);
  g_assert_cmpint (a->suppressed, ==, 301);
  b = load_text_with (SUPP_TRACE "S leak:libx\n", &options, NULL);
  g_assert_cmpint (b->suppressed, ==, 100);
}

/* the size histogram counts + events per requested size */
static void
test_histogram (void)
{
  g_autoptr(HtAnalysis) a = load_text (HEADER "+ 0\n+ 2\n+ 1\n+ 0\n- 0\n");
  g_autoptr(GArray) h = ht_analysis_get_size_histogram (a);

  g_assert_cmpuint (h->len, ==, 2);
  g_assert_cmpuint (g_array_index (h, HtSizeCount, 0).size, ==, 16);
  g_assert_cmpuint (g_array_index (h, HtSizeCount, 0).count, ==, 3);
  g_assert_cmpuint (g_array_index (h, HtSizeCount, 1).size, ==, 32);
  g_assert_cmpuint (g_array_index (h, HtSizeCount, 1).count, ==, 1);
}

/* the timeline: rows at timestamps, consumed is the highest total in between */
static void
test_series (void)
{
  g_autoptr(HtAnalysis) a = load_text (HEADER "c 1\n+ 1\n+ 1\n- 1\nc 2\n- 1\nc 3\n");
  const HtSeriesRow *rows = (const HtSeriesRow *) a->series->data;

  g_assert_cmpuint (a->series->len, ==, 5);
  g_assert_cmpuint (rows[0].time, ==, 0);
  g_assert_cmpuint (rows[2].time, ==, 2);
  g_assert_cmpint (rows[2].consumed, ==, 64);
  g_assert_cmpint (rows[2].allocations, ==, 2);
  g_assert_cmpint (rows[3].consumed, ==, 32);
  g_assert_cmpuint (rows[4].time, ==, 4);
  g_assert_cmpint (rows[4].consumed, ==, 0);
}

/* the timeline stays bounded however long the recording */
static void
test_series_bounded (void)
{
  GString *text = g_string_new (HEADER);
  g_autoptr(HtAnalysis) a = NULL;
  const HtSeriesRow *rows;

  for (int i = 1; i <= 100000; i++)
    g_string_append_printf (text, "c %x\n+ 0\n", i * 10);
  a = load_text (text->str);
  g_string_free (text, TRUE);
  rows = (const HtSeriesRow *) a->series->data;
  g_assert_cmpuint (a->series->len, <=, 1024);
  g_assert_cmpuint (a->series->len, >=, 256);
  g_assert_cmpint (rows[a->series->len - 1].allocations, ==, 100000);
  g_assert_cmpint (rows[a->series->len - 1].consumed, ==, 16 * 100000);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* the charts' top locations over time, from a second pass */
static void
test_chart (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  g_autoptr(HtChart) calls = NULL;
  g_autoptr(HtChart) consumed = NULL;
  g_autoptr(HtChart) temporary = NULL;
  guint last;

  g_assert_no_error (error);
  calls = ht_chart_new (a, path, HT_COST_ALLOCATIONS, 3, NULL, &error);
  g_assert_no_error (error);
  last = calls->n_rows - 1;
  g_assert_cmpuint (calls->n_series, ==, 3);
  g_assert_cmpint (calls->totals[last], ==, 1021);
  /* temp_loop's 1000 calls lead, then alloc_leaf's 15 (two sites, one location) */
  g_assert_cmpint (calls->values[0][last], ==, 1000);
  g_assert_cmpint (calls->values[1][last], ==, 15);
  for (guint g = 0; g < calls->n_series; g++)
    g_assert_cmpint (calls->values[g][last], ==,
                     ((HtLeafGroup *) g_ptr_array_index (calls->groups, g))->cost.allocations);

  consumed = ht_chart_new (a, path, HT_COST_PEAK, 10, NULL, &error);
  g_assert_no_error (error);
  /* every location with a share of the peak has a series; at the end each
   * holds its leaked bytes */
  g_assert_cmpuint (consumed->n_series, ==, 4);
  for (guint g = 0; g < consumed->n_series; g++)
    g_assert_cmpint (consumed->values[g][last], ==,
                     ((HtLeafGroup *) g_ptr_array_index (consumed->groups, g))->cost.leaked);

  temporary = ht_chart_new (a, path, HT_COST_TEMPORARY, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (temporary->values[0][last], ==, 1000);
  g_assert_cmpint (temporary->totals[last], ==, 1004);
}

/* massif output: header first, a peak snapshot with its tree, ms_print's syntax */
static void
test_massif (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *peak;

  g_assert_no_error (error);
  g_assert_true (ht_massif_write (a, path, 1.0, 2, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (out->str, "desc: heaptrack-gtk\ncmd: ./wl-sites\ntime_unit: ms\n#-----------\nsnapshot=0\n"));
  peak = strstr (out->str, "mem_heap_B=83339\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=peak\n"
                           "n3: 83339 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n"
                           " n1: 72704 0x");
  g_assert_nonnull (peak);
  /* allocation points first: alloc_leaf holds 10000 + 385, then its callers;
   * recurse's 50 and main's 200 are below 1% of the peak */
  g_assert_nonnull (strstr (peak, " n2: 10385 0x"));
  g_assert_nonnull (strstr (peak, ": alloc_leaf ("));
  g_assert_nonnull (strstr (peak, "  n1: 10000 0x"));
  g_assert_nonnull (strstr (peak, ": keep_some ("));
  g_assert_nonnull (strstr (peak, "  n0: 385 in 1 place, all below massif's threshold (1.00%)\n"));
  g_assert_nonnull (strstr (peak, " n0: 250 in 2 places, all below massif's threshold (1.00%)\n"));
}

/* The figures can be read after any event, and a feed finished by hand
 * equals a load of the whole file */
static void
test_feed_steps (void)
{
  static const char text[] = HEADER "I 1000 64\n+ 0\n+ 1\nc 5\nR 3\n- 1\n+ 2\n";
  /* after each event: calls, temporary, live, peak, time */
  static const gint64 want[][5] = {
    { 1, 0, 16, 16, 0 },
    { 2, 0, 48, 48, 0 },
    { 2, 0, 48, 48, 5 },
    { 2, 0, 48, 48, 5 },
    { 2, 1, 16, 48, 5 },
    { 3, 1, 32, 48, 5 },
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(HtTraceReader) reader = ht_trace_reader_new_for_bytes (bytes, "steps.trace");
  g_autoptr(HtAnalysis) whole = load_text (text);
  g_autoptr(HtAnalysis) fed = NULL;
  g_autoptr(GError) error = NULL;
  HtAnalysisFeed *feed = ht_analysis_feed_new (ht_trace_reader_get_data (reader), NULL);
  HtAnalysisTotals totals;
  HtTraceData *data;
  HtEvent event;
  guint n = 0;

  while (ht_trace_reader_next (reader, &event, &error))
    {
      g_assert_true (ht_analysis_feed_event (feed, &event));
      ht_analysis_feed_get_totals (feed, &totals);
      g_assert_cmpuint (n, <, G_N_ELEMENTS (want));
      g_assert_cmpint (totals.calls, ==, want[n][0]);
      g_assert_cmpint (totals.temporary, ==, want[n][1]);
      g_assert_cmpint (totals.live, ==, want[n][2]);
      g_assert_cmpint (totals.peak, ==, want[n][3]);
      g_assert_cmpint ((gint64) totals.time, ==, want[n][4]);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (want));
  g_assert_cmpuint (totals.peak_rss, ==, 3 * 4096);

  /* the reader lets go of its tables; the analysis takes them over */
  data = ht_trace_reader_steal_data (reader);
  fed = ht_analysis_feed_finish (feed, &error);
  g_assert_no_error (error);
  g_assert_true (fed->data == data);
  g_assert_cmpint (fed->total.allocations, ==, whole->total.allocations);
  g_assert_cmpint (fed->total.temporary, ==, whole->total.temporary);
  g_assert_cmpint (fed->total.peak, ==, whole->total.peak);
  g_assert_cmpint (fed->total.leaked, ==, whole->total.leaked);
  g_assert_cmpuint (fed->runtime, ==, whole->runtime);
  g_assert_cmpuint (fed->sites->len, ==, whole->sites->len);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/analysis/temporary-rule", test_temporary_rule);
  g_test_add_func ("/ht/analysis/feed-steps", test_feed_steps);
  g_test_add_func ("/ht/analysis/temporary-first-event", test_temporary_first_event);
  g_test_add_func ("/ht/analysis/peak-snapshot", test_peak_snapshot);
  g_test_add_func ("/ht/analysis/rss-runtime", test_rss_runtime);
  g_test_add_func ("/ht/analysis/time-window", test_time_window);
  g_test_add_func ("/ht/analysis/time-window-edges", test_time_window_edges);
  g_test_add_func ("/ht/analysis/time-window-fresh", test_time_window_fresh);
  g_test_add_func ("/ht/analysis/time-window-resume", test_time_window_resume);
  g_test_add_func ("/ht/analysis/suppression-matching", test_suppression_matching);
  g_test_add_func ("/ht/analysis/suppressions", test_suppressions);
  g_test_add_func ("/ht/analysis/suppression-module", test_suppression_module);
  g_test_add_func ("/ht/analysis/histogram", test_histogram);
  g_test_add_func ("/ht/analysis/series", test_series);
  g_test_add_func ("/ht/analysis/series-bounded", test_series_bounded);
  g_test_add_func ("/ht/analysis/chart", test_chart);
  g_test_add_func ("/ht/analysis/massif", test_massif);
  return g_test_run ();
}
