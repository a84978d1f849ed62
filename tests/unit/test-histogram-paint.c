/* test-histogram-paint.c: the size histogram drawn on a cairo image surface
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display: the painter draws on an image surface, whose pixels are
 * checked, and saved in the build's tests/screenshots/ for a look.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ht-histogram-painter.h"
#include "paint-test-util.h"
#include "test-util.h"

#define WIDTH 800
#define HEIGHT 400

/* "big" allocates 100 bytes 30 times; "small" 8 bytes 10 times, 20 bytes
 * 5 times and 100 bytes 5 times: the 64–127 B bar is the tallest, big's
 * 30 calls at its bottom and small's 5 on top */
#define TRACE \
  "v 10400 3\n" \
  "s 1 m\n" \
  "s 3 big\n" \
  "s 5 small\n" \
  "i 10 1 2\n" \
  "i 20 1 3\n" \
  "t 1 0\n" \
  "t 2 0\n" \
  "a 64 1\n" \
  "a 8 2\n" \
  "a 14 2\n" \
  "a 64 2\n"

static char *
events (void)
{
  static const guint calls[] = { 30, 10, 5, 5 };
  GString *s = g_string_new (TRACE);

  for (guint info = 0; info < G_N_ELEMENTS (calls); info++)
    for (guint n = 0; n < calls[info]; n++)
      g_string_append_printf (s, "+ %x\n", info);
  return g_string_free (s, FALSE);
}

static cairo_surface_t *
paint (HtHistogram       *histogram,
       HtAnalysis        *analysis,
       HtLocationColours *colours,
       int                width,
       int                height,
       gboolean           dark,
       int                selected,
       const char        *name)
{
  HtHistogramPaintOptions options = { dark, selected, -1 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  ht_histogram_paint (cr, histogram, analysis, colours, width, height, &options);
  cairo_destroy (cr);
  save_painting (surface, name);
  return surface;
}

/* The tallest bar where the geometry puts it, stacked in the locations'
 * colours, the most calls at the bottom; nothing above it */
static void
check_bars (gboolean    dark,
            const char *name)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autoptr(HtLocationColours) colours = ht_location_colours_new (analysis, 5);
  cairo_surface_t *surface = paint (h, analysis, colours, WIDTH, HEIGHT, dark, -1, name);
  double big[3], small[3], background[3], bar[4], small_bar[4];
  HtHistogramGeometry g;
  int x;

  ht_histogram_geometry (h, WIDTH, HEIGHT, &g);
  /* the buckets of 8–15, 16–31, 32–63 and 64–127 bytes */
  g_assert_cmpuint (g.first_bucket, ==, 4);
  g_assert_cmpuint (g.n_bars, ==, 4);
  g_assert_cmpuint (ht_histogram_tallest_bucket (h), ==, 7);
  g_assert_cmpuint (g.axis_max, >=, 35);
  g_assert_cmpuint (g.legend_entries, ==, 2);

  ht_histogram_series_colour (h, analysis, colours, 0, dark, big);
  ht_histogram_series_colour (h, analysis, colours, 1, dark, small);
  g_assert_false (big[0] == small[0] && big[1] == small[1] && big[2] == small[2]);
  ht_histogram_geometry_bar (&g, h, 7, bar);
  /* 35 calls of the axis' maximum */
  g_assert_cmpfloat_with_epsilon (bar[3], 35.0 / g.axis_max * g.plot_height, 0.01);
  x = (int) (bar[0] + bar[2] / 2);
  /* big's 30 calls at the bottom, small's 5 on top */
  assert_colour (surface, x, (int) (g.plot_y + g.plot_height) - 3, big);
  assert_colour (surface, x, (int) (bar[1] + 2), small);
  /* above the bar and beside it, the background */
  background[0] = background[1] = background[2] = dark ? 0x24 / 255.0 : 0xfa / 255.0;
  assert_colour (surface, x, (int) (bar[1] - 4), background);
  assert_colour (surface, (int) (bar[0] - 3), (int) (g.plot_y + g.plot_height) - 3, background);

  /* the 8–15 B bar is small's alone: 10 calls to the tallest's 35 */
  ht_histogram_geometry_bar (&g, h, 4, small_bar);
  g_assert_cmpfloat_with_epsilon (small_bar[3] * 3.5, bar[3], 0.01);
  assert_colour (surface, (int) (small_bar[0] + small_bar[2] / 2), (int) (small_bar[1] + 2), small);

  /* the pointer over a bar's column, or its label, finds its bucket */
  g_assert_cmpint (ht_histogram_geometry_bucket_at (&g, x, bar[1] - 20), ==, 7);
  g_assert_cmpint (ht_histogram_geometry_bucket_at (&g, small_bar[0], g.plot_y + g.plot_height + 5), ==, 4);
  g_assert_cmpint (ht_histogram_geometry_bucket_at (&g, g.plot_x - 1, bar[1] + 5), ==, -1);

  /* the legend's swatches, in the same colours, side by side */
  g_assert_cmpuint (g.legend_columns, ==, 2);
  assert_colour (surface, (int) g.plot_x + 6, (int) g.legend_y + 9, big);
  assert_colour (surface, (int) (g.plot_x + g.plot_width / 2) + 6, (int) g.legend_y + 9, small);
  cairo_surface_destroy (surface);
}

