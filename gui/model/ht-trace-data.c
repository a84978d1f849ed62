/* ht-trace-data.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-trace-data"

#include "config.h"

#include <string.h>

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

void
ht_trace_data_get_sizes (HtTraceData      *self,
                         HtTraceDataSizes *sizes)
{
  sizes->strings = self->strings->len;
  sizes->ips = self->ips->len;
  sizes->inlined = self->inlined->len;
  sizes->traces = self->traces->len;
  sizes->infos = self->infos->len;
  sizes->embedded_suppressions = self->embedded_suppressions->len;
}

static GArray *
array_prefix (GArray *array,
              guint   len)
{
  guint element = g_array_get_element_size (array);
  GArray *copy = g_array_sized_new (FALSE, FALSE, element, len);

  g_array_append_vals (copy, array->data, len);
  return copy;
}

/**
 * ht_trace_data_copy_prefix:
 * @sizes: sizes @self's tables once had (ht_trace_data_get_sizes ())
 *
 * Returns: (transfer full): the tables as they were then, for reading the
 *   rest of the file from that point on
 */
HtTraceData *
ht_trace_data_copy_prefix (HtTraceData            *self,
                           const HtTraceDataSizes *sizes)
{
  HtTraceData *copy = g_new0 (HtTraceData, 1);

  g_return_val_if_fail (sizes->strings >= 1 && sizes->strings <= self->strings->len, NULL);
  g_return_val_if_fail (sizes->infos <= self->infos->len, NULL);

  copy->chunk = g_string_chunk_new (64 * 1024);
  copy->strings = g_ptr_array_sized_new (sizes->strings);
  g_ptr_array_add (copy->strings, NULL);
  for (guint i = 1; i < sizes->strings; i++)
    g_ptr_array_add (copy->strings, g_string_chunk_insert (copy->chunk, g_ptr_array_index (self->strings, i)));
  copy->string_is_stop = g_byte_array_sized_new (sizes->strings);
  g_byte_array_append (copy->string_is_stop, self->string_is_stop->data, sizes->strings);
  copy->ips = array_prefix (self->ips, sizes->ips);
  copy->inlined = array_prefix (self->inlined, sizes->inlined);
  copy->traces = array_prefix (self->traces, sizes->traces);
  copy->infos = array_prefix (self->infos, sizes->infos);
  copy->embedded_suppressions = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sizes->embedded_suppressions; i++)
    g_ptr_array_add (copy->embedded_suppressions, g_strdup (g_ptr_array_index (self->embedded_suppressions, i)));

  copy->debuggee = g_strdup (self->debuggee);
  copy->heaptrack_version = self->heaptrack_version;
  copy->format_version = self->format_version;
  copy->page_size = self->page_size;
  copy->pages = self->pages;
  copy->attached = self->attached;
  return copy;
}

static const char * const stop_functions[] = {
  "main", "__libc_start_main", "__static_initialization_and_destruction_0",
};

static const char * const operator_new_functions[] = {
  "operator new(unsigned long)", "operator new[](unsigned long)",
  "operator new(unsigned int)", "operator new[](unsigned int)",
};

/* The tables grow through these, whoever fills them: the reader of a file
 * after checking each record, the symbolizer as it writes one. The rules
 * that make heaptrack's backtraces (stop functions, operator new) live
 * here, so that both get them. */

/* A string @len bytes long (a NUL in it ends it there, as in heaptrack). */
void
ht_trace_data_add_string (HtTraceData *self,
                          const char  *str,
                          gsize        len)
{
  char *copy = g_string_chunk_insert_len (self->chunk, str, len);
  guint8 is_stop = 0;

  for (guint i = 0; i < G_N_ELEMENTS (stop_functions); i++)
    if (strcmp (copy, stop_functions[i]) == 0)
      is_stop = 1;

  g_ptr_array_add (self->strings, copy);
  g_byte_array_append (self->string_is_stop, &is_stop, 1);
}

static gboolean
is_operator_new (HtTraceData *self,
                 guint32      function)
{
  const char *name = ht_trace_data_get_string (self, function);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (operator_new_functions); i++)
    if (strcmp (name, operator_new_functions[i]) == 0)
      return TRUE;
  return FALSE;
}

/* @ip, whose inlined frames (if any) are the last n_inlined of the table. */
void
ht_trace_data_add_ip (HtTraceData *self,
                      HtIp        *ip)
{
  if (is_operator_new (self, ip->frame.function))
    ip->flags |= HT_IP_OPERATOR_NEW;
  g_array_append_val (self->ips, *ip);
}

/* A trace node. Frames of operator new are replaced by their caller, so
 * traces end in the code that called new (docs/figures.md §8.3). The
 * parent was already treated this way, so one step is enough. */
void
ht_trace_data_add_trace (HtTraceData *self,
                         guint32      ip,
                         guint32      parent)
{
  HtTraceNode node = { ip, parent };

  if (ht_trace_data_ip (self, ip)->flags & HT_IP_OPERATOR_NEW)
    node = *ht_trace_data_trace (self, parent);
  g_array_append_val (self->traces, node);
}

void
ht_trace_data_add_info (HtTraceData *self,
                        guint64      size,
                        guint32      trace)
{
  HtAllocInfo info = { size, trace, 0 };

  g_array_append_val (self->infos, info);
}

/* HtLocationKey as a GHashTable key */
guint
ht_location_key_hash (gconstpointer key)
{
  const HtLocationKey *k = key;

  return k->module * 31u + k->function * 1000003u + k->file * 7919u + k->line;
}

gboolean
ht_location_key_equal (gconstpointer a,
                       gconstpointer b)
{
  return memcmp (a, b, sizeof (HtLocationKey)) == 0;
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
