/* ht-massif.c: Valgrind massif output, as valgrind's ms_print reads it
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack_print 1.4 writes a massif file whose header comes last and whose
 * trees are empty (docs/figures.md §13), and a time unit ms_print refuses.
 * We write snapshots in milliseconds at most every runtime/100, a detailed
 * tree every detailed_freq-th and last, and massif's "peak" snapshot from
 * the analysis' per-site peak. Per-site live bytes at the other snapshots
 * need a second pass over the trace.
 */

#define G_LOG_DOMAIN "ht-massif"

#include "config.h"

#include <string.h>

#include "ht-massif.h"
#include "ht-replay.h"

/* One node of a snapshot's tree: an IP reached by the sites below it. */
typedef struct _Node Node;
struct _Node
{
  guint32  ip;
  gint64   bytes;
  GArray  *children;  /* Node */
};

static void
node_clear (Node *node)
{
  if (node->children == NULL)
    return;
  for (guint i = 0; i < node->children->len; i++)
    node_clear (&g_array_index (node->children, Node, i));
  g_array_unref (node->children);
}

static Node *
node_child (Node    *node,
            guint32  ip)
{
  Node child = { ip, 0, NULL };

  if (node->children == NULL)
    node->children = g_array_new (FALSE, FALSE, sizeof (Node));
  for (guint i = 0; i < node->children->len; i++)
    if (g_array_index (node->children, Node, i).ip == ip)
      return &g_array_index (node->children, Node, i);
  g_array_append_val (node->children, child);
  return &g_array_index (node->children, Node, node->children->len - 1);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const Node *x = a, *y = b;

  return x->bytes > y->bytes ? -1 : x->bytes < y->bytes;
}

static void
print_node (HtAnalysis *analysis,
            Node       *node,
            int         depth,
            gint64      threshold_bytes,
            double      threshold,
            GString    *out)
{
  guint n_big = 0, n_small = 0;
  gint64 small_bytes = 0;

  if (node->children != NULL)
    {
      g_array_sort (node->children, compare_nodes);
      for (guint i = 0; i < node->children->len; i++)
        {
          const Node *child = &g_array_index (node->children, Node, i);

          if (child->bytes <= 0)
            continue;
          if (child->bytes >= threshold_bytes)
            n_big++;
          else
            {
              n_small++;
              small_bytes += child->bytes;
            }
        }
    }

  g_string_append_printf (out, "%*sn%u: %" G_GINT64_FORMAT, depth, "", n_big + (n_small > 0), node->bytes);
  if (depth == 0)
    g_string_append (out, " (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n");
  else
    {
      HtTraceData *data = analysis->data;
      const HtIp *ip = ht_trace_data_ip (data, node->ip);
      const char *function = ht_trace_data_get_string (data, ip->frame.function);
      const char *file = ht_trace_data_get_string (data, ip->frame.file);
      const char *module = ht_trace_data_get_string (data, ip->module);

      g_string_append_printf (out, " 0x%" G_GINT64_MODIFIER "x: %s", ip->address, function ? function : "???");
      if (file != NULL)
        g_string_append_printf (out, " (%s:%u)\n", file, ip->frame.line);
      else
        g_string_append_printf (out, " (in %s)\n", module ? module : "???");
    }

  for (guint i = 0; i < n_big; i++)
    print_node (analysis, &g_array_index (node->children, Node, i), depth + 1, threshold_bytes,
                threshold, out);
  if (n_small > 0)
    g_string_append_printf (out, "%*sn0: %" G_GINT64_FORMAT " in %u place%s, all below massif's threshold (%.2f%%)\n",
                            depth + 1, "", small_bytes, n_small, n_small == 1 ? "" : "s", threshold);
}

/* The tree of live bytes per site: allocation points first, callers below. */
static void
print_tree (HtAnalysis   *analysis,
            const gint64 *site_bytes,
            double        threshold,
            GString      *out)
{
  HtTraceData *data = analysis->data;
  Node root = { 0, 0, NULL };

  for (guint s = 0; s < analysis->sites->len; s++)
    {
      guint32 trace = ht_analysis_site (analysis, s)->trace;
      Node *node = &root;

      if (site_bytes[s] <= 0)
        continue;
      root.bytes = ht_bytes_add (root.bytes, site_bytes[s]);
      while (trace != 0)
        {
          const HtTraceNode *t = ht_trace_data_trace (data, trace);

          node = node_child (node, t->ip);
          node->bytes = ht_bytes_add (node->bytes, site_bytes[s]);
          if (ht_trace_data_is_stop_ip (data, t->ip))
            break;
          trace = t->parent;
        }
    }
  print_node (analysis, &root, 0, (gint64) (root.bytes * threshold / 100.0), threshold, out);
  node_clear (&root);
}

