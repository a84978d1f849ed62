/* ht-output-file.h: writing a file the user named
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ht_output_file_write (const char  *path,
                               const char  *contents,
                               gsize        length,
                               GError     **error);

G_END_DECLS
