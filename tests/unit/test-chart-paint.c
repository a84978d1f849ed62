/* test-chart-paint.c: timeline charts drawn on cairo image surfaces
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display: the painter draws on an image surface, whose pixels are
 * checked, and saved in the build's tests/screenshots/ for a look.
 */

#include "config.h"

#include "ht-chart-painter.h"
#include "chart-test-util.h"
#include "paint-test-util.h"

#define WIDTH 640
#define HEIGHT 220

/* @rgb at @alpha over the white background */
static void
assert_blend (cairo_surface_t *surface,
              int              x,
              int              y,
              const double     rgb[3],
              double           alpha)
{
  int got[4];

  pixel (surface, x, y, got);
  for (int k = 0; k < 3; k++)
    g_assert_cmpint (ABS (got[k] - (int) ((rgb[k] * alpha + (1 - alpha)) * 255 + 0.5)), <=, 8);
}

static cairo_surface_t *
paint (const HtChart             *chart,
       const HtChartPaintOptions *options,
       int                        width,
       int                        height,
       const char                *name)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  ht_chart_paint (cr, chart, width, height, options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (name != NULL)
    save_painting (surface, name);
  return surface;
}

static HtChartPaintOptions
whole (const HtChart *chart)
{
  return (HtChartPaintOptions) { 0, chart->runtime, FALSE, TRUE, FALSE, 0, 0, -1 };
}

/* the bottom series in its location's colour, the next above it; the
 * time axis maps the rows across the plot */
static void
test_consumed (void)
{
  Trace trace;
  g_autoptr(HtChart) chart = NULL;
  HtChartPaintOptions options;
  cairo_surface_t *surface;
  HtChartPlot plot;
  double main_rgb[3], alloc_rgb[3];
  double x, y_main, y_alloc, max;

  trace_open (&trace, CHART_TRACE);
  chart = trace_chart (&trace, HT_COST_PEAK);
  options = whole (chart);
  surface = paint (chart, &options, WIDTH, HEIGHT, "chart-painter-consumed");

  ht_chart_plot_area (WIDTH, HEIGHT, &plot);
  g_assert_cmpfloat (ht_chart_plot_x (&plot, &options, 0), ==, plot.x);
  g_assert_cmpfloat (ht_chart_plot_x (&plot, &options, chart->runtime), ==, plot.x + plot.width);
  g_assert_cmpfloat (ht_chart_plot_time (&plot, &options, plot.x + plot.width / 2), ==, chart->runtime / 2.0);

  /* between rows 2 and 3 (times 2 and 3) main has 32 bytes at the bottom
   * and alloc 16 above; the resident size makes the scale */
  ht_location_colour_rgb (chart->slots[0], FALSE, main_rgb);
  ht_location_colour_rgb (chart->slots[1], FALSE, alloc_rgb);
  max = ht_chart_get_max (chart) * 1.08;
  x = ht_chart_plot_x (&plot, &options, 2.5);
  y_main = plot.y + plot.height - 16 / max * plot.height;
  y_alloc = plot.y + plot.height - 40 / max * plot.height;
  /* too thin to see at the scale of the resident size: check it is there at all */
  g_assert_cmpfloat (y_alloc, <, y_main);
  cairo_surface_destroy (surface);

  /* zoomed in on rows 2 to 3 without the resident size, the areas are tall */
  g_clear_pointer (&chart->rss, g_array_unref);
  options.view_start = 2;
  options.view_end = 3;
  surface = paint (chart, &options, WIDTH, HEIGHT, "chart-painter-zoomed");
  max = ht_chart_get_max (chart) * 1.08;
  x = ht_chart_plot_x (&plot, &options, 2.5);
  y_main = plot.y + plot.height - 16 / max * plot.height;
  y_alloc = plot.y + plot.height - 40 / max * plot.height;
  assert_blend (surface, (int) x, (int) y_main, main_rgb, 0.9);
  assert_blend (surface, (int) x, (int) y_alloc, alloc_rgb, 0.9);
  cairo_surface_destroy (surface);
  trace_close (&trace);
}

/* a selection shades its range and nothing outside it; the crosshair and
 * the dark style draw too */
