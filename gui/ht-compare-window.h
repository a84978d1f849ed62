/* ht-compare-window.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-comparison.h"

G_BEGIN_DECLS

#define HT_TYPE_COMPARE_WINDOW (ht_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (HtCompareWindow, ht_compare_window, HT, COMPARE_WINDOW, AdwApplicationWindow)

HtCompareWindow *ht_compare_window_new            (GtkApplication  *application);
void             ht_compare_window_open           (HtCompareWindow *self,
                                                   GFile           *base,
                                                   GFile           *file);
void             ht_compare_window_load           (HtCompareWindow *self,
                                                   HtComparison    *comparison);
HtComparison    *ht_compare_window_get_comparison (HtCompareWindow *self);
const char      *ht_compare_window_get_state      (HtCompareWindow *self);
void             ht_compare_window_show_view      (HtCompareWindow *self,
                                                   const char      *name);
GtkWidget       *ht_compare_window_get_view       (HtCompareWindow *self,
                                                   const char      *name);

G_END_DECLS
