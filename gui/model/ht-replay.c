/* ht-replay.c: a second pass over a trace, for what needs the first's results
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts of the top locations and the massif snapshots need each site's
 * live bytes at many moments; keeping them from the first pass would grow
 * with the events, so they read the file again.
 */

#define G_LOG_DOMAIN "ht-replay"

#include "config.h"

#include "ht-replay.h"

/**
 * ht_replay:
 * @trace_path: the file @analysis was made from
 *
 * Reads @trace_path again and hands every event to @func, allocations and
 * frees with the allocation-info and site that @analysis gave them.
 *
 * Returns: %FALSE with @error set if the file cannot be read or the read
 *   was cancelled
 */
gboolean
ht_replay (HtAnalysis    *analysis,
           const char    *trace_path,
           HtReplayFunc   func,
           gpointer       user_data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(HtTraceReader) reader = ht_trace_reader_open (trace_path, error);
  g_autoptr(GError) local_error = NULL;
  GArray *infos = analysis->data->infos;
  HtEvent event;
  guint64 n = 0;

  if (reader == NULL)
    return FALSE;

  while (ht_trace_reader_next (reader, &event, &local_error))
    {
      const HtAllocInfo *info = NULL;

      if ((++n & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (event.type == HT_EVENT_ALLOC || event.type == HT_EVENT_FREE)
        {
          /* a file changed since the analysis may hold more than it saw */
          if (event.info >= infos->len)
            continue;
          info = &g_array_index (infos, HtAllocInfo, event.info);
          if (info->site >= analysis->sites->len)
            continue;
        }
      func (&event, info, user_data);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