static void
test_selection_dark (void)
{
  Trace trace;
  g_autoptr(HtChart) chart = NULL;
  HtChartPaintOptions options;
  cairo_surface_t *plain, *selected;
  HtChartPlot plot;
  int in_plain[4], in_selected[4], out_plain[4], out_selected[4];
  int x_in, x_out, y;

  trace_open (&trace, CHART_TRACE);
  chart = trace_chart (&trace, HT_COST_ALLOCATIONS);
  options = whole (chart);
  ht_chart_plot_area (WIDTH, HEIGHT, &plot);
  plain = paint (chart, &options, WIDTH, HEIGHT, "chart-painter-allocations");
  options.has_selection = TRUE;
  options.selection_start = 1;
  options.selection_end = 2;
  options.cursor_row = 4;
  selected = paint (chart, &options, WIDTH, HEIGHT, "chart-painter-selection");
  x_in = (int) ht_chart_plot_x (&plot, &options, 1.5);
  x_out = (int) ht_chart_plot_x (&plot, &options, 3.5);
  y = (int) (plot.y + 5);
  pixel (plain, x_in, y, in_plain);
  pixel (selected, x_in, y, in_selected);
  pixel (plain, x_out, y, out_plain);
  pixel (selected, x_out, y, out_selected);
  g_assert_cmpint (in_selected[2], >, in_selected[0]);
  g_assert_false (in_plain[0] == in_selected[0] && in_plain[2] == in_selected[2]);
  g_assert_cmpmem (out_plain, sizeof out_plain, out_selected, sizeof out_selected);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (selected);

  options.dark = TRUE;
  selected = paint (chart, &options, WIDTH, HEIGHT, "chart-painter-dark");
  pixel (selected, 2, 2, in_selected);
  g_assert_cmpint (in_selected[0], <, 64);
  cairo_surface_destroy (selected);
  trace_close (&trace);
}

/* odd traces and odd sizes: a picture, never a failed cairo context */
static void
test_odd (void)
{
  static const char * const odd[] = {
    "v 10400 3\n",
    CHART_HEADER "+ 0\n",
    CHART_HEADER "c 0\n+ 0\n",
  };
  static const HtCostType types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  static const int sizes[][2] = { { WIDTH, HEIGHT }, { 120, 40 }, { 1, 1 } };

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    for (guint t = 0; t < G_N_ELEMENTS (types); t++)
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          Trace trace;
          g_autoptr(HtChart) chart = NULL;
          /* a look at the empty state and at one event is enough */
          g_autofree char *name = s == 0 && t == 0 && i < 2 ? g_strdup_printf ("chart-painter-odd-%u", i) : NULL;
          HtChartPaintOptions options;

          trace_open (&trace, odd[i]);
          chart = trace_chart (&trace, types[t]);
          options = whole (chart);
          options.cursor_row = 1;
          cairo_surface_destroy (paint (chart, &options, sizes[s][0], sizes[s][1], name));
          /* a view 0 ms wide, and one past the end */
          options.view_start = options.view_end = 1;
          cairo_surface_destroy (paint (chart, &options, sizes[s][0], sizes[s][1], NULL));
          options.view_start = 100;
          options.view_end = 200;
          cairo_surface_destroy (paint (chart, &options, sizes[s][0], sizes[s][1], NULL));
          trace_close (&trace);
        }
}

/* the exports: a PNG file and an SVG file */
static void
test_export (void)
{
  Trace trace;
  g_autoptr(HtChart) chart = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) svg = NULL;
  HtChartPaintOptions options;
  gsize size;
  const char *data;

  trace_open (&trace, CHART_TRACE);
  chart = trace_chart (&trace, HT_COST_PEAK);
  options = whole (chart);
  png = ht_chart_paint_png (chart, 300, 100, &options);
  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  svg = ht_chart_paint_svg (chart, 300, 100, &options);
  data = g_bytes_get_data (svg, &size);
  g_assert_nonnull (g_strstr_len (data, size, "<svg"));
  g_assert_nonnull (g_strstr_len (data, size, "</svg>"));
  trace_close (&trace);
}

/* Where @side's line crosses the column of time @t, or anywhere in the
 * column where the side has no value: whether a pixel has its colour */
static gboolean
line_shows (cairo_surface_t      *surface,
            const HtChartOverlay *overlay,
            const HtChartPlot    *plot,
            double                y_max,
            HtDiffSide            side,
            double                t)
{
  HtChartPaintOptions view = { 0, overlay->end };
  int x = (int) ht_chart_plot_x (plot, &view, t);
  int row = ht_chart_overlay_row_at (overlay, side, t);
  int top = (int) plot->y, bottom = (int) (plot->y + plot->height);
  double rgb[3];

  if (row >= 0)
    {
      double y = plot->y + plot->height - overlay->values[side][row] / y_max * plot->height;

      top = (int) y - 2;
      bottom = (int) y + 2;
    }
  ht_overlay_side_rgb (side, FALSE, rgb);
  for (int y = top; y <= bottom; y++)
    if (has_colour (surface, x, y, rgb))
      return TRUE;
  return FALSE;
}

