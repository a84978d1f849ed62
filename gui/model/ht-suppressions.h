/* ht-suppressions.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One leak suppression pattern and what it matched (docs/figures.md §6). */
typedef struct
{
  char    *pattern;
  guint64  matches;
  gint64   leaked;
} HtSuppression;

GPtrArray *ht_suppressions_new           (void);
void       ht_suppressions_add_builtin   (GPtrArray   *suppressions);
gboolean   ht_suppressions_parse_line    (GPtrArray   *suppressions,
                                          const char  *line);
gboolean   ht_suppressions_add_file      (GPtrArray   *suppressions,
                                          const char  *path,
                                          GPtrArray   *warnings,
                                          GError     **error);
gboolean   ht_suppression_matches        (const char  *pattern,
                                          const char  *str);

G_END_DECLS
