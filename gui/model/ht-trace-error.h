/* ht-trace-error.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HT_TRACE_ERROR (ht_trace_error_quark ())

typedef enum
{
  HT_TRACE_ERROR_BAD_MAGIC,           /* not a heaptrack trace at all */
  HT_TRACE_ERROR_RAW_TRACE,           /* an uninterpreted raw stream */
  HT_TRACE_ERROR_UNSUPPORTED_VERSION, /* file format newer than we know */
  HT_TRACE_ERROR_CORRUPT,             /* a line that is not what it claims */
  HT_TRACE_ERROR_BAD_INDEX,           /* an index pointing nowhere */
  HT_TRACE_ERROR_DECOMPRESS,          /* the compressed stream is broken */
  HT_TRACE_ERROR_LINE_TOO_LONG,       /* a line longer than any writer makes */
} HtTraceError;

GQuark ht_trace_error_quark (void);

G_END_DECLS
