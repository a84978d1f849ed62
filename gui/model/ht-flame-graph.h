/* ht-flame-graph.h: where each frame of a flame graph goes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-call-tree.h"

G_BEGIN_DECLS

/* One rectangle: @x and @width are shares of the view's width (0 to 1),
 * @depth counts levels from the top frame (0). A NULL @node stands for
 * frames merged for being each narrower than a pixel. */
typedef struct
{
  HtCallTreeNode *node;
  double          x;
  double          width;
  guint           depth;
  gint64          cost;
} HtFlameFrame;

typedef struct
{
  gint64  total;     /* the cost of the whole view: the zoomed frame's, or the root's */
  GArray *frames;    /* HtFlameFrame, parents before their children */
  guint   n_levels;
} HtFlameLayout;

HtFlameLayout *ht_flame_layout_new  (HtCallTree     *tree,
                                     HtCallTreeNode *zoom,
                                     HtCostType      type,
                                     double          width_px,
                                     double          threshold,
                                     gboolean        collapse_recursion);
void           ht_flame_layout_free (HtFlameLayout  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtFlameLayout, ht_flame_layout_free)

G_END_DECLS
