/* ht-histogram-painter.c: the size histogram, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws what ht-histogram.c counted (docs/figures.md §11): one bar per
 * power-of-two bucket of requested sizes, as tall as its calls, stacked by
 * the locations with the most calls in the colours every chart gives them
 * (ht-location-colours.c), the rest of the locations in grey on top; an
 * axis of calls, the buckets' sizes under the bars and a legend naming the
 * locations. A plain cairo function, so the widget, the PNG and SVG export
 * and the tests without a display all draw the same picture.
 */

#define G_LOG_DOMAIN "ht-histogram"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ht-histogram-painter.h"

/* Fixed sizes, in pixels: the geometry needs no font to be computed, so
 * hit-testing and the tests know where every bar is */
#define MARGIN        12.0
#define AXIS_WIDTH    52.0   /* the calls' labels, left of the plot */
#define TITLE_HEIGHT  24.0   /* "Calls", above the plot */
#define LABELS_HEIGHT 26.0   /* the buckets' sizes, under the plot */
#define LEGEND_GAP    10.0
#define LEGEND_ROW    20.0
#define LEGEND_WIDE   720    /* from this width on, two columns of legend */
#define MAX_BAR_WIDTH 72.0

/* The calls of the locations stacked together as "the rest" */
static guint64
rest_calls (HtHistogram *histogram)
{
  guint64 calls = 0;

  for (guint b = 0; b < histogram->n_buckets; b++)
    calls += histogram->values[histogram->n_series][b];
  return calls;
}

/* The smallest round step between grid lines, 1, 2 or 5 times a power of
 * ten, that reaches @max in five steps at most; in integers, as the calls
 * are counted */
