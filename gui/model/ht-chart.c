/* ht-chart.c: timelines of the top allocation locations
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which locations are "top" is known only at the end of the first pass, so
 * their values over time come from a second pass over the trace (the one
 * pass the architecture allows charts to take). The charts of several
 * costs share that one pass: reading the file is what takes the time.
 */

#define G_LOG_DOMAIN "ht-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ht-chart.h"
#include "ht-replay.h"

/* What one chart follows during the pass */
typedef struct
{
  HtChart  *self;
  gint     *site_group;   /* series of each site, -1 for none */
  gint64   *group_now;    /* each series' value now */
  gboolean  live_bytes;
} ChartState;

/* What the charts of one pass share */
typedef struct
{
  ChartState  *charts;
  guint        n_charts;
  guint        n_rows;
  const guint64 *times;
  guint        row;          /* the next row to fill */
  gint64       live;         /* the live total, as the analysis keeps it */
  guint64      page_size;
  guint64      time;         /* the current time (docs/figures.md §1) */
  GArray      *rss;          /* HtRssSample, or NULL when no chart wants it */
  /* the temporary rule of the analysis (docs/figures.md §3.1) */
  gboolean     old_format;   /* format 0 compares pointers */
  gboolean     have_last;
  guint32      last_info;
  guint64      last_pointer;
} PassState;

void
ht_chart_free (HtChart *self)
{
  if (self == NULL)
    return;

  for (guint g = 0; g < self->n_series; g++)
    {
      g_free (self->values[g]);
      g_free (self->names[g]);
    }
  g_free (self->values);
  g_free (self->names);
  g_free (self->slots);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->rss, g_array_unref);
  g_free (self->times);
  g_free (self->totals);
  g_free (self->live);
  g_free (self);
}

/* the rows up to the current time take where everything stands now */
static void
fill_rows (PassState *ps,
           guint64    time)
{
  for (; ps->row < ps->n_rows && time >= ps->times[ps->row]; ps->row++)
    for (guint c = 0; c < ps->n_charts; c++)
      {
        ChartState *st = &ps->charts[c];
        HtChart *self = st->self;

        for (guint g = 0; g < self->n_series; g++)
          self->values[g][ps->row] = st->group_now[g];
        if (self->live != NULL)
          self->live[ps->row] = ps->live;
      }
}

static void
pass_event (const HtEvent     *event,
            const HtAllocInfo *info,
            gpointer           user_data)
{
  PassState *ps = user_data;
  gboolean temporary = FALSE;

  switch (event->type)
    {
    case HT_EVENT_ALLOC:
      ps->live = ht_bytes_add (ps->live, info->size);
      ps->have_last = TRUE;
      ps->last_info = event->info;
      ps->last_pointer = event->value;
      break;

    case HT_EVENT_FREE:
      ps->live = ht_bytes_sub (ps->live, info->size);
      temporary = ps->have_last && (ps->old_format ? ps->last_pointer == event->value
                                                   : ps->last_info == event->info);
      ps->have_last = FALSE;
      break;

    case HT_EVENT_TIME:
      ps->time = event->value;
      fill_rows (ps, event->value);
      return;

    case HT_EVENT_RSS:
      if (ps->rss != NULL)
        {
          HtRssSample sample = { ps->time, (gint64) (event->value * ps->page_size) };

          g_array_append_val (ps->rss, sample);
        }
      return;

    case HT_EVENT_ATTACH:
      /* the analysis starts its totals again here (docs/trace-format.md §4.4) */
      ps->live = 0;
      return;

    default:
      return;
    }

  for (guint c = 0; c < ps->n_charts; c++)
    {
      ChartState *st = &ps->charts[c];
      gint grp = st->site_group[info->site];

      if (grp < 0)
        continue;
      if (st->live_bytes)
        st->group_now[grp] = event->type == HT_EVENT_ALLOC ? ht_bytes_add (st->group_now[grp], info->size)
                                                           : ht_bytes_sub (st->group_now[grp], info->size);
      else if (st->self->type == HT_COST_ALLOCATIONS ? event->type == HT_EVENT_ALLOC : temporary)
        st->group_now[grp]++;
    }
}

