/* ht-chart-painter.c: a timeline chart, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws what ht-chart.c computed, and nothing else: the top locations'
 * series stacked as areas in their colours of ht-location-colours (one
 * colour per location in every picture), the rest of the total in grey
 * above them, the total as a line, the resident size as a dashed line, the
 * axes in human units, the legend, the selection, the crosshair and the
 * peak. A plain cairo function, so the widget only calls it, exports call
 * it on image and SVG surfaces, and the tests call it without a display.
 */

#define G_LOG_DOMAIN "ht-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ht-chart-painter.h"

#define MARGIN_LEFT   68
#define MARGIN_TOP    10
#define MARGIN_BOTTOM 22
#define LEGEND_GAP    12
#define LEGEND_LINE   16

typedef struct
{
  cairo_t                   *cr;
  const HtChart             *chart;     /* NULL for an overlay of two traces */
  const HtChartPaintOptions *options;
  HtChartPlot                plot;
  PangoLayout               *text;
  double                     max;       /* the top of the value axis */
  gboolean                   bytes;     /* the values are bytes, not counts */
  gboolean                   percent;   /* the time axis is in % of each run, not in ms */
  double                     fg[3];     /* text and the total's line */
} Painter;

/* How a legend's entry shows what it names */
typedef enum
{
  KEY_AREA,    /* a filled square */
  KEY_LINE,    /* a line */
  KEY_DASHED,  /* a dashed line */
} KeyKind;

static double
legend_width (int width)
{
  return width >= 480 ? CLAMP (width * 0.28, 160, 300) : 0;
}

/**
 * ht_chart_plot_area:
 *
 * Where a chart of @width × @height pixels puts its plot; the widget maps
 * the pointer with it.
 */
void
ht_chart_plot_area (int          width,
                    int          height,
                    HtChartPlot *plot)
{
  double legend = legend_width (width);

  plot->x = MARGIN_LEFT;
  plot->y = MARGIN_TOP;
  plot->width = MAX (width - MARGIN_LEFT - legend - (legend > 0 ? LEGEND_GAP : 8), 1);
  plot->height = MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 1);
}

/* the visible span, never 0: a trace can be 1 ms long, a zoom 0 wide */
static double
view_span (const HtChartPaintOptions *options)
{
  return options->view_end > options->view_start ? options->view_end - options->view_start : 1;
}

double
ht_chart_plot_x (const HtChartPlot         *plot,
                 const HtChartPaintOptions *options,
                 double                     time)
{
  return plot->x + (time - options->view_start) / view_span (options) * plot->width;
}

double
ht_chart_plot_time (const HtChartPlot         *plot,
                    const HtChartPaintOptions *options,
                    double                     x)
{
  return options->view_start + (x - plot->x) / plot->width * view_span (options);
}

static double
value_y (Painter *p,
         double   value)
{
  return p->plot.y + p->plot.height - value / p->max * p->plot.height;
}

static double
row_x (Painter *p,
       guint    row)
{
  return ht_chart_plot_x (&p->plot, p->options, p->chart->times[row]);
}

static void
set_colour (Painter *p,
            double   alpha)
{
  cairo_set_source_rgba (p->cr, p->fg[0], p->fg[1], p->fg[2], alpha);
}

static void
show_text (Painter    *p,
           const char *text,
           double      x,
           double      y,
           double      xalign,
           double      yalign)
{
  int w, h;

  pango_layout_set_text (p->text, text, -1);
  pango_layout_get_pixel_size (p->text, &w, &h);
  cairo_move_to (p->cr, round (x - w * xalign), round (y - h * yalign));
  pango_cairo_show_layout (p->cr, p->text);
}

/* the first and last rows to draw: those in view and one beyond each side */
static void
visible_rows (Painter *p,
              guint   *first,
              guint   *last)
{
  const HtChart *chart = p->chart;

  *first = ht_chart_row_at (chart, (guint64) MAX (p->options->view_start, 0));
  *last = ht_chart_row_at (chart, (guint64) MAX (ceil (p->options->view_end), 0));
  if (*first > 0)
    (*first)--;
  if (*last + 1 < chart->n_rows)
    (*last)++;
}

