/* ht-diff-flame.h: a comparison's paired call tree as a flame graph
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-comparison.h"
#include "ht-flame-graph.h"

G_BEGIN_DECLS

/* What a differential flame graph shows of a comparison; the data of
 * ht_diff_flame_source, read at each layout */
typedef struct
{
  HtComparison *comparison;   /* borrowed, loaded */
  gboolean      top_down;     /* callers at the base, else allocating functions */
  HtDiffSide    shape;        /* whose costs the widths are: B, or A for the negated view */
  gboolean      self_change;  /* coloured by the change of the frame's own cost, not of its total */
} HtDiffFlame;

extern const HtFlameSource ht_diff_flame_source;

HtDiffNode    *ht_diff_flame_get_root   (const HtDiffFlame *flame);
HtFlameLayout *ht_diff_flame_layout_new (HtDiffFlame       *flame,
                                         HtDiffNode        *zoom,
                                         HtCostType         type,
                                         double             width_px,
                                         double             threshold,
                                         gboolean           collapse_recursion);
double         ht_diff_flame_delta      (HtFlameLayout     *layout,
                                         guint              frame);

G_END_DECLS