/* "function (file:line)": the file's name without its folders, which would
 * take the room of the rest in a legend */
static char *
group_name (HtAnalysis        *analysis,
            const HtLeafGroup *group)
{
  const HtIp *ip = ht_trace_data_ip (analysis->data, group->leaf_ip);
  const char *function = ht_trace_data_get_string (analysis->data, ip->frame.function);
  const char *file = ht_trace_data_get_string (analysis->data, ip->frame.file);
  const char *module = ht_trace_data_get_string (analysis->data, ip->module);
  g_autofree char *name = function != NULL ? ht_shorten_template (function)
                                           : g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", ip->address);

  if (file != NULL)
    {
      g_autofree char *base = g_path_get_basename (file);

      return g_strdup_printf ("%s (%s:%u)", name, base, ip->frame.line);
    }
  if (module != NULL)
    {
      g_autofree char *base = g_path_get_basename (module);

      return g_strdup_printf ("%s (%s)", name, base);
    }
  return g_steal_pointer (&name);
}

/* A row's total of the cost charted */
static gint64
row_total (HtCostType         type,
           const HtSeriesRow *row)
{
  return type == HT_COST_ALLOCATIONS ? row->allocations
       : type == HT_COST_TEMPORARY ? row->temporary
       : row->consumed;
}

static HtChart *
chart_prepare (HtAnalysis        *analysis,
               HtCostType         type,
               guint              n_top,
               HtLocationColours *colours,
               ChartState        *st)
{
  HtChart *self = g_new0 (HtChart, 1);
  const HtSeriesRow *rows = (const HtSeriesRow *) analysis->series->data;
  gboolean live_bytes = type == HT_COST_PEAK || type == HT_COST_LEAKED;
  HtCostType rank_by = live_bytes ? HT_COST_PEAK : type;

  self->type = type;
  self->runtime = analysis->runtime;
  self->n_rows = analysis->series->len;
  self->times = g_new0 (guint64, self->n_rows);
  self->totals = g_new0 (gint64, self->n_rows);
  for (guint r = 0; r < self->n_rows; r++)
    {
      self->times[r] = rows[r].time;
      self->totals[r] = row_total (type, &rows[r]);
    }
  if (live_bytes)
    {
      self->live = g_new0 (gint64, self->n_rows);
      self->rss = g_array_new (FALSE, FALSE, sizeof (HtRssSample));
      self->peak = analysis->total.peak;
      self->peak_time = analysis->peak_time;
    }

  /* the top groups, by the cost charted (the peak share for live bytes) */
  self->groups = ht_report_group_by_leaf (analysis, NULL);
  ht_leaf_groups_sort (self->groups, rank_by);
  while (self->n_series < self->groups->len && self->n_series < n_top
         && ht_cost_get (&((HtLeafGroup *) g_ptr_array_index (self->groups, self->n_series))->cost,
                         rank_by) != 0)
    self->n_series++;

  self->values = g_new0 (gint64 *, self->n_series);
  self->names = g_new0 (char *, self->n_series);
  self->slots = g_new (int, self->n_series);
  st->self = self;
  st->live_bytes = live_bytes;
  st->group_now = g_new0 (gint64, self->n_series + 1);
  st->site_group = g_new (gint, analysis->sites->len);
  for (guint s = 0; s < analysis->sites->len; s++)
    st->site_group[s] = -1;
  for (guint g = 0; g < self->n_series; g++)
    {
      HtLeafGroup *group = g_ptr_array_index (self->groups, g);

      self->values[g] = g_new0 (gint64, self->n_rows);
      self->names[g] = group_name (analysis, group);
      self->slots[g] = colours != NULL ? ht_location_colours_slot (colours, analysis, group) : (int) g;
      for (guint i = 0; i < group->sites->len; i++)
        st->site_group[g_array_index (group->sites, guint, i)] = g;
    }
  return self;
}

/* What a chart shows of a location's figures */
static gint64
charted (const ChartState *st,
         HtLocationValue   value)
{
  return st->live_bytes ? value.live
       : st->self->type == HT_COST_ALLOCATIONS ? value.allocations
       : value.temporary;
}