static void
test_bars (void)
{
  check_bars (FALSE, "histogram-painter");
}

static void
test_bars_dark (void)
{
  check_bars (TRUE, "histogram-painter-dark");
}

/* the selected bucket's column is marked, the others are not */
static void
test_selected (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autoptr(HtLocationColours) colours = ht_location_colours_new (analysis, 5);
  cairo_surface_t *surface = paint (h, analysis, colours, WIDTH, HEIGHT, FALSE, 5, "histogram-painter-selected");
  HtHistogramGeometry g;
  double background[3] = { 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0 };
  double bar[4];

  ht_histogram_geometry (h, WIDTH, HEIGHT, &g);
  ht_histogram_geometry_bar (&g, h, 5, bar);
  /* above the selected bar: tinted, not background; above another: background */
  g_assert_false (has_colour (surface, (int) (bar[0] + bar[2] / 2), (int) (bar[1] - 10), background));
  ht_histogram_geometry_bar (&g, h, 6, bar);
  assert_colour (surface, (int) (bar[0] + bar[2] / 2), (int) (g.plot_y + g.plot_height / 2) + 3, background);
  cairo_surface_destroy (surface);
}

/* no allocations: no bars, no division by zero, a message in the middle */
static void
test_empty (void)
{
  g_autoptr(HtAnalysis) analysis = load_text (TRACE);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autoptr(HtLocationColours) colours = ht_location_colours_new (analysis, 5);
  cairo_surface_t *surface = paint (h, analysis, colours, 300, 200, FALSE, -1, "histogram-painter-empty");
  double background[3] = { 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0 };
  HtHistogramGeometry g;
  guint text_pixels = 0;

  ht_histogram_geometry (h, 300, 200, &g);
  g_assert_cmpuint (g.n_bars, ==, 0);
  g_assert_cmpuint (g.legend_entries, ==, 0);
  g_assert_cmpint (ht_histogram_geometry_bucket_at (&g, 150, 100), ==, -1);
  for (int y = 90; y < 110; y++)
    for (int x = 100; x < 200; x++)
      text_pixels += !has_colour (surface, x, y, background);
  g_assert_cmpuint (text_pixels, >, 20);
  assert_colour (surface, 10, 10, background);
  cairo_surface_destroy (surface);
}

/* a window too small for the plot: drawn without a plot, not with a negative one */
static void
test_tiny (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtHistogram) h = ht_histogram_new (analysis, 5);
  g_autoptr(HtLocationColours) colours = ht_location_colours_new (analysis, 5);
  cairo_surface_t *surface = paint (h, analysis, colours, 40, 30, FALSE, 4, "histogram-painter-tiny");
  HtHistogramGeometry g;

  ht_histogram_geometry (h, 40, 30, &g);
  g_assert_cmpfloat (g.plot_width, ==, 0);
  g_assert_cmpfloat (g.plot_height, ==, 0);
  g_assert_cmpint (ht_histogram_geometry_bucket_at (&g, 20, 15), ==, -1);
  cairo_surface_destroy (surface);
}

