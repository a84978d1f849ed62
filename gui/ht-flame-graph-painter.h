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

typedef struct
{
  double   row_height;  /* pixels per level */
  gboolean icicle;      /* levels go down from the top, not up from the bottom */
  gboolean dark;        /* the dark style's colours */
} HtFlamePaintOptions;

void ht_flame_graph_frame_colour (HtCallTree                *tree,
                                  const HtCallTreeNode      *node,
                                  gboolean                   dark,
                                  double                     rgb[3]);
void ht_flame_graph_paint        (cairo_t                   *cr,
                                  HtFlameLayout             *layout,
                                  HtCallTree                *tree,
                                  int                        width,
                                  int                        height,
                                  const HtFlamePaintOptions *options);

G_END_DECLS
