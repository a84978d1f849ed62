/* ht-diff-flame-graph-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-comparison-view.h"
#include "ht-flame-graph-area.h"

G_BEGIN_DECLS

#define HT_TYPE_DIFF_FLAME_GRAPH_VIEW (ht_diff_flame_graph_view_get_type ())

G_DECLARE_FINAL_TYPE (HtDiffFlameGraphView, ht_diff_flame_graph_view, HT, DIFF_FLAME_GRAPH_VIEW, HtComparisonView)

HtFlameGraphArea *ht_diff_flame_graph_view_get_area (HtDiffFlameGraphView *self);

G_END_DECLS
