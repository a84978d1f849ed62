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
#include "ht-replay.h"

typedef struct
{
  HtChart  *self;
  gint     *site_group;   /* series of each site, -1 for none */
  gint64   *group_now;    /* each series' value now */
  gboolean  live_bytes;
  gboolean  have_last;    /* the temporary rule of the analysis (docs/figures.md §3.1) */
  guint32   last_info;
  guint     row;          /* the next row to fill */
} ChartState;

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

static void
chart_event (const HtEvent     *event,
             const HtAllocInfo *info,
             gpointer           user_data)
{
  ChartState *st = user_data;
  HtChart *self = st->self;
  gint grp = info != NULL ? st->site_group[info->site] : -1;

  switch (event->type)
    {
    case HT_EVENT_ALLOC:
      if (grp >= 0)
        st->group_now[grp] = st->live_bytes ? ht_bytes_add (st->group_now[grp], info->size)
                                            : st->group_now[grp] + (self->type == HT_COST_ALLOCATIONS);
      st->have_last = TRUE;
      st->last_info = event->info;
      break;

    case HT_EVENT_FREE:
      if (grp >= 0 && st->live_bytes)
        st->group_now[grp] = ht_bytes_sub (st->group_now[grp], info->size);
      else if (grp >= 0 && self->type == HT_COST_TEMPORARY && st->have_last && st->last_info == event->info)
        st->group_now[grp]++;
      st->have_last = FALSE;
      break;

    case HT_EVENT_TIME:
      for (; st->row < self->n_rows && event->value >= self->times[st->row]; st->row++)
        for (guint g = 0; g < self->n_series; g++)
          self->values[g][st->row] = st->group_now[g];
      break;

    case HT_EVENT_ATTACH:
    case HT_EVENT_RSS:
    default:
      break;
    }
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
  g_autoptr(HtChart) self = g_new0 (HtChart, 1);
  g_autoptr(GPtrArray) all = ht_report_group_by_leaf (analysis, NULL);
  g_autofree gint64 *group_now = NULL;
  g_autofree gint *site_group = NULL;
  const HtSeriesRow *rows = (const HtSeriesRow *) analysis->series->data;
  gboolean live_bytes = type == HT_COST_PEAK || type == HT_COST_LEAKED;
  HtCostType rank_by = live_bytes ? HT_COST_PEAK : type;
  ChartState st = { 0 };

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
  ht_leaf_groups_sort (all, rank_by);
  self->groups = g_steal_pointer (&all);
  while (self->n_series < self->groups->len && self->n_series < n_top
         && ht_cost_get (&((HtLeafGroup *) g_ptr_array_index (self->groups, self->n_series))->cost,
                         rank_by) != 0)
    self->n_series++;

  self->values = g_new0 (gint64 *, self->n_series);
  for (guint g = 0; g < self->n_series; g++)
    self->values[g] = g_new0 (gint64, self->n_rows);
  st.self = self;
  st.live_bytes = live_bytes;
  st.row = 1;
  st.group_now = group_now = g_new0 (gint64, self->n_series + 1);
  st.site_group = site_group = g_new (gint, analysis->sites->len);
  for (guint s = 0; s < analysis->sites->len; s++)
    site_group[s] = -1;
  for (guint g = 0; g < self->n_series; g++)
    {
      HtLeafGroup *group = g_ptr_array_index (self->groups, g);

      for (guint i = 0; i < group->sites->len; i++)
        site_group[g_array_index (group->sites, guint, i)] = g;
    }

  /* replay; at each row's time, note where each group stands */
  if (!ht_replay (analysis, trace_path, chart_event, &st, cancellable, error))
    return NULL;
  for (; st.row < self->n_rows; st.row++)
    for (guint g = 0; g < self->n_series; g++)
      self->values[g][st.row] = st.group_now[g];

  return g_steal_pointer (&self);
}