/* The location of a chart's series: a group is one location */
static guint
group_location (HtAnalysis  *analysis,
                HtLeafGroup *group)
{
  return g_array_index (analysis->locations->site_location, guint, g_array_index (group->sites, guint, 0));
}

/* The charts' values from the analysis' location series: the same figures
 * as a second reading gives (docs/figures.md §15.2), without it */
static void
fill_from_locations (HtAnalysis  *analysis,
                     HtChart    **charts,
                     ChartState  *states,
                     guint        n_charts)
{
  HtLocationSeries *locations = analysis->locations;

  for (guint c = 0; c < n_charts; c++)
    {
      HtChart *self = charts[c];

      for (guint g = 0; g < self->n_series; g++)
        {
          guint location = group_location (analysis, g_ptr_array_index (self->groups, g));

          for (guint r = 0; r < self->n_rows; r++)
            self->values[g][r] = charted (&states[c], ht_location_series_get (locations, r, location));
        }
      if (self->live != NULL)
        for (guint r = 0; r < self->n_rows; r++)
          self->live[r] = g_array_index (locations->row_live, gint64, r);
      if (self->rss != NULL && analysis->data->page_size != 0)
        for (guint i = 0; i < locations->rss->len; i++)
          {
            const HtRssPoint *point = &g_array_index (locations->rss, HtRssPoint, i);
            HtRssSample sample = { point->time, (gint64) (point->pages * analysis->data->page_size) };

            g_array_append_val (self->rss, sample);
          }
    }
}

/**
 * ht_chart_new_several:
 * @trace_path: the file @analysis was made from
 * @types: (array length=n_types): the costs charted; %HT_COST_LEAKED
 *   charts live bytes like %HT_COST_PEAK
 * @n_top: how many locations get their own series (those with a cost)
 * @colours: (nullable): the trace's location colours, for each series'
 *   slot; without, the series take slots 0, 1, 2...
 * @charts: (out caller-allocates) (array length=n_types): the charts,
 *   %NULL each on failure
 *
 * Charts several costs: from the analysis' location series where the first
 * reading noted them, else in one pass over the file.
 *
 * Returns: %FALSE with @error set if the file cannot be read again or
 *   the pass was cancelled
 */
gboolean
ht_chart_new_several (HtAnalysis         *analysis,
                      const char         *trace_path,
                      const HtCostType   *types,
                      guint               n_types,
                      guint               n_top,
                      HtLocationColours  *colours,
                      HtChart           **charts,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autofree ChartState *states = g_new0 (ChartState, n_types);
  PassState ps = { 0 };
  gboolean ok;

  g_return_val_if_fail (analysis != NULL, FALSE);
  g_return_val_if_fail (trace_path != NULL, FALSE);
  g_return_val_if_fail (types != NULL || n_types == 0, FALSE);

  if (n_types == 0)
    return TRUE;
  for (guint c = 0; c < n_types; c++)
    {
      charts[c] = chart_prepare (analysis, types[c], n_top, colours, &states[c]);
      if (charts[c]->rss != NULL && analysis->data->page_size != 0 && ps.rss == NULL)
        ps.rss = g_array_new (FALSE, FALSE, sizeof (HtRssSample));
    }
  /* the first reading noted where each location stood at each row */
  if (analysis->locations != NULL)
    {
      fill_from_locations (analysis, charts, states, n_types);
      for (guint c = 0; c < n_types; c++)
        {
          g_free (states[c].group_now);
          g_free (states[c].site_group);
        }
      return TRUE;
    }

  ps.charts = states;
  ps.n_charts = n_types;
  ps.n_rows = analysis->series->len;
  ps.times = charts[0]->times;
  ps.page_size = analysis->data->page_size;
  ps.old_format = analysis->data->format_version == 0;
  /* row 0 is the start, before any event */
  ps.row = MIN (1, ps.n_rows);

  /* replay; at each row's time, note where each group and the total stand */
  ok = ht_replay (analysis, trace_path, pass_event, &ps, cancellable, error);
  /* the last row is at the runtime, after every event */
  if (ok)
    fill_rows (&ps, G_MAXUINT64);

  for (guint c = 0; c < n_types; c++)
    {
      if (ok && charts[c]->rss != NULL && ps.rss != NULL)
        g_array_append_vals (charts[c]->rss, ps.rss->data, ps.rss->len);
      g_free (states[c].group_now);
      g_free (states[c].site_group);
      if (!ok)
        g_clear_pointer (&charts[c], ht_chart_free);
    }
  g_clear_pointer (&ps.rss, g_array_unref);
  return ok;
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
  HtChart *chart = NULL;

  ht_chart_new_several (analysis, trace_path, &type, 1, n_top, NULL, &chart, cancellable, error);
  return chart;
}

