/* ht-histogram-painter.h: the size histogram, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ht-histogram.h"
#include "ht-location-colours.h"
#include "ht-overlay.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean dark;      /* the dark style's colours */
  int      selected;  /* the bucket to mark as selected, or -1 */
  int      hovered;   /* the bucket under the pointer, or -1 */
} HtHistogramPaintOptions;

/* Where the parts of the picture go, for the widget to find a bar under
 * the pointer and for the tests to find a bar's pixels */
typedef struct
{
  double  plot_x;
  double  plot_y;
  double  plot_width;
  double  plot_height;
  guint   first_bucket;   /* the leftmost bar's bucket */
  guint   n_bars;         /* 0: nothing to draw */
  double  slot_width;     /* pixels per bucket */
  guint64 axis_max;       /* the calls at the top of the plot */
  guint64 axis_step;      /* the calls between two grid lines */
  guint   legend_entries;
  guint   legend_columns;
  guint   legend_rows;
  double  legend_y;
} HtHistogramGeometry;

typedef enum
{
  HT_HISTOGRAM_IMAGE_PNG,
  HT_HISTOGRAM_IMAGE_SVG,
} HtHistogramImage;

void    ht_histogram_geometry           (HtHistogram                   *histogram,
                                         int                            width,
                                         int                            height,
                                         HtHistogramGeometry           *geometry);
int     ht_histogram_geometry_bucket_at (const HtHistogramGeometry     *geometry,
                                         double                         x,
                                         double                         y);
void    ht_histogram_geometry_column    (const HtHistogramGeometry     *geometry,
                                         guint                          bucket,
                                         double                         rect[4]);
void    ht_histogram_geometry_bar       (const HtHistogramGeometry     *geometry,
                                         HtHistogram                   *histogram,
                                         guint                          bucket,
                                         double                         rect[4]);
void    ht_histogram_mirror_geometry    (const HtHistogramOverlay      *overlay,
                                         int                            width,
                                         int                            height,
                                         HtHistogramGeometry           *geometry);
void    ht_histogram_mirror_bar         (const HtHistogramGeometry     *geometry,
                                         const HtHistogramOverlay      *overlay,
                                         HtDiffSide                     side,
                                         guint                          bucket,
                                         double                         rect[4]);
void    ht_histogram_mirror_paint       (cairo_t                       *cr,
                                         const HtHistogramOverlay      *overlay,
                                         int                            width,
                                         int                            height,
                                         const HtHistogramPaintOptions *options);
void    ht_histogram_series_colour      (HtHistogram                   *histogram,
                                         HtAnalysis                    *analysis,
                                         HtLocationColours             *colours,
                                         guint                          series,
                                         gboolean                       dark,
                                         double                         rgb[3]);
void    ht_histogram_paint              (cairo_t                       *cr,
                                         HtHistogram                   *histogram,
                                         HtAnalysis                    *analysis,
                                         HtLocationColours             *colours,
                                         int                            width,
                                         int                            height,
                                         const HtHistogramPaintOptions *options);
GBytes *ht_histogram_render             (HtHistogram                   *histogram,
                                         HtAnalysis                    *analysis,
                                         HtLocationColours             *colours,
                                         int                            width,
                                         int                            height,
                                         gboolean                       dark,
                                         HtHistogramImage               format,
                                         GError                       **error);

G_END_DECLS
