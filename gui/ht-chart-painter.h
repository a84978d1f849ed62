/* ht-chart-painter.h: a timeline chart, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ht-chart.h"
#include "ht-overlay.h"

G_BEGIN_DECLS

typedef struct
{
  double    view_start;       /* ms: the part of the time axis shown */
  double    view_end;
  gboolean  dark;             /* the dark style's colours */
  gboolean  background;       /* fill the background (exports); else the widget's shows */
  gboolean  has_selection;
  guint64   selection_start;  /* ms, start included, end not */
  guint64   selection_end;
  int       cursor_row;       /* the row of the crosshair, -1 for none */
} HtChartPaintOptions;

/* Where the plot goes inside the chart, axes and legend around it */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} HtChartPlot;

void    ht_chart_plot_area   (int                        width,
                              int                        height,
                              HtChartPlot               *plot);
double  ht_chart_plot_x      (const HtChartPlot         *plot,
                              const HtChartPaintOptions *options,
                              double                     time);
double  ht_chart_plot_time   (const HtChartPlot         *plot,
                              const HtChartPaintOptions *options,
                              double                     x);
void    ht_chart_paint       (cairo_t                   *cr,
                              const HtChart             *chart,
                              int                        width,
                              int                        height,
                              const HtChartPaintOptions *options);
void    ht_chart_overlay_paint (cairo_t                 *cr,
                              const HtChartOverlay      *overlay,
                              int                        width,
                              int                        height,
                              const HtChartPaintOptions *options,
                              double                     cursor);
GBytes *ht_chart_paint_png   (const HtChart             *chart,
                              int                        width,
                              int                        height,
                              const HtChartPaintOptions *options);
GBytes *ht_chart_paint_svg   (const HtChart             *chart,
                              int                        width,
                              int                        height,
                              const HtChartPaintOptions *options);

G_END_DECLS
