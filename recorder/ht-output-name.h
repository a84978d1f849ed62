/* ht-output-name.h: the %p, %h and %n of output names, for the launcher and
 * the symbolizer alike
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ht_output_name_expand (const char *pattern,
                             guint64     pid,
                             const char *program,
                             const char *keep,
                             gboolean   *expanded);

G_END_DECLS
