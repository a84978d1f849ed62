/* ht-charts-page.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-chart-view.h"
#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_CHARTS_PAGE (ht_charts_page_get_type ())

/* The timeline charts of the whole trace, over one time axis */
G_DECLARE_FINAL_TYPE (HtChartsPage, ht_charts_page, HT, CHARTS_PAGE, HtView)

HtChartView *ht_charts_page_get_chart (HtChartsPage *self,
                                       HtCostType    type);
const char  *ht_charts_page_get_state (HtChartsPage *self);

G_END_DECLS
