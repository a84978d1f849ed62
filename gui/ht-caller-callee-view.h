/* ht-caller-callee-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-view.h"

G_BEGIN_DECLS

#define HT_TYPE_CALLER_CALLEE_VIEW (ht_caller_callee_view_get_type ())

G_DECLARE_FINAL_TYPE (HtCallerCalleeView, ht_caller_callee_view, HT, CALLER_CALLEE_VIEW, HtView)

gboolean ht_caller_callee_view_select (HtCallerCalleeView *self,
                                       const char         *name);

G_END_DECLS