static void
paint_grid (Painter *p)
{
  cairo_t *cr = p->cr;
  gboolean bytes = p->bytes;
  double unit = ht_chart_value_unit ((gint64) p->max, bytes);
  double vstep = ht_chart_nice_step (p->max / unit, MAX (p->plot.height / 24, 1)) * unit;
  double span = view_span (p->options);
  double tunit = p->percent ? 1 : ht_chart_time_unit (span);
  double tstep = ht_chart_nice_step (span / tunit, MAX (p->plot.width / 90, 1)) * tunit;

  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= p->max * (1 + 1e-9); v += vstep)
    {
      double y = round (value_y (p, v)) + 0.5;
      g_autofree char *label = ht_chart_format_value (v, unit, bytes);

      set_colour (p, v == 0 ? 0.45 : 0.12);
      cairo_move_to (cr, p->plot.x, y);
      cairo_line_to (cr, p->plot.x + p->plot.width, y);
      cairo_stroke (cr);
      set_colour (p, 0.75);
      show_text (p, label, p->plot.x - 6, y, 1, 0.5);
    }

  for (double t = ceil (p->options->view_start / tstep) * tstep; t <= p->options->view_end; t += tstep)
    {
      double x = round (ht_chart_plot_x (&p->plot, p->options, t)) + 0.5;
      g_autofree char *label = p->percent ? g_strdup_printf ("%g %%", t) : ht_chart_format_time (t, tunit);

      set_colour (p, 0.12);
      cairo_move_to (cr, x, p->plot.y);
      cairo_line_to (cr, x, p->plot.y + p->plot.height + 4);
      cairo_stroke (cr);
      set_colour (p, 0.75);
      show_text (p, label, CLAMP (x, p->plot.x + 12, p->plot.x + p->plot.width - 12),
                 p->plot.y + p->plot.height + 4, 0.5, 0);
    }
}

/* the series stacked bottom up, then what the total has beyond them */
static void
paint_areas (Painter *p,
             guint    first,
             guint    last)
{
  const HtChart *chart = p->chart;
  cairo_t *cr = p->cr;
  g_autofree double *below = g_new0 (double, chart->n_rows);
  g_autofree double *above = g_new0 (double, chart->n_rows);
  const gint64 *top = chart->live != NULL ? chart->live : chart->totals;

  for (guint g = 0; g <= chart->n_series; g++)
    {
      gboolean rest = g == chart->n_series;
      double rgb[3];

      for (guint r = first; r <= last; r++)
        above[r] = rest ? MAX ((double) top[r], below[r]) : below[r] + MAX (chart->values[g][r], 0);

      ht_location_colour_rgb (rest ? HT_LOCATION_NO_SLOT : chart->slots[g], p->options->dark, rgb);
      for (guint r = first; r <= last; r++)
        cairo_line_to (cr, row_x (p, r), value_y (p, above[r]));
      for (guint r = last + 1; r-- > first;)
        cairo_line_to (cr, row_x (p, r), value_y (p, below[r]));
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], rest ? 0.45 : 0.9);
      cairo_fill (cr);

      memcpy (below + first, above + first, (last - first + 1) * sizeof (double));
    }
}

/* the resident size's red, as it is in each style */
static void
rss_rgba (Painter *p,
          double   rgba[4])
{
  static const double light[4] = { 0.75, 0.11, 0.16, 1 }, dark[4] = { 1.0, 0.48, 0.45, 1 };

  memcpy (rgba, p->options->dark ? dark : light, sizeof light);
}

