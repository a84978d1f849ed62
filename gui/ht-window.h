/* ht-window.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-recorder-process.h"
#include "ht-session.h"

G_BEGIN_DECLS

#define HT_TYPE_WINDOW (ht_window_get_type ())

G_DECLARE_FINAL_TYPE (HtWindow, ht_window, HT, WINDOW, AdwApplicationWindow)

HtWindow   *ht_window_new          (GtkApplication *application);
void        ht_window_open         (HtWindow       *self,
                                    GFile          *file);
void        ht_window_follow       (HtWindow       *self,
                                    GFile          *file);
void        ht_window_record       (HtWindow       *self,
                                    HtRecorderProcess *recorder);
gboolean    ht_window_is_recording (HtWindow       *self);
void        ht_window_drop_file    (HtWindow       *self,
                                    GFile          *file);
GFile      *ht_window_get_file     (HtWindow       *self);
HtDocument *ht_window_get_document (HtWindow       *self);
HtSession  *ht_window_get_session  (HtWindow       *self);
const char *ht_window_get_state    (HtWindow       *self);
void        ht_window_show_view    (HtWindow       *self,
                                    const char     *name);
GtkWidget  *ht_window_get_view     (HtWindow       *self,
                                    const char     *name);
const char *ht_window_get_warning  (HtWindow       *self);

G_END_DECLS
