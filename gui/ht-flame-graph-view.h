/* ht-flame-graph-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-flame-graph-area.h"
#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_FLAME_GRAPH_VIEW (ht_flame_graph_view_get_type ())

G_DECLARE_FINAL_TYPE (HtFlameGraphView, ht_flame_graph_view, HT, FLAME_GRAPH_VIEW, HtView)

HtFlameGraphArea *ht_flame_graph_view_get_area (HtFlameGraphView  *self);
void              ht_flame_graph_view_search   (HtFlameGraphView  *self,
                                                const char        *text);
gboolean          ht_flame_graph_view_export   (HtFlameGraphView  *self,
                                                const char        *format,
                                                const char        *path,
                                                GError           **error);

G_END_DECLS