typedef struct
{
  HtAnalysis *analysis;
  GString    *out;
  double      threshold;
  guint       detailed_freq;
  guint       n;
} Writer;

static void
snapshot (Writer       *w,
          guint64       time,
          gint64        heap,
          const char   *kind,
          const gint64 *site_bytes)
{
  g_string_append_printf (w->out, "#-----------\nsnapshot=%u\n#-----------\ntime=%" G_GUINT64_FORMAT
                          "\nmem_heap_B=%" G_GINT64_FORMAT "\nmem_heap_extra_B=0\nmem_stacks_B=0\n"
                          "heap_tree=%s\n", w->n++, time, MAX (heap, 0), kind);
  if (strcmp (kind, "empty") != 0)
    print_tree (w->analysis, site_bytes, w->threshold, w->out);
}

typedef struct
{
  Writer   w;
  gint64  *site_live;
  gint64  *site_peak;
  gint64   live;
  guint64  interval;
  guint64  next_time;
  gboolean peak_written;
} MassifState;

static void
massif_event (const HtEvent     *event,
              const HtAllocInfo *info,
              gpointer           user_data)
{
  MassifState *st = user_data;
  HtAnalysis *analysis = st->w.analysis;

  switch (event->type)
    {
    case HT_EVENT_ALLOC:
      st->site_live[info->site] = ht_bytes_add (st->site_live[info->site], info->size);
      st->live = ht_bytes_add (st->live, info->size);
      break;

    case HT_EVENT_FREE:
      st->site_live[info->site] = ht_bytes_sub (st->site_live[info->site], info->size);
      st->live = ht_bytes_sub (st->live, info->size);
      break;

    case HT_EVENT_TIME:
      if (!st->peak_written && event->value > analysis->peak_time)
        {
          snapshot (&st->w, analysis->peak_time, analysis->total.peak, "peak", st->site_peak);
          st->peak_written = TRUE;
        }
      if (event->value >= st->next_time)
        {
          gboolean detailed = st->w.detailed_freq > 0 && st->w.n % st->w.detailed_freq == 0;

          snapshot (&st->w, event->value, st->live, detailed ? "detailed" : "empty", st->site_live);
          st->next_time = event->value + st->interval;
        }
      break;

    case HT_EVENT_ATTACH:
      st->live = 0;
      break;

    case HT_EVENT_RSS:
    default:
      break;
    }
}

/**
 * ht_massif_write:
 * @trace_path: the file @analysis was made from, read once more
 * @threshold: percent of a snapshot below which entries are aggregated
 * @detailed_freq: every how many snapshots one is detailed; 0 for none
 */
gboolean
ht_massif_write (HtAnalysis  *analysis,
                 const char  *trace_path,
                 double       threshold,
                 guint        detailed_freq,
                 GString     *out,
                 GError     **error)
{
  g_autofree gint64 *site_live = g_new0 (gint64, analysis->sites->len);
  g_autofree gint64 *site_peak = g_new (gint64, analysis->sites->len);
  MassifState st = { { analysis, out, threshold, detailed_freq, 0 } };

  for (guint s = 0; s < analysis->sites->len; s++)
    site_peak[s] = ht_analysis_site (analysis, s)->cost.peak;
  st.site_live = site_live;
  st.site_peak = site_peak;
  st.interval = MAX (1, analysis->runtime / HT_MASSIF_MAX_SNAPSHOTS);
  st.peak_written = analysis->total.peak == 0;

  g_string_append_printf (out, "desc: heaptrack-gtk\ncmd: %s\ntime_unit: ms\n",
                          analysis->data->debuggee ? analysis->data->debuggee : "");
  if (!ht_replay (analysis, trace_path, massif_event, &st, NULL, error))
    return FALSE;

  if (!st.peak_written)
    snapshot (&st.w, analysis->peak_time, analysis->total.peak, "peak", site_peak);
  snapshot (&st.w, analysis->runtime, st.live, detailed_freq > 0 ? "detailed" : "empty", site_live);
  return TRUE;
}
