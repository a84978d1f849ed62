/* ht-flame-graph-painter.h: a flame graph's layout, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ht-flame-graph.h"

G_BEGIN_DECLS

/* Frames' names laid out by Pango, kept between paints: shaping text is
 * most of a paint's time, and after a zoom or a resize the same names
 * come back, wider. */
typedef struct _HtFlameLabels HtFlameLabels;

typedef struct
{
  double   row_height;  /* pixels per level */
  gboolean icicle;      /* levels go down from the top, not up from the bottom */
  gboolean dark;        /* the dark style's colours */
  gboolean by_cost;     /* coloured by share of the total, not by module */
  gboolean searching;   /* frames not marked HT_FLAME_MARK_MATCH are greyed */
  HtFlameLabels *labels;  /* (nullable): names laid out in earlier paints */
  gboolean by_change;   /* coloured by the frames' change (a comparison's), not by module */
} HtFlamePaintOptions;

HtFlameLabels *ht_flame_labels_new  (void);
void           ht_flame_labels_free (HtFlameLabels *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtFlameLabels, ht_flame_labels_free)

void ht_flame_graph_frame_colour (HtCallTree                *tree,
                                  const HtCallTreeNode      *node,
                                  gboolean                   dark,
                                  double                     rgb[3]);
void ht_flame_graph_cost_colour  (double                     share,
                                  gboolean                   dark,
                                  double                     rgb[3]);
void ht_flame_graph_change_colour (double                   change,
                                  gboolean                   dark,
                                  double                     rgb[3]);
void ht_flame_graph_paint_change_legend (cairo_t           *cr,
                                  int                        width,
                                  int                        height,
                                  gboolean                   dark);
void ht_flame_graph_paint        (cairo_t                   *cr,
                                  HtFlameLayout             *layout,
                                  int                        width,
                                  int                        height,
                                  const HtFlamePaintOptions *options);

G_END_DECLS