static guint64
axis_step (guint64 max)
{
  static const guint64 factors[] = { 1, 2, 5 };
  guint64 needed = max / 5 + (max % 5 != 0);

  /* needed is below 2^62: 5 × 10^18 is reached before 10^19 overflows */
  for (guint64 magnitude = 1;; magnitude *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
      if (factors[i] * magnitude >= needed)
        return factors[i] * magnitude;
}

/* The plot around the legend's rows, and the bars from @first_bucket to
 * @n_buckets - 1 on an axis up to @max calls */
static void
lay_out (HtHistogramGeometry *geometry,
         int                  width,
         int                  height,
         guint64              max,
         guint                first_bucket,
         guint                n_buckets)
{
  double legend_height;

  legend_height = geometry->legend_rows > 0 ? LEGEND_GAP + geometry->legend_rows * LEGEND_ROW : 0;

  geometry->plot_x = MARGIN + AXIS_WIDTH;
  geometry->plot_y = MARGIN + TITLE_HEIGHT;
  geometry->plot_width = MAX (0, width - geometry->plot_x - MARGIN);
  geometry->plot_height = MAX (0, height - geometry->plot_y - LABELS_HEIGHT - legend_height - MARGIN);
  geometry->legend_y = geometry->plot_y + geometry->plot_height + LABELS_HEIGHT + LEGEND_GAP;
  if (max == 0)
    return;

  geometry->first_bucket = first_bucket;
  geometry->n_bars = n_buckets - first_bucket;
  geometry->slot_width = geometry->plot_width / geometry->n_bars;
  geometry->axis_step = axis_step (max);
  geometry->axis_max = (max + geometry->axis_step - 1) / geometry->axis_step * geometry->axis_step;
}

/**
 * ht_histogram_geometry:
 *
 * Lays out the histogram on @width × @height pixels; with no calls at all,
 * n_bars is 0 and nothing else is set but the plot.
 */
void
ht_histogram_geometry (HtHistogram         *histogram,
                       int                  width,
                       int                  height,
                       HtHistogramGeometry *geometry)
{
  guint64 max = 0;

  *geometry = (HtHistogramGeometry) { 0 };
  for (guint b = 0; b < histogram->n_buckets; b++)
    max = MAX (max, histogram->totals[b]);

  if (max > 0)
    {
      geometry->legend_entries = histogram->n_series + (rest_calls (histogram) > 0 ? 1 : 0);
      geometry->legend_columns = width >= LEGEND_WIDE && geometry->legend_entries > 1 ? 2 : 1;
      geometry->legend_rows = (geometry->legend_entries + geometry->legend_columns - 1) / geometry->legend_columns;
    }
  lay_out (geometry, width, height, max, ht_histogram_first_bucket (histogram), histogram->n_buckets);
}

/**
 * ht_histogram_mirror_geometry:
 *
 * Lays out the mirrored histogram of two traces on @width × @height
 * pixels: B's bars up from the plot's middle, A's down, each half up to
 * axis_max calls; a legend of one row, A and B.
 */
void
ht_histogram_mirror_geometry (const HtHistogramOverlay *overlay,
                              int                       width,
                              int                       height,
                              HtHistogramGeometry      *geometry)
{
  *geometry = (HtHistogramGeometry) { 0 };
  if (overlay->max > 0)
    {
      geometry->legend_entries = 2;
      geometry->legend_columns = 2;
      geometry->legend_rows = 1;
    }
  lay_out (geometry, width, height, overlay->max, overlay->first_bucket, overlay->n_buckets);
}

/* The bucket whose column (the bar, the space above it and its label) holds
 * (@x, @y), or -1 */
int
ht_histogram_geometry_bucket_at (const HtHistogramGeometry *geometry,
                                 double                     x,
                                 double                     y)
{
  guint i;

  if (geometry->n_bars == 0 || geometry->slot_width <= 0
      || x < geometry->plot_x || x >= geometry->plot_x + geometry->plot_width
      || y < geometry->plot_y || y >= geometry->plot_y + geometry->plot_height + LABELS_HEIGHT)
    return -1;
  i = MIN ((guint) ((x - geometry->plot_x) / geometry->slot_width), geometry->n_bars - 1);
  return (int) (geometry->first_bucket + i);
}

/* The rectangle of @bucket's column: its bar, the space above it and its
 * label: x, y, width, height */
void
ht_histogram_geometry_column (const HtHistogramGeometry *geometry,
                              guint                      bucket,
                              double                     rect[4])
{
  g_return_if_fail (bucket >= geometry->first_bucket && bucket < geometry->first_bucket + geometry->n_bars);

  rect[0] = geometry->plot_x + (bucket - geometry->first_bucket) * geometry->slot_width;
  rect[1] = geometry->plot_y;
  rect[2] = geometry->slot_width;
  rect[3] = geometry->plot_height + LABELS_HEIGHT;
}

/* A bar of @calls in @bucket's column, up from @zero (@extent pixels for
 * axis_max calls), or down for a negative @extent: x, y, width, height */
static void
bar_rect (const HtHistogramGeometry *geometry,
          guint                      bucket,
          guint64                    calls,
          double                     zero,
          double                     extent,
          double                     rect[4])
{
  double width = MIN (geometry->slot_width * 0.75, MAX_BAR_WIDTH);
  double height = 0;

  g_return_if_fail (bucket >= geometry->first_bucket && bucket < geometry->first_bucket + geometry->n_bars);

  if (geometry->axis_max > 0)
    height = (double) calls / geometry->axis_max * extent;
  rect[0] = geometry->plot_x + (bucket - geometry->first_bucket) * geometry->slot_width
            + (geometry->slot_width - width) / 2;
  rect[1] = MIN (zero, zero - height);
  rect[2] = width;
  rect[3] = ABS (height);
}

/* The rectangle of @bucket's whole bar: x, y, width, height */
void
ht_histogram_geometry_bar (const HtHistogramGeometry *geometry,
                           HtHistogram               *histogram,
                           guint                      bucket,
                           double                     rect[4])
{
  bar_rect (geometry, bucket, histogram->totals[bucket], geometry->plot_y + geometry->plot_height,
            geometry->plot_height, rect);
}

/* The middle of the mirrored histogram's plot, where both sides' bars start */
static double
mirror_zero (const HtHistogramGeometry *geometry)
{
  return geometry->plot_y + geometry->plot_height / 2;
}

/* The rectangle of @side's bar of @bucket in the mirrored histogram: B's
 * up from the middle, A's down: x, y, width, height */
void
ht_histogram_mirror_bar (const HtHistogramGeometry *geometry,
                         const HtHistogramOverlay  *overlay,
                         HtDiffSide                 side,
                         guint                      bucket,
                         double                     rect[4])
{
  double half = geometry->plot_height / 2;

  bar_rect (geometry, bucket, overlay->calls[side][bucket], mirror_zero (geometry),
            side == HT_DIFF_B ? half : -half, rect);
}

/* A stacked location's colour: the one it has in every picture of the
 * trace; the rest of the locations are grey */
void
ht_histogram_series_colour (HtHistogram       *histogram,
                            HtAnalysis        *analysis,
                            HtLocationColours *colours,
                            guint              series,
                            gboolean           dark,
                            double             rgb[3])
{
  int slot = HT_LOCATION_NO_SLOT;

  if (series < histogram->n_series)
    slot = ht_location_colours_slot (colours, analysis, g_ptr_array_index (histogram->groups, series));
  ht_location_colour_rgb (slot, dark, rgb);
}

static void
set_foreground (cairo_t  *cr,
                gboolean  dark,
                double    alpha)
{
  if (dark)
    cairo_set_source_rgba (cr, 1, 1, 1, alpha);
  else
    cairo_set_source_rgba (cr, 0, 0, 0, alpha);
}

/* Calls on the axis, short: "500", "1.5k", "2M" */
static char *
axis_label (guint64 calls)
{
  guint64 unit;
  g_autofree char *number = NULL;

  if (calls < 1000)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, calls);
  unit = calls >= 1000000000 ? 1000000000 : calls >= 1000000 ? 1000000 : 1000;
  /* the steps are round: one decimal at most, and none if it is 0 */
  number = g_strdup_printf (calls % unit == 0 ? "%.0f" : "%.1f", (double) calls / unit);
  if (calls >= 1000000000)
    /* Translators: billions of calls on the histogram's axis: "2G" */
    return g_strdup_printf (_("%sG"), number);
  if (calls >= 1000000)
    /* Translators: millions of calls on the histogram's axis: "1.5M" */
    return g_strdup_printf (_("%sM"), number);
  /* Translators: thousands of calls on the histogram's axis: "2.5k" */
  return g_strdup_printf (_("%sk"), number);
}

