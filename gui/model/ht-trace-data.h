/* ht-trace-data.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The tables of a trace (docs/trace-format.md §4, §5). Index 0 of strings,
 * ips and traces is the empty entry, so a 0 read from the file means
 * "none". */

typedef struct
{
  guint32 function;
  guint32 file;
  guint32 line;
} HtFrame;

typedef enum
{
  HT_IP_OPERATOR_NEW = 1 << 0,
} HtIpFlags;

typedef struct
{
  guint64 address;
  guint32 module;
  HtFrame frame;          /* innermost function at the address */
  guint32 inlined_start;  /* into HtTraceData.inlined, outer frames in order */
  guint16 n_inlined;
  guint16 flags;
} HtIp;

typedef struct
{
  guint32 ip;
  guint32 parent;
} HtTraceNode;

typedef struct
{
  guint64 size;
  guint32 trace;
  guint32 site;           /* index into the analysis' sites */
} HtAllocInfo;

typedef struct
{
  GPtrArray    *strings;   /* char*, [0] = NULL */
  GByteArray   *string_is_stop;
  GArray       *ips;       /* HtIp, [0] = empty */
  GArray       *inlined;   /* HtFrame */
  GArray       *traces;    /* HtTraceNode, [0] = root */
  GArray       *infos;     /* HtAllocInfo, 0-based */
  GPtrArray    *embedded_suppressions; /* char*, text of the S lines */
  GStringChunk *chunk;

  char         *debuggee;
  guint32       heaptrack_version;
  guint32       format_version;
  guint64       page_size;
  guint64       pages;
  gboolean      attached;
} HtTraceData;

/* Where an IP allocates, as the report merges sites by it (docs/figures.md
 * §9.1): its module, function, file and line, as string indices */
typedef struct
{
  guint32 module;
  guint32 function;
  guint32 file;
  guint32 line;
} HtLocationKey;

/* How far each table had grown at one point of the file */
typedef struct
{
  guint strings;
  guint ips;
  guint inlined;
  guint traces;
  guint infos;
  guint embedded_suppressions;
} HtTraceDataSizes;

HtTraceData *ht_trace_data_new          (void);
void         ht_trace_data_get_sizes    (HtTraceData            *self,
                                         HtTraceDataSizes       *sizes);
HtTraceData *ht_trace_data_copy_prefix  (HtTraceData            *self,
                                         const HtTraceDataSizes *sizes);
void         ht_trace_data_free         (HtTraceData *self);
void         ht_trace_data_add_string   (HtTraceData *self,
                                         const char  *str,
                                         gsize        len);
void         ht_trace_data_add_ip       (HtTraceData *self,
                                         HtIp        *ip);
void         ht_trace_data_add_trace    (HtTraceData *self,
                                         guint32      ip,
                                         guint32      parent);
void         ht_trace_data_add_info     (HtTraceData *self,
                                         guint64      size,
                                         guint32      trace);
guint        ht_location_key_hash       (gconstpointer           key);
gboolean     ht_location_key_equal      (gconstpointer           a,
                                         gconstpointer           b);
const char  *ht_trace_data_get_string   (HtTraceData *self,
                                         guint32      index);
gboolean     ht_trace_data_is_stop_ip   (HtTraceData *self,
                                         guint32      ip);

static inline const HtIp *
ht_trace_data_ip (HtTraceData *self,
                  guint32      index)
{
  return &g_array_index (self->ips, HtIp, index);
}

static inline HtLocationKey
ht_trace_data_location (HtTraceData *self,
                        guint32      ip)
{
  const HtIp *p = ht_trace_data_ip (self, ip);

  return (HtLocationKey) { p->module, p->frame.function, p->frame.file, p->frame.line };
}

static inline const HtTraceNode *
ht_trace_data_trace (HtTraceData *self,
                     guint32      index)
{
  return &g_array_index (self->traces, HtTraceNode, index);
}

static inline const HtFrame *
ht_trace_data_inlined (HtTraceData *self,
                       const HtIp  *ip,
                       guint        i)
{
  return &g_array_index (self->inlined, HtFrame, ip->inlined_start + i);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtTraceData, ht_trace_data_free)

G_END_DECLS
