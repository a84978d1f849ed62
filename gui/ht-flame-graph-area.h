/* ht-flame-graph-area.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ht-flame-graph.h"

G_BEGIN_DECLS

#define HT_TYPE_FLAME_GRAPH_AREA (ht_flame_graph_area_get_type ())

G_DECLARE_FINAL_TYPE (HtFlameGraphArea, ht_flame_graph_area, HT, FLAME_GRAPH_AREA, GtkWidget)

void            ht_flame_graph_area_set_source          (HtFlameGraphArea   *self,
                                                         const HtFlameSource *source,
                                                         gpointer            data,
                                                         gpointer            root);
void            ht_flame_graph_area_set_tree            (HtFlameGraphArea   *self,
                                                         HtCallTree         *tree);
void            ht_flame_graph_area_source_changed      (HtFlameGraphArea   *self);
void            ht_flame_graph_area_set_selected_symbol (HtFlameGraphArea   *self,
                                                         const HtCallSymbol *symbol);
HtFlameLayout  *ht_flame_graph_area_get_layout          (HtFlameGraphArea   *self);
gpointer        ht_flame_graph_area_get_zoom            (HtFlameGraphArea   *self);
void            ht_flame_graph_area_zoom_to             (HtFlameGraphArea   *self,
                                                         gpointer            node);
void            ht_flame_graph_area_back                (HtFlameGraphArea   *self);
void            ht_flame_graph_area_forward             (HtFlameGraphArea   *self);
void            ht_flame_graph_area_reset               (HtFlameGraphArea   *self);
gpointer        ht_flame_graph_area_get_focus_node      (HtFlameGraphArea   *self);
void            ht_flame_graph_area_paint               (HtFlameGraphArea   *self,
                                                         cairo_t            *cr,
                                                         int                 width,
                                                         int                 height);

G_END_DECLS