static void
paint_lines (Painter *p,
             guint    first,
             guint    last)
{
  const HtChart *chart = p->chart;
  cairo_t *cr = p->cr;

  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint r = first; r <= last; r++)
    cairo_line_to (cr, row_x (p, r), value_y (p, chart->totals[r]));
  set_colour (p, 0.9);
  cairo_stroke (cr);

  /* the resident size holds from one sample to the next */
  if (chart->rss != NULL && chart->rss->len > 0)
    {
      static const double dash[] = { 5, 3 };
      double rgba[4];

      for (guint i = 0; i < chart->rss->len; i++)
        {
          const HtRssSample *s = &g_array_index (chart->rss, HtRssSample, i);
          double x = ht_chart_plot_x (&p->plot, p->options, s->time);

          if (i > 0)
            cairo_line_to (cr, x, value_y (p, g_array_index (chart->rss, HtRssSample, i - 1).bytes));
          cairo_line_to (cr, x, value_y (p, s->bytes));
        }
      cairo_line_to (cr, ht_chart_plot_x (&p->plot, p->options, chart->runtime),
                     value_y (p, g_array_index (chart->rss, HtRssSample, chart->rss->len - 1).bytes));
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      rss_rgba (p, rgba);
      cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
paint_selection (Painter *p)
{
  cairo_t *cr = p->cr;
  double x1, x2;

  if (!p->options->has_selection)
    return;
  x1 = MAX (ht_chart_plot_x (&p->plot, p->options, p->options->selection_start), p->plot.x - 1);
  x2 = MIN (ht_chart_plot_x (&p->plot, p->options, p->options->selection_end),
            p->plot.x + p->plot.width + 1);
  if (x2 <= x1)
    return;
  /* the accent blue of the style */
  if (p->options->dark)
    cairo_set_source_rgba (cr, 0.47, 0.68, 0.93, 0.25);
  else
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.18);
  cairo_rectangle (cr, x1, p->plot.y, x2 - x1, p->plot.height);
  cairo_fill (cr);
  if (p->options->dark)
    cairo_set_source_rgb (cr, 0.47, 0.68, 0.93);
  else
    cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (x1) + 0.5, p->plot.y);
  cairo_line_to (cr, round (x1) + 0.5, p->plot.y + p->plot.height);
  cairo_move_to (cr, round (x2) - 0.5, p->plot.y);
  cairo_line_to (cr, round (x2) - 0.5, p->plot.y + p->plot.height);
  cairo_stroke (cr);
}

static void
paint_dot (Painter *p,
           double   x,
           double   y)
{
  cairo_arc (p->cr, x, y, 3.5, 0, 2 * G_PI);
  set_colour (p, 1);
  cairo_fill_preserve (p->cr);
  if (p->options->dark)
    cairo_set_source_rgb (p->cr, 0.12, 0.12, 0.12);
  else
    cairo_set_source_rgb (p->cr, 1, 1, 1);
  cairo_set_line_width (p->cr, 1.5);
  cairo_stroke (p->cr);
}

static void
paint_peak (Painter *p)
{
  const HtChart *chart = p->chart;
  g_autofree char *amount = NULL;
  g_autofree char *label = NULL;
  double x, y;

  if (!ht_chart_is_bytes (chart) || chart->peak <= 0
      || chart->peak_time < p->options->view_start || chart->peak_time > p->options->view_end)
    return;
  x = ht_chart_plot_x (&p->plot, p->options, chart->peak_time);
  y = value_y (p, chart->peak);
  /* a triangle pointing down at the peak */
  cairo_move_to (p->cr, x, y - 2);
  cairo_line_to (p->cr, x - 6, y - 11);
  cairo_line_to (p->cr, x + 6, y - 11);
  cairo_close_path (p->cr);
  if (p->options->dark)
    cairo_set_source_rgb (p->cr, 1.0, 0.78, 0.35);
  else
    cairo_set_source_rgb (p->cr, 0.80, 0.36, 0.0);
  cairo_fill (p->cr);

  amount = ht_chart_format_exact (chart, chart->peak);
  /* Translators: the marker at the highest heap, e.g. "Peak 3.4 MiB" */
  label = g_strdup_printf (_("Peak %s"), amount);
  set_colour (p, 1);
  /* beside the marker, on the side with room */
  if (x + 10 + 90 < p->plot.x + p->plot.width)
    show_text (p, label, x + 9, MAX (y - 8, p->plot.y), 0, 0.5);
  else
    show_text (p, label, x - 9, MAX (y - 8, p->plot.y), 1, 0.5);
}

static void
paint_cursor (Painter *p)
{
  const HtChart *chart = p->chart;
  cairo_t *cr = p->cr;
  int row = p->options->cursor_row;
  double x, stacked = 0;

  if (row < 0 || (guint) row >= chart->n_rows)
    return;
  x = row_x (p, row);
  if (x < p->plot.x - 0.5 || x > p->plot.x + p->plot.width + 0.5)
    return;
  x = round (x) + 0.5;
  set_colour (p, 0.7);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, p->plot.y);
  cairo_line_to (cr, x, p->plot.y + p->plot.height);
  cairo_stroke (cr);
  for (guint g = 0; g < chart->n_series; g++)
    {
      stacked += MAX (chart->values[g][row], 0);
      paint_dot (p, x, value_y (p, stacked));
    }
  if (chart->live != NULL)
    paint_dot (p, x, value_y (p, chart->live[row]));
  paint_dot (p, x, value_y (p, chart->totals[row]));
}