/* Adds a row at the end of @self's rows */
static void
append_row (HtChart *self)
{
  self->n_rows++;
  self->times = g_renew (guint64, self->times, self->n_rows);
  self->totals = g_renew (gint64, self->totals, self->n_rows);
  if (self->live != NULL)
    self->live = g_renew (gint64, self->live, self->n_rows);
  for (guint g = 0; g < self->n_series; g++)
    self->values[g] = g_renew (gint64, self->values[g], self->n_rows);
}

/**
 * ht_chart_new_live:
 * @feed: the analysis of a trace that is still being read
 * @type: as for ht_chart_new ()
 * @n_top: as for ht_chart_new (); the top locations get a series only
 *   while the feed notes each location's series
 * @colours: (nullable): as for ht_chart_new_several ()
 *
 * The chart of what @feed has read so far, ending with a row for now: what
 * ht_chart_new () would give if the trace ended here. It costs the rows
 * and the sites, however many events were read; the file is not read.
 *
 * Returns: (transfer full): the chart
 */
HtChart *
ht_chart_new_live (HtAnalysisFeed    *feed,
                   HtCostType         type,
                   guint              n_top,
                   HtLocationColours *colours)
{
  HtSeriesRow now;
  HtAnalysisTotals totals;
  HtAnalysis *analysis = ht_analysis_feed_peek (feed, &now);
  ChartState st = { 0 };
  HtChart *self = chart_prepare (analysis, type, analysis->locations != NULL ? n_top : 0, colours, &st);
  guint last;

  if (analysis->locations != NULL)
    fill_from_locations (analysis, &self, &st, 1);
  ht_analysis_feed_get_totals (feed, &totals);

  /* the row the series ends with once the trace ends */
  append_row (self);
  last = self->n_rows - 1;
  self->times[last] = now.time;
  self->totals[last] = row_total (type, &now);
  if (self->live != NULL)
    self->live[last] = totals.live;
  for (guint g = 0; g < self->n_series; g++)
    self->values[g][last] = charted (&st, g_array_index (analysis->locations->now, HtLocationValue,
                                                         group_location (analysis, g_ptr_array_index (self->groups, g))));
  g_free (st.group_now);
  g_free (st.site_group);
  return self;
}

/* Live bytes, not counts */
gboolean
ht_chart_is_bytes (const HtChart *self)
{
  return self->live != NULL;
}

/* The highest value drawn: the totals, the live totals, the stacked series
 * and the RSS samples; at least 1, so that a scale can divide by it */
gint64
ht_chart_get_max (const HtChart *self)
{
  gint64 max = 1;

  for (guint r = 0; r < self->n_rows; r++)
    {
      gint64 stacked = 0;

      for (guint g = 0; g < self->n_series; g++)
        stacked += MAX (self->values[g][r], 0);
      max = MAX (max, MAX (self->totals[r], stacked));
      if (self->live != NULL)
        max = MAX (max, self->live[r]);
    }
  for (guint i = 0; self->rss != NULL && i < self->rss->len; i++)
    max = MAX (max, g_array_index (self->rss, HtRssSample, i).bytes);
  return max;
}

/* The row nearest to @time; 0 for a chart without rows */
guint
ht_chart_row_at (const HtChart *self,
                 guint64        time)
{
  guint lo = 0, hi = self->n_rows;

  if (self->n_rows == 0)
    return 0;
  /* the first row at @time or later */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->times[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == self->n_rows)
    return self->n_rows - 1;
  if (lo > 0 && time - self->times[lo - 1] < self->times[lo] - time)
    return lo - 1;
  return lo;
}

