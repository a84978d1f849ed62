/* ht-chart.c: timelines of the top allocation locations
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which locations are "top" is known only at the end of the first pass, so
 * their values over time come from a second pass over the trace (the one
 * pass the architecture allows charts to take).
 */

#define G_LOG_DOMAIN "ht-chart"

#include "config.h"

#include "ht-chart.h"

static HtCostType sort_type;

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  gint64 x = ABS (ht_cost_get (&(*(HtLeafGroup **) a)->cost, sort_type));
  gint64 y = ABS (ht_cost_get (&(*(HtLeafGroup **) b)->cost, sort_type));

  return x > y ? -1 : x < y;
}

void
ht_chart_free (HtChart *self)
{
  if (self == NULL)
    return;

  for (guint g = 0; g < self->n_series; g++)
    g_free (self->values[g]);
  g_free (self->values);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->times);
  g_free (self->totals);
  g_free (self);
}

/**
 * ht_chart_new:
 * @trace_path: the file @analysis was made from
 * @type: the cost charted; %HT_COST_LEAKED charts live bytes like %HT_COST_PEAK
 * @n_top: how many locations get their own series (those with a cost)
 *
 * Returns: (transfer full): the chart, or %NULL with @error set
 */
HtChart *
ht_chart_new (HtAnalysis    *analysis,
              const char    *trace_path,
              HtCostType     type,
              guint          n_top,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(HtTraceReader) reader = NULL;
  g_autoptr(HtChart) self = g_new0 (HtChart, 1);
  g_autoptr(GPtrArray) all = ht_report_group_by_leaf (analysis, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree gint64 *group_now = NULL;
  g_autofree gint *site_group = NULL;
  GArray *infos = analysis->data->infos;
  const HtSeriesRow *rows = (const HtSeriesRow *) analysis->series->data;
  gboolean live_bytes = type == HT_COST_PEAK || type == HT_COST_LEAKED;
  gboolean have_last = FALSE;
  guint32 last_info = 0;
  guint row = 1;
  HtEvent event;
  guint64 n = 0;

  reader = ht_trace_reader_open (trace_path, error);
  if (reader == NULL)
    return NULL;

  self->type = type;
  self->n_rows = analysis->series->len;
  self->times = g_new0 (guint64, self->n_rows);
  self->totals = g_new0 (gint64, self->n_rows);
  for (guint r = 0; r < self->n_rows; r++)
    {
      self->times[r] = rows[r].time;
      self->totals[r] = type == HT_COST_ALLOCATIONS ? rows[r].allocations
                      : type == HT_COST_TEMPORARY ? rows[r].temporary
                      : rows[r].consumed;
    }

  /* the top groups, by the cost charted (the peak share for live bytes) */
  sort_type = live_bytes ? HT_COST_PEAK : type;
  g_ptr_array_sort (all, compare_groups);
  self->groups = g_steal_pointer (&all);
  while (self->n_series < self->groups->len && self->n_series < n_top
         && ht_cost_get (&((HtLeafGroup *) g_ptr_array_index (self->groups, self->n_series))->cost,
                         sort_type) != 0)
    self->n_series++;

  self->values = g_new0 (gint64 *, self->n_series);
  for (guint g = 0; g < self->n_series; g++)
    self->values[g] = g_new0 (gint64, self->n_rows);
  group_now = g_new0 (gint64, self->n_series + 1);
  site_group = g_new (gint, analysis->sites->len);
  for (guint s = 0; s < analysis->sites->len; s++)
    site_group[s] = -1;
  for (guint g = 0; g < self->n_series; g++)
    {
      HtLeafGroup *group = g_ptr_array_index (self->groups, g);

      for (guint i = 0; i < group->sites->len; i++)
        site_group[g_array_index (group->sites, guint, i)] = g;
    }

  /* replay; at each row's time, note where each group stands */
  while (ht_trace_reader_next (reader, &event, &local_error))
    {
      HtAllocInfo *info;
      gint grp;

      if ((++n & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      switch (event.type)
        {
        case HT_EVENT_ALLOC:
        case HT_EVENT_FREE:
          if (event.info >= infos->len)
            break;
          info = &g_array_index (infos, HtAllocInfo, event.info);
          grp = info->site < analysis->sites->len ? site_group[info->site] : -1;
          if (event.type == HT_EVENT_ALLOC)
            {
              if (grp >= 0)
                group_now[grp] += live_bytes ? (gint64) info->size : type == HT_COST_ALLOCATIONS;
              have_last = TRUE;
              last_info = event.info;
            }
          else
            {
              if (grp >= 0 && live_bytes)
                group_now[grp] -= info->size;
              else if (grp >= 0 && type == HT_COST_TEMPORARY && have_last && last_info == event.info)
                group_now[grp]++;
              have_last = FALSE;
            }
          break;

        case HT_EVENT_TIME:
          while (row < self->n_rows && event.value >= self->times[row])
            {
              for (guint g = 0; g < self->n_series; g++)
                self->values[g][row] = group_now[g];
              row++;
            }
          break;

        case HT_EVENT_ATTACH:
        case HT_EVENT_RSS:
        default:
          break;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (; row < self->n_rows; row++)
    for (guint g = 0; g < self->n_series; g++)
      self->values[g][row] = group_now[g];

  return g_steal_pointer (&self);
}
