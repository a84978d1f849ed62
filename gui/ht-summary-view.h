/* ht-summary-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_SUMMARY_VIEW (ht_summary_view_get_type ())

/* The trace's figures and its costliest sites; a site activated emits
 * HtSummaryView::function-activated. */
G_DECLARE_FINAL_TYPE (HtSummaryView, ht_summary_view, HT, SUMMARY_VIEW, HtView)

G_END_DECLS