/* The resident size at @time: the last sample at or before it */
gint64
ht_chart_rss_at (const HtChart *self,
                 guint64        time,
                 gboolean      *found)
{
  gint64 bytes = 0;

  *found = FALSE;
  for (guint i = 0; self->rss != NULL && i < self->rss->len; i++)
    {
      const HtRssSample *sample = &g_array_index (self->rss, HtRssSample, i);

      if (sample->time > time)
        break;
      bytes = sample->bytes;
      *found = TRUE;
    }
  return bytes;
}

/* A moment as text, in the unit that suits it: "750 ms", "1.25 s", "2.5 min" */
char *
ht_chart_format_moment (guint64 ms)
{
  if (ms < 1000)
    return ht_chart_format_time (ms, 1);
  if (ms < 60 * 1000)
    {
      g_autofree char *number = g_strdup_printf ("%.2f", ms / 1000.0);

      /* Translators: a time in seconds, e.g. "1.25 s" */
      return g_strdup_printf (_("%s s"), number);
    }
  else
    {
      g_autofree char *number = g_strdup_printf ("%.1f", ms / 60000.0);

      /* Translators: a time in minutes, e.g. "2.5 min" */
      return g_strdup_printf (_("%s min"), number);
    }
}

/* The exact figure of a value of this chart: bytes or a count */
char *
ht_chart_format_exact (const HtChart *self,
                       gint64         value)
{
  return ht_chart_format_amount (value, ht_chart_is_bytes (self));
}

