/* test-follow.c: reading a trace while it is being written
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <zstd.h>

#include "ht-report.h"
#include "ht-trace-follower.h"
#include "test-util.h"

/* How a trace's bytes reach the file: pieces of 1 to max_piece bytes, at
 * offsets a seeded generator picks */
typedef struct
{
  guint32 seed;
  gsize   max_piece;
} Split;

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* the text of a zstd fixture; heaptrack does not write its size */
static GBytes *
fixture_text (const char *name)
{
  g_autoptr(GBytes) compressed = fixture_bytes (name);
  ZSTD_DStream *stream = ZSTD_createDStream ();
  GByteArray *text = g_byte_array_new ();
  ZSTD_inBuffer in = { NULL, 0, 0 };
  size_t ret;

  in.src = g_bytes_get_data (compressed, &in.size);
  do
    {
      guint old = text->len;
      ZSTD_outBuffer out;

      g_byte_array_set_size (text, old + 65536);
      out = (ZSTD_outBuffer) { text->data + old, 65536, 0 };
      ret = ZSTD_decompressStream (stream, &out, &in);
      g_assert_false (ZSTD_isError (ret));
      g_byte_array_set_size (text, old + out.pos);
    }
  while (ret != 0);
  ZSTD_freeDStream (stream);
  return g_byte_array_free_to_bytes (text);
}

/* @text as a gzip file */
static GBytes *
gzip_bytes (GBytes *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize len;
  const void *data = g_bytes_get_data (text, &len);

  g_output_stream_write_all (out, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* @text as independent zstd frames of @frame bytes of text each, as our
 * recorder writes a trace in place: the frames end in the middle of lines */
static GBytes *
zstd_frames (GBytes *text,
             gsize   frame)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (text, &len);
  GByteArray *out = g_byte_array_new ();
  guint frames = 0;

  for (gsize pos = 0; pos < len; pos += frame, frames++)
    {
      gsize n = MIN (frame, len - pos);
      gsize bound = ZSTD_compressBound (n);
      guint old = out->len;
      gsize written;

      g_byte_array_set_size (out, old + bound);
      written = ZSTD_compress (out->data + old, bound, data + pos, n, 3);
      g_assert_false (ZSTD_isError (written));
      g_byte_array_set_size (out, old + written);
    }
  g_assert_cmpuint (frames, >, 3);
  return g_byte_array_free_to_bytes (out);
}

/* @text as one zstd frame flushed every @every bytes of text, as heaptrack
 * writes a trace while it records */
static GBytes *
zstd_flushed (GBytes *text,
              gsize   every)
{
  ZSTD_CCtx *cctx = ZSTD_createCCtx ();
  GByteArray *out = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (text, &len);

  for (gsize pos = 0; pos < len; pos += every)
    {
      gboolean last = pos + every >= len;
      ZSTD_inBuffer in = { data + pos, MIN (every, len - pos), 0 };
      size_t left;

      do
        {
          guint old = out->len;
          ZSTD_outBuffer o;

          g_byte_array_set_size (out, old + 65536);
          o = (ZSTD_outBuffer) { out->data + old, 65536, 0 };
          left = ZSTD_compressStream2 (cctx, &o, &in, last ? ZSTD_e_end : ZSTD_e_flush);
          g_assert_false (ZSTD_isError (left));
          g_byte_array_set_size (out, old + o.pos);
        }
      while (left != 0);
    }
  ZSTD_freeCCtx (cctx);
  return g_byte_array_free_to_bytes (out);
}

/* @bytes without its last @cut bytes: a recording cut off */
static GBytes *
cut_bytes (GBytes *bytes,
           gsize   cut)
{
  return g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) - cut);
}

static void
assert_arrays_equal (GArray *a,
                     GArray *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  g_assert_cmpuint (g_array_get_element_size (a), ==, g_array_get_element_size (b));
  g_assert_cmpmem (a->data, a->len * g_array_get_element_size (a),
                   b->data, b->len * g_array_get_element_size (b));
}