/* @text with its right end (@align 1), centre (0.5) or left end (0) at @x,
 * vertically centred on @y */
static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)
{
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * align, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* The grid of calls up from @zero, @extent pixels for axis_max calls, or
 * down for a negative @extent, which leaves 0 to the grid going up */
static void
paint_axis (cairo_t                   *cr,
            PangoLayout               *layout,
            const HtHistogramGeometry *g,
            double                     zero,
            double                     extent,
            gboolean                   dark)
{
  for (guint64 calls = extent < 0 ? g->axis_step : 0; calls <= g->axis_max; calls += g->axis_step)
    {
      /* on a pixel's middle: a sharp line */
      double y = (int) (zero - (double) calls / g->axis_max * extent) + 0.5;
      g_autofree char *label = axis_label (calls);

      set_foreground (cr, dark, calls == 0 ? 0.5 : 0.12);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, g->plot_x, y);
      cairo_line_to (cr, g->plot_x + g->plot_width, y);
      cairo_stroke (cr);
      set_foreground (cr, dark, 0.6);
      show_text (cr, layout, label, g->plot_x - 8, y, 1);
    }
}

/* What the axis counts, above it */
static void
paint_title (cairo_t     *cr,
             PangoLayout *layout,
             const char  *title,
             gboolean     dark)
{
  set_foreground (cr, dark, 0.6);
  pango_layout_set_text (layout, title, -1);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, layout);
}

/* A column's band behind its bar: the selected bucket in the accent
 * colour, the one under the pointer in a faint grey */
static void
paint_band (cairo_t                   *cr,
            const HtHistogramGeometry *g,
            int                        bucket,
            gboolean                   dark,
            gboolean                   selected)
{
  double column[4];

  if (bucket < (int) g->first_bucket || bucket >= (int) (g->first_bucket + g->n_bars))
    return;
  if (selected)
    {
      /* Adwaita's blue accent, as it is in each style */
      if (dark)
        cairo_set_source_rgba (cr, 0.47, 0.68, 0.93, 0.22);
      else
        cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.16);
    }
  else
    set_foreground (cr, dark, 0.06);
  ht_histogram_geometry_column (g, bucket, column);
  cairo_rectangle (cr, column[0], column[1], column[2], column[3]);
  cairo_fill (cr);
}

/* A bar of a few calls among millions still shows: two pixels from @zero,
 * up or (@down) down */
static void
paint_thin_bar (cairo_t      *cr,
                const double  bar[4],
                double        zero,
                gboolean      down,
                gboolean      dark)
{
  if (bar[3] >= 2)
    return;
  set_foreground (cr, dark, 0.5);
  cairo_rectangle (cr, bar[0], down ? zero : zero - 2, bar[2], 2);
  cairo_fill (cr);
}