/* the export's files: a PNG and an SVG document, also for no allocations */
static void
test_render (void)
{
  g_autofree char *text = events ();
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(HtAnalysis) empty = load_text (TRACE);
  HtAnalysis *analyses[] = { analysis, empty };

  for (guint i = 0; i < G_N_ELEMENTS (analyses); i++)
    {
      g_autoptr(HtHistogram) h = ht_histogram_new (analyses[i], 5);
      g_autoptr(HtLocationColours) colours = ht_location_colours_new (analyses[i], 5);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = ht_histogram_render (h, analyses[i], colours, 640, 360, FALSE,
                                                   HT_HISTOGRAM_IMAGE_PNG, &error);
      g_autoptr(GBytes) svg = NULL;
      const char *data;
      gsize size;

      g_assert_no_error (error);
      data = g_bytes_get_data (png, &size);
      g_assert_cmpuint (size, >, 8);
      g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

      svg = ht_histogram_render (h, analyses[i], colours, 640, 360, TRUE, HT_HISTOGRAM_IMAGE_SVG, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (svg, &size);
      g_assert_nonnull (g_strstr_len (data, size, "<svg"));
      g_assert_nonnull (g_strstr_len (data, size, "</svg>"));
    }
}

/* Whether any pixel of the rectangle @rect (x, y, width, height) has @rgb */
static gboolean
rect_has (cairo_surface_t *surface,
          const double     rect[4],
          const double     rgb[3])
{
  for (int y = (int) rect[1]; y < (int) (rect[1] + rect[3]); y++)
    for (int x = (int) rect[0]; x < (int) (rect[0] + rect[2]); x++)
      if (has_colour (surface, x, y, rgb))
        return TRUE;
  return FALSE;
}

/* Two traces' calls per size mirrored (ht_test_overlay_sides ()): on
 * buckets 5 (16–31 B) to 8 (128–255 B), B's 5, 5, 5 and 25 calls filled,
 * up from the middle; A's 10 calls of 64–127 B outlined, down from it */
static void
test_mirrored (void)
{
  HtOverlaySide *sides[2];
  char *labels[2] = { "A: before", "B: after" };
  g_autoptr(HtHistogramOverlay) overlay = NULL;
  HtHistogramPaintOptions options = { FALSE, -1, -1 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  HtHistogramGeometry g;
  double a_rgb[3], b_rgb[3], faint_a[3], bar[4], zero, below[4], above[4];

  ht_test_overlay_sides (sides);
  overlay = ht_histogram_overlay_new (sides, labels);
  ht_overlay_side_free (sides[0]);
  ht_overlay_side_free (sides[1]);
  ht_histogram_mirror_paint (cr, overlay, WIDTH, HEIGHT, &options);
  cairo_destroy (cr);
  save_painting (surface, "histogram-painter-mirrored");
  ht_overlay_side_rgb (HT_DIFF_A, FALSE, a_rgb);
  ht_overlay_side_rgb (HT_DIFF_B, FALSE, b_rgb);

  /* four bars, half the plot for 25 calls each way */
  ht_histogram_mirror_geometry (overlay, WIDTH, HEIGHT, &g);
  g_assert_cmpuint (g.first_bucket, ==, 5);
  g_assert_cmpuint (g.n_bars, ==, 4);
  g_assert_cmpuint (g.axis_max, ==, 25);
  zero = g.plot_y + g.plot_height / 2;

  /* 64–127 B: B's 5 calls a fifth of the half up, A's 10 two fifths down */
  ht_histogram_mirror_bar (&g, overlay, HT_DIFF_B, 7, bar);
  g_assert_cmpfloat_with_epsilon (bar[1] + bar[3], zero, 1e-9);
  g_assert_cmpfloat_with_epsilon (bar[3], g.plot_height / 2 / 5, 1e-9);
  assert_colour (surface, (int) (bar[0] + bar[2] / 2), (int) (bar[1] + bar[3] / 2), b_rgb);
  ht_histogram_mirror_bar (&g, overlay, HT_DIFF_A, 7, bar);
  g_assert_cmpfloat_with_epsilon (bar[1], zero, 1e-9);
  g_assert_cmpfloat_with_epsilon (bar[3], g.plot_height / 2 * 2 / 5, 1e-9);
  /* inside A's outline (between the grid lines of 5 and 10 calls) its
   * colour faint over the background, the outline in its colour */
  for (int k = 0; k < 3; k++)
    faint_a[k] = a_rgb[k] * 0.25 + 0xfa / 255.0 * 0.75;
  assert_colour (surface, (int) (bar[0] + bar[2] / 2), (int) (zero + g.plot_height / 2 * 7.5 / 25), faint_a);
  g_assert_true (rect_has (surface, (double[]) { bar[0] - 1, bar[1], 4, bar[3] }, a_rgb));

  /* A's colour only below the middle, B's only above it */
  below[0] = above[0] = g.plot_x;
  below[2] = above[2] = g.plot_width;
  above[1] = g.plot_y;
  above[3] = below[3] = g.plot_height / 2 - 1;
  below[1] = zero + 1;
  g_assert_true (rect_has (surface, below, a_rgb));
  g_assert_false (rect_has (surface, below, b_rgb));
  g_assert_true (rect_has (surface, above, b_rgb));
  g_assert_false (rect_has (surface, above, a_rgb));
  /* the column of 128–255 B has no A bar: the background below the middle */
  ht_histogram_mirror_bar (&g, overlay, HT_DIFF_A, 8, bar);
  g_assert_cmpfloat (bar[3], ==, 0);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/histogram/paint/bars", test_bars);
  g_test_add_func ("/ht/histogram/paint/bars-dark", test_bars_dark);
  g_test_add_func ("/ht/histogram/paint/selected", test_selected);
  g_test_add_func ("/ht/histogram/paint/empty", test_empty);
  g_test_add_func ("/ht/histogram/paint/tiny", test_tiny);
  g_test_add_func ("/ht/histogram/paint/render", test_render);
  g_test_add_func ("/ht/histogram/paint/mirrored", test_mirrored);
  return g_test_run ();
}