static void
assert_same_figures (HtAnalysis *got,
                     HtAnalysis *want)
{
  g_autoptr(GString) got_json = g_string_new (NULL);
  g_autoptr(GString) want_json = g_string_new (NULL);
  g_autoptr(GString) got_text = g_string_new (NULL);
  g_autoptr(GString) want_text = g_string_new (NULL);
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;
  HtTraceDataSizes got_sizes, want_sizes;

  g_assert_cmpmem (&got->total, sizeof got->total, &want->total, sizeof want->total);
  g_assert_cmpint (got->suppressed, ==, want->suppressed);
  g_assert_cmpuint (got->peak_time, ==, want->peak_time);
  g_assert_cmpuint (got->peak_rss_pages, ==, want->peak_rss_pages);
  g_assert_cmpuint (got->runtime, ==, want->runtime);
  g_assert_cmpint (got->heaptrack_extra_temporary, ==, want->heaptrack_extra_temporary);
  g_assert_cmpint (got->truncated, ==, want->truncated);
  assert_arrays_equal (got->sites, want->sites);
  assert_arrays_equal (got->info_calls, want->info_calls);
  assert_arrays_equal (got->series, want->series);
  assert_arrays_equal (got->marks, want->marks);
  g_assert_true ((got->locations == NULL) == (want->locations == NULL));
  if (got->locations != NULL)
    {
      assert_arrays_equal (got->locations->values, want->locations->values);
      assert_arrays_equal (got->locations->row_start, want->locations->row_start);
      assert_arrays_equal (got->locations->rss, want->locations->rss);
    }
  ht_trace_data_get_sizes (got->data, &got_sizes);
  ht_trace_data_get_sizes (want->data, &want_sizes);
  g_assert_cmpmem (&got_sizes, sizeof got_sizes, &want_sizes, sizeof want_sizes);

  g_assert_cmpuint (got->warnings->len, ==, want->warnings->len);
  for (guint i = 0; i < got->warnings->len; i++)
    g_assert_cmpstr (g_ptr_array_index (got->warnings, i), ==, g_ptr_array_index (want->warnings, i));

  ht_report_json (got, 0, TRUE, got_json);
  ht_report_json (want, 0, TRUE, want_json);
  g_assert_cmpstr (got_json->str, ==, want_json->str);
  ht_report_print (got, &options, got_text);
  ht_report_print (want, &options, want_text);
  g_assert_cmpstr (got_text->str, ==, want_text->str);
}

static const HtCostType chart_types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };

/* as many series as the charts page shows */
#define N_TOP 10

static void
assert_same_chart (const HtChart *got,
                   const HtChart *want)
{
  g_assert_cmpint (got->type, ==, want->type);
  g_assert_cmpuint (got->n_rows, ==, want->n_rows);
  g_assert_cmpmem (got->times, got->n_rows * sizeof (guint64), want->times, want->n_rows * sizeof (guint64));
  g_assert_cmpmem (got->totals, got->n_rows * sizeof (gint64), want->totals, want->n_rows * sizeof (gint64));
  g_assert_true ((got->live == NULL) == (want->live == NULL));
  if (got->live != NULL)
    g_assert_cmpmem (got->live, got->n_rows * sizeof (gint64), want->live, want->n_rows * sizeof (gint64));
  assert_arrays_equal (got->rss, want->rss);
  g_assert_cmpint (got->peak, ==, want->peak);
  g_assert_cmpuint (got->peak_time, ==, want->peak_time);
  g_assert_cmpuint (got->runtime, ==, want->runtime);
  g_assert_cmpuint (got->n_series, ==, want->n_series);
  for (guint g = 0; g < got->n_series; g++)
    {
      g_assert_cmpstr (got->names[g], ==, want->names[g]);
      g_assert_cmpmem (got->values[g], got->n_rows * sizeof (gint64),
                       want->values[g], want->n_rows * sizeof (gint64));
      g_assert_cmpint (got->slots[g], ==, want->slots[g]);
    }
}

