/* ht-settings.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GSettings *ht_settings_get              (void);
void       ht_open_location             (GtkWidget            *parent,
                                         const char           *file,
                                         guint                 line);
void       ht_show_preferences          (GtkWindow            *parent);
char      *ht_chooser_get_path          (GtkFileChooserNative *chooser,
                                         int                   response);

G_END_DECLS