static void
paint_bars (cairo_t                   *cr,
            const HtHistogramGeometry *g,
            HtHistogram               *histogram,
            HtAnalysis                *analysis,
            HtLocationColours         *colours,
            gboolean                   dark)
{
  for (guint b = g->first_bucket; b < histogram->n_buckets; b++)
    {
      double bar[4];
      double base = g->plot_y + g->plot_height;
      double bottom = base;
      guint64 below = 0;

      ht_histogram_geometry_bar (g, histogram, b, bar);
      for (guint s = 0; s <= histogram->n_series; s++)
        {
          guint64 calls = histogram->values[s][b];
          double top, rgb[3];

          if (calls == 0)
            continue;
          below += calls;
          /* from the cumulated calls, so that rounding never adds up */
          top = base - (double) below / g->axis_max * g->plot_height;
          ht_histogram_series_colour (histogram, analysis, colours, s, dark, rgb);
          cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          cairo_rectangle (cr, bar[0], top, bar[2], bottom - top);
          cairo_fill (cr);
          bottom = top;
        }
      if (histogram->totals[b] > 0)
        paint_thin_bar (cr, bar, base, FALSE, dark);
    }
}

/* Every bucket's sizes under its bar; where they do not fit, every second
 * (third, ...) one, always starting at the first */
static void
paint_bucket_labels (cairo_t                   *cr,
                     PangoLayout               *layout,
                     const HtHistogramGeometry *g,
                     gboolean                   dark)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  int widest = 0;
  guint every;

  for (guint i = 0; i < g->n_bars; i++)
    {
      char *label = ht_histogram_bucket_label (g->first_bucket + i);
      int width;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
      g_ptr_array_add (labels, label);
    }
  for (every = 1; every * g->slot_width < widest + 8; every++)
    ;
  set_foreground (cr, dark, 0.7);
  for (guint i = 0; i < g->n_bars; i += every)
    show_text (cr, layout, g_ptr_array_index (labels, i), g->plot_x + (i + 0.5) * g->slot_width,
               g->plot_y + g->plot_height + LABELS_HEIGHT / 2, 0.5);
}

/* A bar's rectangle filled with @rgb, or (@outlined) a faint fill inside
 * a line of it */
static void
fill_bar (cairo_t      *cr,
          double        x,
          double        y,
          double        width,
          double        height,
          const double  rgb[3],
          gboolean      outlined)
{
  if (!outlined)
    {
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (cr, x, y, width, height);
      cairo_fill (cr);
      return;
    }
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.25);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, x + 0.75, y + 0.75, MAX (width - 1.5, 0), MAX (height - 1.5, 0));
  cairo_stroke (cr);
}

/* The legend's @entry: down the first column, then down the second */
static void
legend_entry (cairo_t                   *cr,
              PangoLayout               *layout,
              const HtHistogramGeometry *g,
              guint                      entry,
              const char                *name,
              const double               rgb[3],
              gboolean                   outlined,
              gboolean                   dark)
{
  double column_width = g->plot_width / g->legend_columns;
  double x = g->plot_x + (entry / g->legend_rows) * column_width;
  double y = g->legend_y + (entry % g->legend_rows) * LEGEND_ROW;

  fill_bar (cr, x, y + 3, 12, 12, rgb, outlined);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  pango_layout_set_width (layout, (int) (MAX (1, column_width - 30) * PANGO_SCALE));
  set_foreground (cr, dark, 0.8);
  show_text (cr, layout, name, x + 18, y + 9, 0);
  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
}

static void
paint_legend (cairo_t                   *cr,
              PangoLayout               *layout,
              const HtHistogramGeometry *g,
              HtHistogram               *histogram,
              HtAnalysis                *analysis,
              HtLocationColours         *colours,
              gboolean                   dark)
{
  for (guint s = 0; s <= histogram->n_series; s++)
    {
      g_autofree char *name = NULL;
      double rgb[3];

      if (s == histogram->n_series && rest_calls (histogram) == 0)
        break;
      ht_histogram_series_colour (histogram, analysis, colours, s, dark, rgb);
      name = ht_histogram_series_name (histogram, analysis, s);
      legend_entry (cr, layout, g, s, name, rgb, FALSE, dark);
    }
}

/* The font, the background, and for no calls the words that say so;
 * %FALSE when there is nothing more to draw */
