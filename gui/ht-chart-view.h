/* ht-chart-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ht-chart.h"
#include "ht-session.h"

G_BEGIN_DECLS

#define HT_TYPE_CHART_VIEW (ht_chart_view_get_type ())

/* One timeline chart: it shows an HtChart and forwards input to the session */
G_DECLARE_FINAL_TYPE (HtChartView, ht_chart_view, HT, CHART_VIEW, GtkWidget)

void           ht_chart_view_set_chart           (HtChartView   *self,
                                                  const HtChart *chart);
const HtChart *ht_chart_view_get_chart           (HtChartView   *self);
const char    *ht_chart_view_get_description     (HtChartView   *self);
double         ht_chart_view_time_to_x           (HtChartView   *self,
                                                  double         time);
void           ht_chart_view_zoom                (HtChartView   *self,
                                                  double         factor,
                                                  double         around);
void           ht_chart_view_show_range          (HtChartView   *self,
                                                  double         start,
                                                  double         end);
gboolean       ht_chart_view_export              (HtChartView   *self,
                                                  const char    *format,
                                                  const char    *path);

G_END_DECLS
