/* ht-trace-data.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-trace-data"

#include "config.h"

#include "ht-trace-data.h"

HtTraceData *
ht_trace_data_new (void)
{
  HtTraceData *self = g_new0 (HtTraceData, 1);
  HtIp empty_ip = { 0 };
  HtTraceNode root = { 0 };
  guint8 no = 0;

  self->chunk = g_string_chunk_new (64 * 1024);
  self->strings = g_ptr_array_new ();
  g_ptr_array_add (self->strings, NULL);
  self->string_is_stop = g_byte_array_new ();
  g_byte_array_append (self->string_is_stop, &no, 1);
  self->ips = g_array_new (FALSE, FALSE, sizeof (HtIp));
  g_array_append_val (self->ips, empty_ip);
  self->inlined = g_array_new (FALSE, FALSE, sizeof (HtFrame));
  self->traces = g_array_new (FALSE, FALSE, sizeof (HtTraceNode));
  g_array_append_val (self->traces, root);
  self->infos = g_array_new (FALSE, FALSE, sizeof (HtAllocInfo));
  self->embedded_suppressions = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
ht_trace_data_free (HtTraceData *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->strings);
  g_byte_array_unref (self->string_is_stop);
  g_array_unref (self->ips);
  g_array_unref (self->inlined);
  g_array_unref (self->traces);
  g_array_unref (self->infos);
  g_ptr_array_unref (self->embedded_suppressions);
  g_string_chunk_free (self->chunk);
  g_free (self->debuggee);
  g_free (self);
}

const char *
ht_trace_data_get_string (HtTraceData *self,
                          guint32      index)
{
  if (index >= self->strings->len)
    return NULL;
  return g_ptr_array_index (self->strings, index);
}

/* Whether walking a backtrace towards the root ends after this IP
 * (docs/figures.md §8.2: only the IP's own function counts, not inlined ones). */
gboolean
ht_trace_data_is_stop_ip (HtTraceData *self,
                          guint32      ip)
{
  return self->string_is_stop->data[ht_trace_data_ip (self, ip)->frame.function] != 0;
}
