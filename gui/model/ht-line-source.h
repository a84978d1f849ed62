/* ht-line-source.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads the lines of a plain, gzip or zstd file, recognised by its first bytes. */
typedef struct _HtLineSource HtLineSource;

typedef enum
{
  HT_COMPRESSION_NONE,
  HT_COMPRESSION_GZIP,
  HT_COMPRESSION_ZSTD,
} HtCompression;

/* The longest line we accept; a heaptrack writer never comes near it. */
#define HT_LINE_SOURCE_MAX_LINE (16 * 1024 * 1024)

HtLineSource  *ht_line_source_open            (const char    *path,
                                               GError       **error);
HtLineSource  *ht_line_source_new_for_bytes   (GBytes        *bytes,
                                               const char    *name);
void           ht_line_source_free            (HtLineSource  *self);
gboolean       ht_line_source_next            (HtLineSource  *self,
                                               const char   **line,
                                               gsize         *len,
                                               GError       **error);
const char    *ht_line_source_peek            (HtLineSource  *self,
                                               gsize         *len);
void           ht_line_source_consume         (HtLineSource  *self,
                                               gsize          n);
guint64        ht_line_source_get_line_offset (HtLineSource  *self);
gboolean       ht_line_source_skip_to         (HtLineSource  *self,
                                               guint64        offset,
                                               GError       **error);
void           ht_line_source_set_following   (HtLineSource  *self,
                                               gboolean       following);
gboolean       ht_line_source_is_following    (HtLineSource  *self);
gboolean       ht_line_source_is_truncated    (HtLineSource  *self);
gboolean       ht_line_source_last_line_unterminated (HtLineSource *self);
HtCompression  ht_line_source_get_compression (HtLineSource  *self);
double         ht_line_source_get_fraction    (HtLineSource  *self);
const char    *ht_line_source_get_name        (HtLineSource  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtLineSource, ht_line_source_free)

G_END_DECLS