static gboolean
paint_start (cairo_t                   *cr,
             PangoLayout               *layout,
             const HtHistogramGeometry *g,
             int                        width,
             int                        height,
             gboolean                   dark)
{
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  /* Adwaita's window background, as it is in each style */
  if (dark)
    cairo_set_source_rgb (cr, 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0);
  else
    cairo_set_source_rgb (cr, 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0);
  cairo_paint (cr);

  /* no room for a plot: the background only */
  if (g->plot_width < 1 || g->plot_height < 1)
    return FALSE;
  if (g->n_bars == 0)
    {
      set_foreground (cr, dark, 0.6);
      show_text (cr, layout, _("No allocations"), width / 2.0, height / 2.0, 0.5);
      return FALSE;
    }
  return TRUE;
}

/**
 * ht_histogram_paint:
 * @colours: the trace's location colours
 *
 * Draws @histogram, whose locations are of @analysis, on @width × @height
 * pixels of @cr, background included; a histogram without calls says so.
 */
void
ht_histogram_paint (cairo_t                       *cr,
                    HtHistogram                   *histogram,
                    HtAnalysis                    *analysis,
                    HtLocationColours             *colours,
                    int                            width,
                    int                            height,
                    const HtHistogramPaintOptions *options)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  HtHistogramGeometry g;

  ht_histogram_geometry (histogram, width, height, &g);
  if (!paint_start (cr, layout, &g, width, height, options->dark))
    return;

  paint_band (cr, &g, options->hovered, options->dark, FALSE);
  paint_band (cr, &g, options->selected, options->dark, TRUE);
  paint_axis (cr, layout, &g, g.plot_y + g.plot_height, g.plot_height, options->dark);
  paint_title (cr, layout, _("Calls"), options->dark);
  paint_bars (cr, &g, histogram, analysis, colours, options->dark);
  paint_bucket_labels (cr, layout, &g, options->dark);
  paint_legend (cr, layout, &g, histogram, analysis, colours, options->dark);
}

/**
 * ht_histogram_mirror_paint:
 * @options: selected is not drawn; hovered is a bucket
 *
 * Draws both traces' calls per size bucket (docs/figures.md §21.11) on
 * @width × @height pixels of @cr, background included: B's bars filled,
 * up from the middle, A's outlined, down from it, the buckets' sizes under
 * the plot and a legend naming A and B.
 */
void
ht_histogram_mirror_paint (cairo_t                       *cr,
                           const HtHistogramOverlay      *overlay,
                           int                            width,
                           int                            height,
                           const HtHistogramPaintOptions *options)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  HtHistogramGeometry g;
  double zero, rgb[3];

  ht_histogram_mirror_geometry (overlay, width, height, &g);
  if (!paint_start (cr, layout, &g, width, height, options->dark))
    return;

  zero = mirror_zero (&g);
  paint_band (cr, &g, options->hovered, options->dark, FALSE);
  paint_axis (cr, layout, &g, zero, g.plot_height / 2, options->dark);
  paint_axis (cr, layout, &g, zero, -g.plot_height / 2, options->dark);
  /* Translators: the mirrored histogram's axis: B's bars go up, A's down */
  paint_title (cr, layout, _("Calls: B up, A down"), options->dark);
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      ht_overlay_side_rgb (side, options->dark, rgb);
      for (guint b = g.first_bucket; b < overlay->n_buckets; b++)
        {
          double bar[4];

          if (overlay->calls[side][b] == 0)
            continue;
          ht_histogram_mirror_bar (&g, overlay, side, b, bar);
          fill_bar (cr, bar[0], bar[1], bar[2], bar[3], rgb, side == HT_DIFF_A);
          paint_thin_bar (cr, bar, zero, side == HT_DIFF_A, options->dark);
        }
      legend_entry (cr, layout, &g, side, overlay->labels[side], rgb, side == HT_DIFF_A, options->dark);
    }
  paint_bucket_labels (cr, layout, &g, options->dark);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * ht_histogram_render:
 *
 * Returns: (transfer full) (nullable): the picture ht_histogram_paint ()
 *   draws, as a PNG or SVG file's bytes
 */
GBytes *
ht_histogram_render (HtHistogram        *histogram,
                     HtAnalysis         *analysis,
                     HtLocationColours  *colours,
                     int                 width,
                     int                 height,
                     gboolean            dark,
                     HtHistogramImage    format,
                     GError            **error)
{
  HtHistogramPaintOptions options = { dark, -1, -1 };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (format == HT_HISTOGRAM_IMAGE_SVG)
    surface = cairo_svg_surface_create_for_stream (append_cb, bytes, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  ht_histogram_paint (cr, histogram, analysis, colours, width, height, &options);
  cairo_destroy (cr);
  if (format == HT_HISTOGRAM_IMAGE_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
  else
    {
      /* the SVG surface writes its end when finished */
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