/* @rgba: the key's colour */
static void
legend_entry (Painter      *p,
              double        x,
              double        y,
              double        width,
              const char   *name,
              const double  rgba[4],
              KeyKind       kind)
{
  cairo_t *cr = p->cr;

  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
  if (kind == KEY_AREA)
    {
      cairo_rectangle (cr, x, y + 3, 12, 10);
      cairo_fill (cr);
    }
  else
    {
      static const double dash[] = { 3, 2 };

      cairo_set_line_width (cr, 1.5);
      if (kind == KEY_DASHED)
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, x, y + 8.5);
      cairo_line_to (cr, x + 12, y + 8.5);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  set_colour (p, 0.9);
  pango_layout_set_width (p->text, (int) ((width - 18) * PANGO_SCALE));
  show_text (p, name, x + 18, y + 8, 0, 0.5);
  pango_layout_set_width (p->text, -1);
}

/* a location's area in the legend: its colour, or the rest's grey */
static void
location_entry (Painter    *p,
                double      x,
                double      y,
                double      width,
                const char *name,
                int         slot)
{
  double rgba[4];

  ht_location_colour_rgb (slot, p->options->dark, rgba);
  rgba[3] = slot == HT_LOCATION_NO_SLOT ? 0.45 : 0.9;
  legend_entry (p, x, y, width, name, rgba, KEY_AREA);
}

static void
paint_legend (Painter *p,
              int      width)
{
  const HtChart *chart = p->chart;
  double lw = legend_width (width);
  double x = width - lw, y = p->plot.y;
  double bottom = p->plot.y + p->plot.height + MARGIN_BOTTOM - LEGEND_LINE;
  double fg[4] = { p->fg[0], p->fg[1], p->fg[2], 0.9 };
  double rss[4];

  if (lw <= 0)
    return;
  pango_layout_set_ellipsize (p->text, PANGO_ELLIPSIZE_MIDDLE);
  /* Translators: the line of a row's highest live total since the row before */
  legend_entry (p, x, y, lw, ht_chart_is_bytes (chart) ? _("Highest total") : _("Total"), fg, KEY_LINE);
  y += LEGEND_LINE;
  if (chart->rss != NULL && chart->rss->len > 0)
    {
      rss_rgba (p, rss);
      legend_entry (p, x, y, lw, _("Resident (RSS)"), rss, KEY_DASHED);
      y += LEGEND_LINE;
    }
  /* from the top of the stack down, as the areas lie */
  location_entry (p, x, y, lw, chart->n_series > 0 ? _("Other locations") : ht_chart_is_bytes (chart) ? _("Live")
                                                                                                       : _("All locations"),
                  HT_LOCATION_NO_SLOT);
  y += LEGEND_LINE;
  for (guint g = chart->n_series; g-- > 0;)
    {
      /* the last line left says how many did not fit */
      if (y > bottom - LEGEND_LINE && g > 0)
        {
          g_autofree char *more = g_strdup_printf (ngettext ("%u more location", "%u more locations", g + 1), g + 1);

          set_colour (p, 0.6);
          show_text (p, more, x + 18, y + 8, 0, 0.5);
          break;
        }
      location_entry (p, x, y, lw, chart->names[g], chart->slots[g]);
      y += LEGEND_LINE;
    }
  pango_layout_set_ellipsize (p->text, PANGO_ELLIPSIZE_NONE);
}

static const char *
empty_text (HtCostType type)
{
  switch (type)
    {
    case HT_COST_ALLOCATIONS:
      return _("No allocations");
    case HT_COST_TEMPORARY:
      return _("No temporary allocations");
    case HT_COST_PEAK:
    case HT_COST_LEAKED:
    default:
      return _("No heap memory used");
    }
}

/* nothing above 0 anywhere: a flat line at 0 says less than words */
static gboolean
chart_is_empty (const HtChart *chart)
{
  if (chart->n_rows < 2)
    return TRUE;
  for (guint r = 0; r < chart->n_rows; r++)
    if (chart->totals[r] != 0 || (chart->live != NULL && chart->live[r] != 0))
      return FALSE;
  return chart->rss == NULL || chart->rss->len == 0;
}

