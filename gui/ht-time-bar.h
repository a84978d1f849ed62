/* ht-time-bar.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_TIME_BAR (ht_time_bar_get_type ())

G_DECLARE_FINAL_TYPE (HtTimeBar, ht_time_bar, HT, TIME_BAR, HtView)

const char *ht_time_bar_get_text (HtTimeBar *self);

G_END_DECLS