/* The exact figure of a value of a chart of @bytes or of counts */
char *
ht_chart_format_amount (gint64   value,
                        gboolean bytes)
{
  if (bytes)
    {
      g_autofree char *size = g_format_size_full (ht_bytes_magnitude (value), G_FORMAT_SIZE_IEC_UNITS);

      return value < 0 ? g_strconcat ("−", size, NULL) : g_steal_pointer (&size);
    }
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

/**
 * ht_chart_describe_row:
 * @with_series: add a line for each location with a value
 *
 * Returns: (transfer full): what @row shows, in words, for a tooltip or
 *   for screen readers: for live bytes both the live total at the row's
 *   time and the highest total since the row before (docs/figures.md §15.1)
 */
char *
ht_chart_describe_row (const HtChart *self,
                       guint          row,
                       gboolean       with_series)
{
  g_autofree char *when = NULL;
  GString *text;

  g_return_val_if_fail (self->n_rows > 0, NULL);

  row = MIN (row, self->n_rows - 1);
  when = ht_chart_format_moment (self->times[row]);
  text = g_string_new (NULL);
  if (ht_chart_is_bytes (self))
    {
      g_autofree char *live = ht_chart_format_exact (self, self->live[row]);
      g_autofree char *highest = ht_chart_format_exact (self, self->totals[row]);
      gboolean found;
      gint64 rss = ht_chart_rss_at (self, self->times[row], &found);

      if (found)
        {
          g_autofree char *resident = ht_chart_format_exact (self, rss);

          g_string_printf (text, _("at %s: %s live, highest since previous sample %s, resident %s"),
                           when, live, highest, resident);
        }
      else
        g_string_printf (text, _("at %s: %s live, highest since previous sample %s"), when, live, highest);
    }
  else
    {
      g_autofree char *count = ht_chart_format_exact (self, self->totals[row]);
      gulong n = (gulong) MIN (ht_bytes_magnitude (self->totals[row]), G_MAXLONG);

      if (self->type == HT_COST_TEMPORARY)
        g_string_printf (text, ngettext ("at %s: %s temporary allocation", "at %s: %s temporary allocations", n),
                         when, count);
      else
        g_string_printf (text, ngettext ("at %s: %s allocation", "at %s: %s allocations", n), when, count);
    }

  for (guint g = 0; with_series && g < self->n_series; g++)
    {
      g_autofree char *value = NULL;

      if (self->values[g][row] == 0)
        continue;
      value = ht_chart_format_exact (self, self->values[g][row]);
      g_string_append_printf (text, "\n%s: %s", self->names[g], value);
    }
  return g_string_free (text, FALSE);
}

/* RFC 4180: a field with a comma, quote or line break goes in quotes */
static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * ht_chart_to_csv:
 *
 * Returns: (transfer full): the chart's rows as CSV: a header line
 *   `time_ms,total,<location names...>`, then one line per row with its
 *   time in ms, the total and each location's value (bytes or counts)
 */
char *
ht_chart_to_csv (const HtChart *self)
{
  GString *out = g_string_new ("time_ms,total");

  for (guint g = 0; g < self->n_series; g++)
    {
      g_string_append_c (out, ',');
      append_csv_field (out, self->names[g]);
    }
  g_string_append_c (out, '\n');
  for (guint r = 0; r < self->n_rows; r++)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ",%" G_GINT64_FORMAT, self->times[r], self->totals[r]);
      for (guint g = 0; g < self->n_series; g++)
        g_string_append_printf (out, ",%" G_GINT64_FORMAT, self->values[g][r]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/**
 * ht_chart_nice_step:
 * @range: the extent of an axis, in any unit
 * @max_ticks: at most this many steps should fit in it
 *
 * Returns: 1, 2 or 5 times a power of ten: the smallest such step that
 *   divides @range into @max_ticks steps or fewer; 1 for an empty range
 */
double
ht_chart_nice_step (double range,
                    guint  max_ticks)
{
  static const double mantissas[] = { 1, 2, 5, 10 };
  double raw, power;

  if (!(range > 0) || !isfinite (range) || max_ticks == 0)
    return 1;
  raw = range / max_ticks;
  power = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * power >= raw * (1 - 1e-9))
      return mantissas[i] * power;
  return 10 * power;
}

/* The unit of a time axis @span_ms wide, in ms: ms, s or min */
double
ht_chart_time_unit (double span_ms)
{
  if (span_ms < 2000)
    return 1;
  if (span_ms < 3 * 60 * 1000)
    return 1000;
  return 60 * 1000;
}

/* A time axis' label: @ms in @unit (ht_chart_time_unit ()) */
char *
ht_chart_format_time (double ms,
                      double unit)
{
  g_autofree char *number = g_strdup_printf ("%g", ms / unit);

  if (unit >= 60 * 1000)
    return g_strdup_printf (_("%s min"), number);
  if (unit >= 1000)
    return g_strdup_printf (_("%s s"), number);
  /* Translators: a time in milliseconds, e.g. "250 ms" */
  return g_strdup_printf (_("%s ms"), number);
}

static const char * const byte_units[] = { N_("B"), N_("KiB"), N_("MiB"), N_("GiB"), N_("TiB") };
/* Translators: the symbols of thousand, million, billion for counts, e.g. "12k" */
static const char * const count_units[] = { "", N_("k"), N_("M"), N_("G") };

/* The unit of a value axis up to @max: a power of 1024 for bytes, of 1000
 * for counts, such that the labels stay below 1000 of it */
double
ht_chart_value_unit (gint64   max,
                     gboolean bytes)
{
  double base = bytes ? 1024 : 1000;
  guint n_units = bytes ? G_N_ELEMENTS (byte_units) : G_N_ELEMENTS (count_units);
  double unit = 1;

  for (guint i = 1; i < n_units && ABS ((double) max) >= unit * base; i++)
    unit *= base;
  return unit;
}

/* A value axis' label: @value in @unit (ht_chart_value_unit ()) */
char *
ht_chart_format_value (double   value,
                       double   unit,
                       gboolean bytes)
{
  double base = bytes ? 1024 : 1000;
  guint i = 0;

  if (value == 0)
    return g_strdup ("0");
  for (double u = unit; u >= base && i + 1 < (bytes ? G_N_ELEMENTS (byte_units) : G_N_ELEMENTS (count_units)); u /= base)
    i++;
  if (bytes)
    return g_strdup_printf ("%g %s", value / unit, _(byte_units[i]));
  return g_strdup_printf ("%g%s", value / unit, i == 0 ? "" : _(count_units[i]));
}