/* The start of every picture: the plot's place, the colours, the text's
 * font, the background */
static void
painter_begin (Painter *p,
               int      width,
               int      height)
{
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

  ht_chart_plot_area (width, height, &p->plot);
  for (int k = 0; k < 3; k++)
    p->fg[k] = p->options->dark ? 0.92 : 0.14;
  p->text = pango_cairo_create_layout (p->cr);
  pango_layout_set_font_description (p->text, font);
  pango_font_description_free (font);

  cairo_save (p->cr);
  if (p->options->background)
    {
      if (p->options->dark)
        cairo_set_source_rgb (p->cr, 0.14, 0.14, 0.14);
      else
        cairo_set_source_rgb (p->cr, 1, 1, 1);
      cairo_paint (p->cr);
    }
}

static void
painter_end (Painter *p)
{
  cairo_restore (p->cr);
  g_object_unref (p->text);
}

/* For a chart without anything to show: the line at 0 and the words
 * that say so; ends the picture */
static void
paint_empty (Painter    *p,
             HtCostType  type)
{
  cairo_t *cr = p->cr;

  p->max = 1;
  set_colour (p, 0.45);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, p->plot.x, round (p->plot.y + p->plot.height) + 0.5);
  cairo_line_to (cr, p->plot.x + p->plot.width, round (p->plot.y + p->plot.height) + 0.5);
  cairo_stroke (cr);
  set_colour (p, 0.6);
  show_text (p, empty_text (type), p->plot.x + p->plot.width / 2, p->plot.y + p->plot.height / 2, 0.5, 0.5);
  painter_end (p);
}

/**
 * ht_chart_paint:
 * @width: in pixels
 * @height: in pixels
 *
 * Draws @chart over the time range of @options.
 */
void
ht_chart_paint (cairo_t                   *cr,
                const HtChart             *chart,
                int                        width,
                int                        height,
                const HtChartPaintOptions *options)
{
  Painter p = { cr, chart, options };
  guint first, last;

  g_return_if_fail (cr != NULL && chart != NULL && options != NULL);

  painter_begin (&p, width, height);
  p.bytes = ht_chart_is_bytes (chart);
  if (chart_is_empty (chart))
    {
      paint_empty (&p, chart->type);
      return;
    }

  /* a little headroom above the highest value, for the peak's marker */
  p.max = ht_chart_get_max (chart) * 1.08;
  paint_grid (&p);
  visible_rows (&p, &first, &last);

  cairo_save (cr);
  cairo_rectangle (cr, p.plot.x, 0, p.plot.width, p.plot.y + p.plot.height);
  cairo_clip (cr);
  paint_areas (&p, first, last);
  paint_selection (&p);
  paint_lines (&p, first, last);
  paint_cursor (&p);
  paint_peak (&p);
  cairo_restore (cr);

  paint_legend (&p, width);
  painter_end (&p);
}

/* the colour of @side, as transparent as @alpha */
static void
side_rgba (Painter    *p,
           HtDiffSide  side,
           double      alpha,
           double      rgba[4])
{
  ht_overlay_side_rgb (side, p->options->dark, rgba);
  rgba[3] = alpha;
}

/* B as a filled area under a solid line, A as a dashed line without an
 * area: apart by their shapes, not by their colours alone */
static void
paint_side (Painter              *p,
            const HtChartOverlay *overlay,
            HtDiffSide            side)
{
  static const double dash[] = { 6, 3 };
  cairo_t *cr = p->cr;
  guint n = overlay->n_rows[side];
  double rgba[4];

  if (n == 0)
    return;
  for (guint r = 0; r < n; r++)
    cairo_line_to (cr, ht_chart_plot_x (&p->plot, p->options, overlay->x[side][r]),
                   value_y (p, overlay->values[side][r]));
  if (side == HT_DIFF_B)
    {
      cairo_path_t *line = cairo_copy_path (cr);

      cairo_line_to (cr, ht_chart_plot_x (&p->plot, p->options, overlay->x[side][n - 1]), value_y (p, 0));
      cairo_line_to (cr, ht_chart_plot_x (&p->plot, p->options, overlay->x[side][0]), value_y (p, 0));
      cairo_close_path (cr);
      side_rgba (p, side, 0.35, rgba);
      cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
      cairo_fill (cr);
      cairo_append_path (cr, line);
      cairo_path_destroy (line);
    }
  else
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  side_rgba (p, side, 1, rgba);
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* a line down the plot at @cursor, and a dot on each side's value there */
static void
paint_overlay_cursor (Painter              *p,
                      const HtChartOverlay *overlay,
                      double                cursor)
{
  double x = round (ht_chart_plot_x (&p->plot, p->options, cursor)) + 0.5;

  if (!(x >= p->plot.x && x <= p->plot.x + p->plot.width + 1))
    return;
  set_colour (p, 0.7);
  cairo_set_line_width (p->cr, 1);
  cairo_move_to (p->cr, x, p->plot.y);
  cairo_line_to (p->cr, x, p->plot.y + p->plot.height);
  cairo_stroke (p->cr);
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      int row = ht_chart_overlay_row_at (overlay, side, cursor);

      if (row >= 0)
        paint_dot (p, x, value_y (p, overlay->values[side][row]));
    }
}

