/* ht-editor.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char **ht_editor_build_argv (const char  *command,
                             const char  *file,
                             guint        line,
                             GError     **error);

G_END_DECLS