static void
assert_same_charts (HtTraceFollower *follower,
                    HtAnalysis      *whole,
                    const char      *path)
{
  g_autoptr(HtLocationColours) colours = ht_location_colours_new (whole, N_TOP);
  HtChart *live[G_N_ELEMENTS (chart_types)];
  HtChart *charts[G_N_ELEMENTS (chart_types)];
  g_autoptr(GError) error = NULL;

  g_assert_true (ht_trace_follower_get_charts (follower, chart_types, G_N_ELEMENTS (chart_types), N_TOP, live));
  g_assert_true (ht_chart_new_several (whole, path, chart_types, G_N_ELEMENTS (chart_types), N_TOP, colours,
                                       charts, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (chart_types); i++)
    {
      assert_same_chart (live[i], charts[i]);
      ht_chart_free (live[i]);
      ht_chart_free (charts[i]);
    }
}

/* The live charts agree with the figures so far: their last row is now */
static void
check_live_charts (HtTraceFollower        *follower,
                   const HtAnalysisTotals *totals)
{
  HtChart *charts[G_N_ELEMENTS (chart_types)];

  g_assert_true (ht_trace_follower_get_charts (follower, chart_types, G_N_ELEMENTS (chart_types), N_TOP, charts));
  for (guint i = 0; i < G_N_ELEMENTS (chart_types); i++)
    {
      g_autoptr(HtChart) chart = charts[i];
      gint64 last;

      g_assert_nonnull (chart);
      g_assert_cmpuint (chart->n_rows, >=, 2);
      last = chart->totals[chart->n_rows - 1];
      g_assert_cmpuint (chart->runtime, ==, totals->time + 1);
      g_assert_cmpuint (chart->times[chart->n_rows - 1], ==, totals->time + 1);
      if (chart_types[i] == HT_COST_ALLOCATIONS)
        g_assert_cmpint (last, ==, totals->calls);
      else if (chart_types[i] == HT_COST_TEMPORARY)
        g_assert_cmpint (last, ==, totals->temporary);
      else
        {
          g_assert_cmpint (chart->peak, ==, totals->peak);
          g_assert_cmpuint (chart->peak_time, ==, totals->peak_time);
          g_assert_cmpint (chart->live[chart->n_rows - 1], ==, totals->live);
        }
    }
}

/* Writes @bytes into a new file as @split says, polling a follower after
 * each piece; checks that the figures never go back and that, finished,
 * they are those of the whole file read at once.
 *
 * Returns: how many polls read something */
static guint
follow_in_pieces (GBytes      *bytes,
                  const Split *split)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-follow-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "growing.trace", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (split->seed);
  g_autoptr(HtTraceFollower) follower = NULL;
  g_autoptr(HtAnalysis) followed = NULL;
  g_autoptr(HtAnalysis) whole = NULL;
  HtAnalysisTotals last = { 0 };
  gboolean have_last = FALSE;
  guint steps = 0;
  gboolean changed;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd;

  g_assert_no_error (error);
  follower = ht_trace_follower_new (path);

  /* before the writer has created the file */
  g_assert_true (ht_trace_follower_poll (follower, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_false (ht_trace_follower_get_totals (follower, &last));
  g_assert_false (ht_trace_follower_get_charts (follower, chart_types, 1, N_TOP, NULL));

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  for (gsize pos = 0; pos < len;)
    {
      /* not inside MIN (), which would draw twice */
      gsize piece = g_rand_int_range (rand, 1, split->max_piece + 1);
      gsize n = MIN (piece, len - pos);
      HtAnalysisTotals totals;

      write_all (fd, data + pos, n);
      pos += n;
      ht_trace_follower_poll (follower, &changed, &error);
      g_assert_no_error (error);
      if (changed)
        steps++;
      if (!ht_trace_follower_get_totals (follower, &totals))
        continue;
      /* the charts cost the rows: not at each of thousands of tiny pieces */
      if (changed && split->max_piece >= 100)
        check_live_charts (follower, &totals);
      if (have_last)
        {
          g_assert_cmpint (totals.calls, >=, last.calls);
          g_assert_cmpint (totals.temporary, >=, last.temporary);
          g_assert_cmpint (totals.peak, >=, last.peak);
          g_assert_cmpuint (totals.peak_time, >=, last.peak_time);
          g_assert_cmpuint (totals.peak_rss, >=, last.peak_rss);
          g_assert_cmpuint (totals.time, >=, last.time);
          if (!changed)
            g_assert_cmpmem (&totals, sizeof totals, &last, sizeof last);
        }
      last = totals;
      have_last = TRUE;
    }
  close (fd);
  g_assert_cmpuint (steps, >=, 1);

  /* nothing new: nothing changes */
  g_assert_true (ht_trace_follower_poll (follower, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);

  whole = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* a complete last line has been read before the writer is done */
  if (!whole->truncated)
    {
      g_assert_true (ht_trace_follower_get_totals (follower, &last));
      g_assert_cmpint (last.calls, ==, whole->total.allocations);
      g_assert_cmpint (last.peak, ==, whole->total.peak);
      g_assert_cmpuint (last.peak_time, ==, whole->peak_time);
      /* the charts so far are those of the whole file, in its colours */
      assert_same_charts (follower, whole, path);
    }

  followed = ht_trace_follower_finish (g_steal_pointer (&follower), &error);
  g_assert_no_error (error);
  g_assert_nonnull (followed);
  assert_same_figures (followed, whole);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return steps;
}

static const Split splits[] = {
  { 1, 7 },      /* mostly mid-line, mid-frame */
  { 16, 100 },
  { 2026, 1000 },
  { 77, 5000 },
};

/* @in_steps: whether the text comes out while the file grows; a zstd
 * block is decompressed whole, and the small fixtures are one block */
static void
follow_all_splits (GBytes   *bytes,
                   gboolean  in_steps)
{
  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    {
      guint steps = follow_in_pieces (bytes, &splits[i]);

      if (in_steps && splits[i].max_piece < g_bytes_get_size (bytes) / 4)
        g_assert_cmpuint (steps, >, 2);
    }
}

/* A poll that may read for 1 µs stops after a few thousand events, the
 * next goes on from there, and the figures move on after each until they
 * are those of the whole file. */
static void
test_poll_time (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = fixture_text ("wl-timeline.zst");
  g_autofree char *dir = g_dir_make_tmp ("test-follow-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "written.trace", NULL);
  g_autoptr(HtTraceFollower) follower = NULL;
  g_autoptr(HtAnalysis) whole = NULL;
  g_autoptr(HtAnalysis) followed = NULL;
  HtAnalysisTotals totals, last = { 0 };
  gboolean changed = TRUE;
  guint polls = 0;

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (text, NULL), g_bytes_get_size (text), &error);
  g_assert_no_error (error);
  whole = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  follower = ht_trace_follower_new (path);
  ht_trace_follower_set_poll_time (follower, 1);
  while (changed)
    {
      g_assert_true (ht_trace_follower_poll (follower, &changed, &error));
      g_assert_no_error (error);
      if (!changed)
        break;
      polls++;
      g_assert_true (ht_trace_follower_get_totals (follower, &totals));
      /* each poll stopped short of the end but the last */
      g_assert_cmpint (totals.calls, >, last.calls);
      if (totals.calls < whole->total.allocations)
        g_assert_cmpint (totals.calls, <=, polls * 4096);
      last = totals;
    }
  /* 7,011 allocations and frees, and the timestamps: a stop after 4,096 events */
  g_assert_cmpuint (polls, >=, 2);
  g_assert_cmpint (last.calls, ==, whole->total.allocations);
  g_assert_cmpint (last.peak, ==, whole->total.peak);

  followed = ht_trace_follower_finish (g_steal_pointer (&follower), &error);
  g_assert_no_error (error);
  assert_same_figures (followed, whole);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* the fixtures as heaptrack wrote them: one zstd frame */
static void
test_zstd (void)
{
  static const char *const names[] = { "wl-timeline.zst", "wl-sites.zst", "wl-cxx.zst", "lacking.zst" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) bytes = fixture_bytes (names[i]);

      follow_all_splits (bytes, FALSE);
    }
}

static void
test_zstd_byte_by_byte (void)
{
  g_autoptr(GBytes) bytes = fixture_bytes ("wl-sites.zst");
  static const Split one = { 3, 1 };

  follow_in_pieces (bytes, &one);
}

static void
test_plain (void)
{
  g_autoptr(GBytes) timeline = fixture_text ("wl-timeline.zst");
  g_autoptr(GBytes) sites = fixture_text ("wl-sites.zst");
  static const Split one = { 5, 1 };

  follow_all_splits (timeline, TRUE);
  follow_in_pieces (sites, &one);
}

static void
test_gzip (void)
{
  g_autoptr(GBytes) text = fixture_text ("wl-timeline.zst");
  g_autoptr(GBytes) bytes = gzip_bytes (text);
  static const Split one = { 9, 1 };

  follow_all_splits (bytes, TRUE);
  follow_in_pieces (bytes, &one);
}

/* frames that end mid-line, written piece by piece, mid-frame */
static void
test_zstd_frames (void)
{
  g_autoptr(GBytes) text = fixture_text ("wl-timeline.zst");
  g_autoptr(GBytes) bytes = zstd_frames (text, 1000);
  g_autoptr(GBytes) small = zstd_frames (text, 37);
  static const Split one = { 11, 1 };

  follow_all_splits (bytes, TRUE);
  follow_all_splits (small, TRUE);
  follow_in_pieces (bytes, &one);
}

/* one frame, its text flushed mid-line now and then */
static void
test_zstd_flushed (void)
{
  g_autoptr(GBytes) text = fixture_text ("wl-timeline.zst");
  g_autoptr(GBytes) bytes = zstd_flushed (text, 1500);
  static const Split one = { 13, 1 };

  follow_all_splits (bytes, TRUE);
  follow_in_pieces (bytes, &one);
}

/* Cut off mid-line, or mid-frame: reported as a whole read reports it,
 * once the writer is known to be done */
static void
test_cut_off (void)
{
  g_autoptr(GBytes) text = fixture_text ("wl-timeline.zst");
  g_autoptr(GBytes) text_cut = cut_bytes (text, 1000 + 3);
  g_autoptr(GBytes) frames = zstd_frames (text, 1000);
  g_autoptr(GBytes) frames_cut = cut_bytes (frames, 50);
  g_autoptr(GBytes) zstd = fixture_bytes ("wl-timeline.zst");
  g_autoptr(GBytes) zstd_cut = cut_bytes (zstd, 20);
  g_autoptr(GBytes) gzip = gzip_bytes (text);
  g_autoptr(GBytes) gzip_cut = cut_bytes (gzip, 30);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtTraceReader) reader = ht_trace_reader_new_for_bytes (text_cut, "cut");
  g_autoptr(HtAnalysis) a = ht_analysis_load_reader (reader, NULL, NULL, NULL, NULL, &error);

  /* the text is cut mid-line indeed */
  g_assert_no_error (error);
  g_assert_true (a->truncated);

  follow_all_splits (text_cut, TRUE);
  follow_all_splits (frames_cut, TRUE);
  follow_all_splits (zstd_cut, FALSE);
  follow_all_splits (gzip_cut, TRUE);
}

/* A file that is not a trace fails on a poll, as a whole read fails */
static void
test_not_a_trace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-follow-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "not.trace", NULL);
  g_autoptr(HtTraceFollower) follower = ht_trace_follower_new (path);
  gboolean changed;

  g_assert_no_error (error);
  g_file_set_contents (path, "hello\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (ht_trace_follower_poll (follower, &changed, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A file that stays empty is no trace, when the writer is done */
static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) whole_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-follow-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "empty.trace", NULL);
  HtTraceFollower *follower = ht_trace_follower_new (path);
  HtAnalysisTotals totals;
  gboolean changed;

  g_assert_no_error (error);
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_true (ht_trace_follower_poll (follower, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_false (ht_trace_follower_get_totals (follower, &totals));

  g_assert_null (ht_analysis_load (path, NULL, NULL, NULL, NULL, &whole_error));
  g_assert_null (ht_trace_follower_finish (follower, &error));
  g_assert_error (error, whole_error->domain, whole_error->code);
  g_assert_cmpstr (error->message, ==, whole_error->message);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The lock a recorder holds while it writes a trace tells it is being
 * written; none, or a shared one, does not */
static void
test_being_written (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-follow-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "locked.trace", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.trace", NULL);
  int fd;

  g_assert_no_error (error);
  g_file_set_contents (path, "v 10300\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (ht_trace_is_being_written (path));
  g_assert_false (ht_trace_is_being_written (missing));

  fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_true (ht_trace_is_being_written (path));
  /* asking takes no lock that stays */
  g_assert_true (ht_trace_is_being_written (path));
  g_assert_cmpint (flock (fd, LOCK_UN), ==, 0);
  g_assert_false (ht_trace_is_being_written (path));
  /* readers share a lock: a shared one is no writer */
  g_assert_cmpint (flock (fd, LOCK_SH | LOCK_NB), ==, 0);
  g_assert_false (ht_trace_is_being_written (path));
  close (fd);
  g_assert_false (ht_trace_is_being_written (path));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A launcher's published status lines (recorder/README.md, "Status
 * lines"), as PID.status in the runtime folder this test set */
static void
write_status (long        launcher,
              const char *lines)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "heaptrack-gtk", "recordings", NULL);
  g_autofree char *name = g_strdup_printf ("%ld.status", launcher);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, lines, -1, &error);
  g_assert_no_error (error);
}

static void
assert_next (const char *path,
             const char *expected,
             gboolean    expected_wait)
{
  gboolean wait = !expected_wait;
  g_autofree char *next = ht_trace_next_program (path, &wait);

  g_assert_cmpstr (next, ==, expected);
  g_assert_cmpint (wait, ==, expected_wait);
}

/* Where a followed trace's program went on after an exec: the next trace
 * of its process in the status lines of the launcher that names it */
static void
test_next_program (void)
{
  g_autofree char *runtime = g_dir_make_tmp ("ht-runtime-XXXXXX", NULL);
  g_autofree char *running = NULL;

  /* GLib reads it once, at the first ask: before any */
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_assert_cmpstr (g_get_user_runtime_dir (), ==, runtime);

  /* a finished recording: a wrapper, then its program (a name with a
   * space, escaped), and a child of another process in between */
  write_status (G_MAXINT32 - 1,
                "started 40\n"
                "trace 40 /t/a.zst\n"
                "trace 41 /t/child.zst\n"
                "trace 40 /t/b\\040c.zst\n"
                "written 40 /t/a.zst\n"
                "exit 0\n");
  assert_next ("/t/a.zst", "/t/b\040c.zst", FALSE);
  assert_next ("/t/b\040c.zst", NULL, FALSE);
  assert_next ("/t/child.zst", NULL, FALSE);
  /* no launcher of ours recorded it (heaptrack's own, say) */
  assert_next ("/t/other.zst", NULL, FALSE);

  /* a launcher still running (this test's pid stands for it) that has not
   * said yet: ask again; once it has, the next trace */
  running = g_strdup_printf ("started 50\ntrace 50 /t/d.zst\nwritten 50 /t/d.zst\n");
  write_status (getpid (), running);
  assert_next ("/t/d.zst", NULL, TRUE);
  write_status (getpid (), "started 50\ntrace 50 /t/d.zst\nwritten 50 /t/d.zst\ntrace 50 /t/e.zst\n");
  assert_next ("/t/d.zst", "/t/e.zst", FALSE);
  /* a launcher that died without its exit line: nothing more will come */
  write_status (G_MAXINT32 - 2, "started 60\ntrace 60 /t/f.zst\n");
  assert_next ("/t/f.zst", NULL, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/follow/zstd", test_zstd);
  g_test_add_func ("/ht/follow/zstd-byte-by-byte", test_zstd_byte_by_byte);
  g_test_add_func ("/ht/follow/plain", test_plain);
  g_test_add_func ("/ht/follow/gzip", test_gzip);
  g_test_add_func ("/ht/follow/zstd-frames", test_zstd_frames);
  g_test_add_func ("/ht/follow/zstd-flushed", test_zstd_flushed);
  g_test_add_func ("/ht/follow/cut-off", test_cut_off);
  g_test_add_func ("/ht/follow/poll-time", test_poll_time);
  g_test_add_func ("/ht/follow/not-a-trace", test_not_a_trace);
  g_test_add_func ("/ht/follow/empty", test_empty);
  g_test_add_func ("/ht/follow/being-written", test_being_written);
  g_test_add_func ("/ht/follow/next-program", test_next_program);
  return g_test_run ();
}
