/* ht-trace-reader.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ht-line-source.h"
#include "ht-trace-data.h"

G_BEGIN_DECLS

/* The newest file format we read (docs/trace-format.md §7). */
#define HT_TRACE_FORMAT_VERSION 3

typedef enum
{
  HT_EVENT_ALLOC,   /* info: allocation-info index; pointer: format 0 only */
  HT_EVENT_FREE,    /* info, pointer as for ALLOC */
  HT_EVENT_TIME,    /* value: milliseconds */
  HT_EVENT_RSS,     /* value: resident pages */
  HT_EVENT_ATTACH,  /* the recording was attached to a running process */
} HtEventType;

typedef struct
{
  HtEventType type;
  guint32     info;
  guint64     value;
} HtEvent;

/* A point of a trace to read it again from: a `c` line, and how far the
 * tables had grown before it */
typedef struct
{
  guint64          time;     /* of the c line */
  guint64          offset;   /* where its line starts in the decompressed text */
  guint64          line_no;  /* lines before it */
  HtTraceDataSizes sizes;
} HtTraceReaderMark;

/* Reads a heaptrack trace: fills an HtTraceData with its tables and hands out
 * the events that the analysis replays, one at a time. */
typedef struct _HtTraceReader HtTraceReader;

HtTraceReader *ht_trace_reader_open          (const char     *path,
                                              GError        **error);
HtTraceReader *ht_trace_reader_new_for_bytes (GBytes         *bytes,
                                              const char     *name);
HtTraceReader *ht_trace_reader_resume        (const char              *path,
                                              HtTraceData             *data,
                                              const HtTraceReaderMark *mark,
                                              GError                 **error);
gboolean       ht_trace_reader_mark          (HtTraceReader  *self,
                                              HtTraceReaderMark *mark);
void           ht_trace_reader_free          (HtTraceReader  *self);
gboolean       ht_trace_reader_next          (HtTraceReader  *self,
                                              HtEvent        *event,
                                              GError        **error);
void           ht_trace_reader_set_following (HtTraceReader  *self,
                                              gboolean        following);
HtTraceData   *ht_trace_reader_get_data      (HtTraceReader  *self);
HtTraceData   *ht_trace_reader_steal_data    (HtTraceReader  *self);
GPtrArray     *ht_trace_reader_get_warnings  (HtTraceReader  *self);
gboolean       ht_trace_reader_is_truncated  (HtTraceReader  *self);
double         ht_trace_reader_get_fraction  (HtTraceReader  *self);
guint64        ht_trace_reader_get_line      (HtTraceReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtTraceReader, ht_trace_reader_free)

G_END_DECLS