/* Both traces' calls over one time axis: B (20 steps of 10 ms, two calls
 * each) as a filled area under its line, A (10 steps, one call each) as a
 * dashed line over it, which stops at A's end, 101 ms */
static void
test_overlay (void)
{
  HtOverlaySide *sides[2];
  char *labels[2] = { "A: before", "B: after" };
  g_autoptr(HtChartOverlay) overlay = NULL;
  g_autoptr(HtChartOverlay) normalised = NULL;
  g_autoptr(HtChartOverlay) temporary = NULL;
  HtChartPaintOptions options = { 0, 0, FALSE, TRUE, FALSE, 0, 0, -1 };
  cairo_surface_t *surface;
  cairo_t *cr;
  HtChartPlot plot;
  double b_rgb[3];
  guint shown = 0, gaps = 0;
  int x;

  ht_test_overlay_sides (sides);
  overlay = ht_chart_overlay_new (sides, labels, HT_COST_ALLOCATIONS, HT_OVERLAY_ABSOLUTE);
  normalised = ht_chart_overlay_new (sides, labels, HT_COST_ALLOCATIONS, HT_OVERLAY_NORMALISED);
  temporary = ht_chart_overlay_new ((HtOverlaySide *[]) { sides[0], sides[0] }, labels, HT_COST_TEMPORARY,
                                    HT_OVERLAY_ABSOLUTE);
  ht_overlay_side_free (sides[0]);
  ht_overlay_side_free (sides[1]);
  ht_chart_plot_area (WIDTH, HEIGHT, &plot);
  ht_overlay_side_rgb (HT_DIFF_B, FALSE, b_rgb);

  options.view_end = overlay->end;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  ht_chart_overlay_paint (cr, overlay, WIDTH, HEIGHT, &options, 50);
  cairo_destroy (cr);
  save_painting (surface, "chart-painter-overlay");

  /* B's area at 150 ms, above the axis, where A has ended: B at 35 %
   * over white, nothing of A */
  x = (int) ht_chart_plot_x (&plot, &options, 150);
  assert_blend (surface, x, (int) (plot.y + plot.height) - 3, b_rgb, 0.35);
  /* A's dashes along its run: its colour at some moments, gaps at others */
  for (double t = 1; t < 100; t += 1)
    if (line_shows (surface, overlay, &plot, overlay->max * 1.08, HT_DIFF_A, t))
      shown++;
    else
      gaps++;
  g_test_message ("A shown at %u moments, gaps at %u", shown, gaps);
  g_assert_cmpuint (shown, >, 20);
  g_assert_cmpuint (gaps, >, 5);
  g_assert_false (line_shows (surface, overlay, &plot, overlay->max * 1.08, HT_DIFF_A, 150));
  g_assert_true (line_shows (surface, overlay, &plot, overlay->max * 1.08, HT_DIFF_B, 150));
  cairo_surface_destroy (surface);

  /* normalised, both runs end at the plot's right end: B's area reaches it */
  options.view_end = normalised->end;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  ht_chart_overlay_paint (cr, normalised, WIDTH, HEIGHT, &options, -1);
  cairo_destroy (cr);
  save_painting (surface, "chart-painter-overlay-normalised");
  assert_blend (surface, (int) (plot.x + plot.width) - 2, (int) (plot.y + plot.height) - 3, b_rgb, 0.35);
  g_assert_true (line_shows (surface, normalised, &plot, normalised->max * 1.08, HT_DIFF_B, 99.6));
  cairo_surface_destroy (surface);

  /* A against itself has no temporary allocations: words, no lines */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  ht_chart_overlay_paint (cr, temporary, WIDTH, HEIGHT, &options, -1);
  cairo_destroy (cr);
  save_painting (surface, "chart-painter-overlay-empty");
  g_assert_false (line_shows (surface, temporary, &plot, 1, HT_DIFF_A, 50));
  g_assert_false (line_shows (surface, temporary, &plot, 1, HT_DIFF_B, 50));
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/chart/paint/consumed", test_consumed);
  g_test_add_func ("/ht/chart/paint/selection-dark", test_selection_dark);
  g_test_add_func ("/ht/chart/paint/odd", test_odd);
  g_test_add_func ("/ht/chart/paint/export", test_export);
  g_test_add_func ("/ht/chart/paint/overlay", test_overlay);
  return g_test_run ();
}