/* nothing above 0 in either trace */
static gboolean
overlay_is_empty (const HtChartOverlay *overlay)
{
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    for (guint r = 0; r < overlay->n_rows[side]; r++)
      if (overlay->values[side][r] != 0)
        return FALSE;
  return TRUE;
}

/**
 * ht_chart_overlay_paint:
 * @options: the view range is the part of the overlay's axis shown (0
 *   to its end for all of it); selection and cursor row are not drawn
 * @cursor: the point of the axis under the pointer, or a negative
 *   value for none
 *
 * Draws both sides of @overlay (docs/figures.md §21.11) on one time axis,
 * with the legend naming A and B.
 */
void
ht_chart_overlay_paint (cairo_t                   *cr,
                        const HtChartOverlay      *overlay,
                        int                        width,
                        int                        height,
                        const HtChartPaintOptions *options,
                        double                     cursor)
{
  Painter p = { cr, NULL, options };
  double lw = legend_width (width);
  double rgba[4];

  g_return_if_fail (cr != NULL && overlay != NULL && options != NULL);

  painter_begin (&p, width, height);
  if (overlay_is_empty (overlay))
    {
      paint_empty (&p, overlay->type);
      return;
    }
  p.bytes = ht_chart_overlay_is_bytes (overlay);
  p.percent = overlay->time == HT_OVERLAY_NORMALISED;
  p.max = overlay->max * 1.08;
  paint_grid (&p);

  cairo_save (cr);
  cairo_rectangle (cr, p.plot.x, 0, p.plot.width, p.plot.y + p.plot.height);
  cairo_clip (cr);
  /* A last, so that its line stays on top of B's area */
  paint_side (&p, overlay, HT_DIFF_B);
  paint_side (&p, overlay, HT_DIFF_A);
  if (cursor >= 0)
    paint_overlay_cursor (&p, overlay, cursor);
  cairo_restore (cr);

  if (lw > 0)
    {
      pango_layout_set_ellipsize (p.text, PANGO_ELLIPSIZE_MIDDLE);
      side_rgba (&p, HT_DIFF_A, 1, rgba);
      legend_entry (&p, width - lw, p.plot.y, lw, overlay->labels[HT_DIFF_A], rgba, KEY_DASHED);
      side_rgba (&p, HT_DIFF_B, 0.6, rgba);
      legend_entry (&p, width - lw, p.plot.y + LEGEND_LINE, lw, overlay->labels[HT_DIFF_B], rgba, KEY_AREA);
      pango_layout_set_ellipsize (p.text, PANGO_ELLIPSIZE_NONE);
    }
  painter_end (&p);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Returns: (transfer full): @chart as a PNG file's bytes */
GBytes *
ht_chart_paint_png (const HtChart             *chart,
                    int                        width,
                    int                        height,
                    const HtChartPaintOptions *options)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  GByteArray *bytes = g_byte_array_new ();

  ht_chart_paint (cr, chart, width, height, options);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

/* Returns: (transfer full): @chart as an SVG file's bytes */
GBytes *
ht_chart_paint_svg (const HtChart             *chart,
                    int                        width,
                    int                        height,
                    const HtChartPaintOptions *options)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_t *cr = cairo_create (surface);

  ht_chart_paint (cr, chart, width, height, options);
  cairo_destroy (cr);
  /* the stream is written when the surface finishes */
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}
