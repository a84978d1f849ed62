/* ht-analysis.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-analysis"

#include "config.h"

#include <string.h>

#include "ht-analysis.h"
#include "ht-suppressions.h"

/* The timeline keeps at most this many rows; past it, neighbours merge. */
#define MAX_SERIES_ROWS 1024

/* The analysis as it goes: events fed one at a time, the figures readable
 * after any of them. A file read once and a trace still being recorded go
 * through the same steps. */
struct _HtAnalysisFeed
{
  HtAnalysis *self;
  HtAnalysisOptions options;
  GArray     *info_table;     /* the data's infos, which the reader appends to */
  GArray     *trace_site;     /* guint32 per trace: site index + 1, 0 = none yet */
  guint       infos_seen;
  guint64     time;
  guint64     epoch;          /* bumped at each new global peak */
  gint64      live;           /* running total of live bytes */
  gint64      row_max;
  guint64     row_interval;
  gboolean    have_last;      /* the last + since the last - (docs/figures.md §3.1) */
  guint32     last_info;
  guint64     last_pointer;
  GArray     *marks;          /* HtTraceReaderMark, for a whole file read by a reader */
  guint64     mark_interval;

  /* the arrays' data, fetched again whenever they may have moved: infos
   * when the reader added some, sites and calls in assign_sites () */
  HtAllocInfo *infos;
  HtSite      *sites;
  guint64     *calls;
};

typedef HtAnalysisFeed State;

static inline void
refresh (State *st)
{
  st->infos = (HtAllocInfo *) (void *) st->self->data->infos->data;
  st->sites = (HtSite *) (void *) st->self->sites->data;
  st->calls = (guint64 *) (void *) st->self->info_calls->data;
}

/* Gives every new allocation-info its site, in order of first appearance of
 * a trace index, as heaptrack does (the order shows in -F output). */
static void
assign_sites (State *st)
{
  HtAnalysis *self = st->self;
  GArray *infos = self->data->infos;
  guint64 zero = 0;

  g_array_set_size (self->info_calls, infos->len);
  for (; st->infos_seen < infos->len; st->infos_seen++)
    {
      HtAllocInfo *info = &g_array_index (infos, HtAllocInfo, st->infos_seen);
      guint32 *slot;

      if (st->trace_site->len < self->data->traces->len)
        g_array_set_size (st->trace_site, self->data->traces->len);
      slot = &g_array_index (st->trace_site, guint32, info->trace);
      if (*slot == 0)
        {
          HtSite site = { 0 };

          site.trace = info->trace;
          g_array_append_val (self->sites, site);
          *slot = self->sites->len;
          if (self->locations != NULL && !ht_location_series_add_site (self->locations, self->data, info->trace))
            g_clear_pointer (&self->locations, ht_location_series_free);
        }
      info->site = *slot - 1;
      g_array_index (self->info_calls, guint64, st->infos_seen) = zero;
    }
  refresh (st);
}

/* The site's live bytes are unchanged since its last event, so if a new peak
 * happened since, they are its share of that peak (docs/figures.md §4.3). */
static inline void
snapshot (State  *st,
          HtSite *site)
{
  if (site->epoch != st->epoch)
    {
      site->cost.peak = site->live;
      site->epoch = st->epoch;
    }
}

static void
add_row (State   *st,
         guint64  time)
{
  GArray *series = st->self->series;
  HtSeriesRow row = { time, st->row_max, st->self->total.allocations, st->self->total.temporary };

  g_array_append_val (series, row);
  st->row_max = st->live;
  if (st->self->locations != NULL)
    ht_location_series_add_row (st->self->locations, st->live);

  if (series->len >= MAX_SERIES_ROWS)
    {
      if (st->self->locations != NULL)
        ht_location_series_merge_rows (st->self->locations);
      /* keep row 0 (the start), merge the others pairwise */
      guint out = 1;

      for (guint i = 1; i < series->len; i += 2, out++)
        {
          HtSeriesRow merged = g_array_index (series, HtSeriesRow, i);

          if (i + 1 < series->len)
            {
              HtSeriesRow *next = &g_array_index (series, HtSeriesRow, i + 1);

              merged.consumed = MAX (merged.consumed, next->consumed);
              merged.time = next->time;
              merged.allocations = next->allocations;
              merged.temporary = next->temporary;
            }
          g_array_index (series, HtSeriesRow, out) = merged;
        }
      g_array_set_size (series, out);
      st->row_interval *= 2;
    }
}

static inline void
on_alloc (State         *st,
          const HtEvent *event)
{
  HtAnalysis *self = st->self;
  HtAllocInfo *info = &st->infos[event->info];
  HtSite *site = &st->sites[info->site];
  gint64 size = (gint64) info->size;

  snapshot (st, site);
  site->live = ht_bytes_add (site->live, size);
  site->cost.allocations++;
  self->total.allocations++;
  st->calls[event->info]++;

  st->live = ht_bytes_add (st->live, size);
  if (st->live > self->total.peak)
    {
      self->total.peak = st->live;
      self->peak_time = st->time;
      st->epoch++;
    }
  if (st->live > st->row_max)
    st->row_max = st->live;
  if (self->locations != NULL)
    {
      HtLocationValue *location = ht_location_series_of_site (self->locations, info->site);

      location->live = ht_bytes_add (location->live, size);
      location->allocations++;
    }

  st->have_last = TRUE;
  st->last_info = event->info;
  st->last_pointer = event->value;
}

static inline void
on_free (State         *st,
         const HtEvent *event)
{
  HtAnalysis *self = st->self;
  HtAllocInfo *info = &st->infos[event->info];
  HtSite *site = &st->sites[info->site];
  gboolean temporary;

  snapshot (st, site);
  site->live = ht_bytes_sub (site->live, (gint64) info->size);
  st->live = ht_bytes_sub (st->live, (gint64) info->size);

  /* docs/figures.md §3: temporary = freed right after its allocation.
   * Files of format 0 carry pointers, compared as heaptrack_interpret does;
   * newer files only allocation-info indices. heaptrack resets its "last"
   * to index 0, a valid index, so it also counts a free of info 0 following
   * another free: we count those apart, to show the difference. */
  if (self->data->format_version == 0)
    temporary = st->have_last && st->last_pointer == event->value;
  else
    {
      temporary = st->have_last && st->last_info == event->info;
      if (!st->have_last && event->info == 0)
        self->heaptrack_extra_temporary++;
    }
  if (temporary)
    {
      site->cost.temporary++;
      self->total.temporary++;
    }
  if (self->locations != NULL)
    {
      HtLocationValue *location = ht_location_series_of_site (self->locations, info->site);

      location->live = ht_bytes_sub (location->live, (gint64) info->size);
      location->temporary += temporary;
    }
  st->have_last = FALSE;
}

static void
apply_suppressions (HtAnalysis *self)
{
  HtTraceData *data = self->data;
  GPtrArray *patterns = self->suppressions;
  g_autofree gint32 *string_match = NULL;
  g_autofree gint32 *ip_match = NULL;
  g_autofree gint32 *trace_match = NULL;

  if (patterns->len == 0)
    return;

  /* per string the first matching pattern; per IP the first matching string
   * in the order module, function, file, inlined frames; per trace node its
   * parent's match before its own IP's (docs/figures.md §6.6) */
  string_match = g_new (gint32, data->strings->len);
  string_match[0] = -1;
  for (guint s = 1; s < data->strings->len; s++)
    {
      const char *str = g_ptr_array_index (data->strings, s);

      string_match[s] = -1;
      for (guint p = 0; p < patterns->len; p++)
        {
          HtSuppression *supp = g_ptr_array_index (patterns, p);

          if (ht_suppression_matches (supp->pattern, str))
            {
              string_match[s] = p;
              break;
            }
        }
    }

  ip_match = g_new (gint32, data->ips->len);
  for (guint i = 0; i < data->ips->len; i++)
    {
      const HtIp *ip = ht_trace_data_ip (data, i);
      gint32 m = string_match[ip->module];

      if (m < 0)
        m = string_match[ip->frame.function];
      if (m < 0)
        m = string_match[ip->frame.file];
      for (guint k = 0; m < 0 && k < ip->n_inlined; k++)
        {
          const HtFrame *frame = ht_trace_data_inlined (data, ip, k);

          m = string_match[frame->function];
          if (m < 0)
            m = string_match[frame->file];
        }
      ip_match[i] = m;
    }

  trace_match = g_new (gint32, data->traces->len);
  trace_match[0] = -1;
  for (guint t = 1; t < data->traces->len; t++)
    {
      const HtTraceNode *node = ht_trace_data_trace (data, t);

      trace_match[t] = trace_match[node->parent] >= 0 ? trace_match[node->parent]
                                                      : ip_match[node->ip];
    }

  for (guint i = 0; i < self->sites->len; i++)
    {
      HtSite *site = ht_analysis_site (self, i);
      gint32 m = trace_match[site->trace];
      HtSuppression *supp;

      if (m < 0)
        continue;
      supp = g_ptr_array_index (patterns, m);
      supp->matches++;
      supp->leaked = ht_bytes_add (supp->leaked, site->cost.leaked);
      self->suppressed = ht_bytes_add (self->suppressed, site->cost.leaked);
      self->total.leaked = ht_bytes_sub (self->total.leaked, site->cost.leaked);
      site->cost.leaked = 0;
    }
}

static gboolean
finish (State                    *st,
        const HtAnalysisOptions  *options,
        GError                  **error)
{
  HtAnalysis *self = st->self;

  assign_sites (st);
  for (guint i = 0; i < self->sites->len; i++)
    {
      HtSite *site = ht_analysis_site (self, i);

      snapshot (st, site);
      site->cost.leaked = site->live;
    }
  self->total.leaked = st->live;
  self->runtime = st->time + 1;
  add_row (st, self->runtime);

  if (!options->disable_builtin_suppressions)
    ht_suppressions_add_builtin (self->suppressions);
  if (options->suppressions_file != NULL
      && !ht_suppressions_add_file (self->suppressions, options->suppressions_file,
                                    self->warnings, error))
    return FALSE;
  if (!options->disable_embedded_suppressions)
    for (guint i = 0; i < self->data->embedded_suppressions->len; i++)
      {
        const char *line = g_ptr_array_index (self->data->embedded_suppressions, i);

        if (!ht_suppressions_parse_line (self->suppressions, line))
          g_ptr_array_add (self->warnings,
                           g_strdup_printf ("invalid suppression line in the trace: %s", line));
      }
  apply_suppressions (self);
  return TRUE;
}

/**
 * ht_analysis_feed_new:
 * @data: the tables the events refer to; whoever fills them (a reader, the
 *   symbolizer) may add to them between events
 * @options: (nullable): the window and suppressions, copied
 *
 * Returns: (transfer full): an analysis that takes events one at a time
 */
HtAnalysisFeed *
ht_analysis_feed_new (HtTraceData             *data,
                      const HtAnalysisOptions *options)
{
  static const HtAnalysisOptions defaults = HT_ANALYSIS_OPTIONS_INIT;
  HtAnalysisFeed *st = g_new0 (HtAnalysisFeed, 1);
  HtAnalysis *self = g_new0 (HtAnalysis, 1);

  st->options = options != NULL ? *options : defaults;
  self->data = data;
  self->sites = g_array_new (FALSE, FALSE, sizeof (HtSite));
  self->info_calls = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->series = g_array_new (FALSE, FALSE, sizeof (HtSeriesRow));
  self->suppressions = ht_suppressions_new ();
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->windowed = st->options.min_time > 0 || st->options.max_time != G_MAXUINT64;
  self->min_time = st->options.min_time;
  self->max_time = st->options.max_time;
  /* the charts show the whole run, never a window of it */
  if (!self->windowed)
    self->locations = ht_location_series_new ();

  st->self = self;
  st->trace_site = g_array_new (FALSE, TRUE, sizeof (guint32));
  st->info_table = data->infos;
  st->row_interval = 1;
  /* the whole file: note where windows of it can be read from */
  if (!self->windowed)
    st->marks = g_array_new (FALSE, FALSE, sizeof (HtTraceReaderMark));
  st->mark_interval = 1;
  add_row (st, 0);
  refresh (st);
  return st;
}

/* one event; FALSE once past the window's end */
static inline gboolean
feed_event (HtAnalysisFeed *st,
            const HtEvent  *event)
{
  HtAnalysis *self = st->self;
  /* [min_time, max_time): the time can only equal max_time before the
   * first c line, when max_time is 0, and then nothing counts */
  gboolean in_window = st->time >= st->options.min_time && st->time < st->options.max_time;

  switch (event->type)
    {
    case HT_EVENT_ALLOC:
      if (st->info_table->len > st->infos_seen)
        assign_sites (st);
      if (in_window)
        on_alloc (st, event);
      break;

    case HT_EVENT_FREE:
      if (st->info_table->len > st->infos_seen)
        assign_sites (st);
      if (in_window)
        on_free (st, event);
      break;

    case HT_EVENT_TIME:
      st->time = event->value;
      if (st->time >= st->options.max_time)
        return FALSE;
      if (st->time >= g_array_index (self->series, HtSeriesRow, self->series->len - 1).time
                      + st->row_interval)
        add_row (st, st->time);
      break;

    case HT_EVENT_RSS:
      if (in_window)
        self->peak_rss_pages = MAX (self->peak_rss_pages, event->value);
      if (self->locations != NULL)
        ht_location_series_add_rss (self->locations, st->time, event->value);
      break;

    case HT_EVENT_ATTACH:
      /* an attached recording starts its totals here (docs/trace-format.md §4.4) */
      memset (&self->total, 0, sizeof self->total);
      st->live = 0;
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/**
 * ht_analysis_feed_event:
 *
 * Counts one event. The tables of the feed's data must hold what it refers
 * to (the reader adds them before it hands out the event).
 *
 * Returns: %FALSE once the events are past the window's end: feed no
 * more, the rest can be left unread
 */
gboolean
ht_analysis_feed_event (HtAnalysisFeed *feed,
                        const HtEvent  *event)
{
  return feed_event (feed, event);
}

/**
 * ht_analysis_feed_get_totals:
 *
 * The figures so far. Leaks are what is live now, before suppressions,
 * which need the whole trace.
 */
void
ht_analysis_feed_get_totals (HtAnalysisFeed   *st,
                             HtAnalysisTotals *totals)
{
  HtAnalysis *self = st->self;

  totals->calls = self->total.allocations;
  totals->temporary = self->total.temporary;
  totals->peak = self->total.peak;
  totals->peak_time = self->peak_time;
  totals->live = st->live;
  totals->peak_rss = self->peak_rss_pages * self->data->page_size;
  totals->time = st->time;
}

/**
 * ht_analysis_feed_peek:
 * @now: (out): the row the series would end with if the trace ended here,
 *   as ht_analysis_feed_finish () adds it
 *
 * The analysis in progress, for charts of what has been read so far: its
 * series, location series, sites and their peak shares, and its runtime,
 * are brought up to now. It stays the feed's: it changes with the next
 * event, and goes with the feed.
 *
 * Returns: (transfer none): the analysis in progress
 */
HtAnalysis *
ht_analysis_feed_peek (HtAnalysisFeed *st,
                       HtSeriesRow    *now)
{
  HtAnalysis *self = st->self;

  assign_sites (st);
  /* as finish () does: a site's share of the last peak may not be noted yet */
  for (guint i = 0; i < self->sites->len; i++)
    snapshot (st, ht_analysis_site (self, i));
  self->runtime = st->time + 1;
  *now = (HtSeriesRow) { self->runtime, st->row_max, self->total.allocations, self->total.temporary };
  return self;
}

/**
 * ht_analysis_feed_finish:
 *
 * Ends the feed (it is freed, whatever the outcome): leaks, suppressions,
 * the last row of the series. The analysis takes over the feed's data:
 * whoever filled it lets go of it (a reader through
 * ht_trace_reader_steal_data ()).
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set (an
 * unreadable suppressions file); the data is freed then too
 */
HtAnalysis *
ht_analysis_feed_finish (HtAnalysisFeed  *st,
                         GError         **error)
{
  g_autoptr(HtAnalysis) self = st->self;
  gboolean ok = finish (st, &st->options, error);

  if (st->marks != NULL && st->marks->len > 0)
    self->marks = g_steal_pointer (&st->marks);
  g_clear_pointer (&st->marks, g_array_unref);
  g_array_unref (st->trace_site);
  g_free (st);
  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * ht_analysis_feed_free:
 *
 * Drops a feed that will not be finished, and its data.
 */
void
ht_analysis_feed_free (HtAnalysisFeed *st)
{
  if (st == NULL)
    return;
  ht_analysis_free (st->self);
  g_clear_pointer (&st->marks, g_array_unref);
  g_array_unref (st->trace_site);
  g_free (st);
}

/* Notes where the reader stands at a time event, so that a time window can
 * be read later from close before its start (docs/figures.md §14.2): a
 * mark per interval, the interval doubling whenever the marks fill up, as
 * the series' rows do */
static void
add_mark (GArray        *marks,
          guint64       *interval,
          HtTraceReader *reader,
          guint64        time)
{
  HtTraceReaderMark mark;

  if (marks->len > 0
      && time < g_array_index (marks, HtTraceReaderMark, marks->len - 1).time + *interval)
    return;
  if (!ht_trace_reader_mark (reader, &mark))
    return;
  if (marks->len == HT_ANALYSIS_MAX_MARKS)
    {
      for (guint i = 0; i < marks->len / 2; i++)
        g_array_index (marks, HtTraceReaderMark, i) = g_array_index (marks, HtTraceReaderMark, 2 * i);
      g_array_set_size (marks, marks->len / 2);
      *interval *= 2;
    }
  g_array_append_val (marks, mark);
}

/* Feeds @feed the events @reader has, to the end of the file or, for a
 * file still being written, to where its writer has got to; or, with a
 * @deadline (g_get_monotonic_time ()), not much past it */
static gboolean
read_events (HtAnalysisFeed  *feed,
             HtTraceReader   *reader,
             gint64           deadline,
             HtProgressFunc   progress,
             gpointer         user_data,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  HtEvent event;
  guint64 n = 0;

  while (ht_trace_reader_next (reader, &event, &local_error))
    {
      /* inlined: this loop is most of the time of opening a trace */
      if (!feed_event (feed, &event))
        break;
      if (event.type == HT_EVENT_TIME && feed->marks != NULL)
        add_mark (feed->marks, &feed->mark_interval, reader, event.value);
      /* now and then, after an event is counted, so that a read stopped
       * at its deadline goes on with the next one */
      if ((++n & 0xfff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            break;
          if (progress != NULL)
            progress (ht_trace_reader_get_fraction (reader), user_data);
          if (deadline != 0 && g_get_monotonic_time () >= deadline)
            break;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * ht_analysis_feed_read:
 * @feed: a feed of @reader's data
 * @deadline: 0, or a g_get_monotonic_time () to stop at; the next call
 *   goes on from there
 *
 * Feeds @feed the events @reader has now: all of a file read at once, what
 * its writer has written so far of a file followed
 * (ht_trace_reader_set_following ()).
 *
 * Returns: %FALSE with @error set if the file cannot be read
 */
gboolean
ht_analysis_feed_read (HtAnalysisFeed  *feed,
                       HtTraceReader   *reader,
                       gint64           deadline,
                       GError         **error)
{
  return read_events (feed, reader, deadline, NULL, NULL, NULL, error);
}

/**
 * ht_analysis_feed_finish_reader:
 * @feed: a feed of @reader's data, that has read it to the end
 *
 * ht_analysis_feed_finish () with what @reader found on the way: its
 * warnings, whether the file was cut off. The feed takes @reader's data.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
HtAnalysis *
ht_analysis_feed_finish_reader (HtAnalysisFeed  *feed,
                                HtTraceReader   *reader,
                                GError         **error)
{
  HtAnalysis *self;

  ht_trace_reader_steal_data (reader);
  self = ht_analysis_feed_finish (feed, error);
  if (self == NULL)
    return NULL;
  g_ptr_array_extend (self->warnings, ht_trace_reader_get_warnings (reader),
                      (GCopyFunc) (void (*) (void)) g_strdup, NULL);
  self->truncated = ht_trace_reader_is_truncated (reader);
  return self;
}

/**
 * ht_analysis_load_reader:
 *
 * Replays every event of @reader once and computes all figures.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
HtAnalysis *
ht_analysis_load_reader (HtTraceReader            *reader,
                         const HtAnalysisOptions  *options,
                         HtProgressFunc            progress,
                         gpointer                  user_data,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  HtAnalysisFeed *feed = ht_analysis_feed_new (ht_trace_reader_get_data (reader), options);
  HtAnalysis *self;

  if (!read_events (feed, reader, 0, progress, user_data, cancellable, error))
    {
      /* the feed owns the reader's tables: they go with it */
      ht_trace_reader_steal_data (reader);
      ht_analysis_feed_free (feed);
      return NULL;
    }
  self = ht_analysis_feed_finish_reader (feed, reader, error);
  if (self != NULL && progress != NULL)
    progress (1.0, user_data);
  return self;
}

HtAnalysis *
ht_analysis_load (const char               *path,
                  const HtAnalysisOptions  *options,
                  HtProgressFunc            progress,
                  gpointer                  user_data,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(HtTraceReader) reader = ht_trace_reader_open (path, error);

  if (reader == NULL)
    return NULL;
  return ht_analysis_load_reader (reader, options, progress, user_data, cancellable, error);
}

/**
 * ht_analysis_load_heap_at:
 * @ms: the instant
 *
 * The heap at @ms (docs/figures.md §14.1): the window from 0 to @ms with
 * nothing suppressed, whose leaked figures are the bytes live at @ms.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
HtAnalysis *
ht_analysis_load_heap_at (const char    *path,
                          guint64        ms,
                          GCancellable  *cancellable,
                          GError       **error)
{
  HtAnalysisOptions options = { 0, ms, TRUE, TRUE, NULL };
  HtAnalysis *self = ht_analysis_load (path, &options, NULL, NULL, cancellable, error);

  if (self != NULL)
    self->live_at = TRUE;
  return self;
}

/**
 * ht_analysis_load_part:
 * @path: the file @whole was read from
 * @whole: the analysis of the whole file
 * @options: the time window, suppressions
 *
 * The same as ht_analysis_load () with @options, only sooner: the reading
 * starts at @whole's last mark before the window, with the tables as they
 * were there. What comes before the window counts for nothing in it
 * (docs/figures.md §14) but the allocations it defines, which the tables
 * hold.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
HtAnalysis *
ht_analysis_load_part (const char               *path,
                       HtAnalysis               *whole,
                       const HtAnalysisOptions  *options,
                       HtProgressFunc            progress,
                       gpointer                  user_data,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  g_autoptr(HtTraceReader) reader = NULL;
  const HtTraceReaderMark *mark = NULL;

  for (guint i = 0; whole->marks != NULL && i < whole->marks->len; i++)
    {
      const HtTraceReaderMark *m = &g_array_index (whole->marks, HtTraceReaderMark, i);

      if (m->time > options->min_time)
        break;
      mark = m;
    }
  if (mark == NULL)
    return ht_analysis_load (path, options, progress, user_data, cancellable, error);

  reader = ht_trace_reader_resume (path, whole->data, mark, error);
  if (reader == NULL)
    return NULL;
  return ht_analysis_load_reader (reader, options, progress, user_data, cancellable, error);
}

void
ht_analysis_free (HtAnalysis *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->data, ht_trace_data_free);
  g_clear_pointer (&self->sites, g_array_unref);
  g_clear_pointer (&self->info_calls, g_array_unref);
  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->locations, ht_location_series_free);
  g_clear_pointer (&self->suppressions, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

guint64
ht_analysis_get_peak_rss (HtAnalysis *self)
{
  return self->peak_rss_pages * self->data->page_size;
}

static int
compare_size (gconstpointer a,
              gconstpointer b)
{
  const HtSizeCount *x = a, *y = b;

  return x->size < y->size ? -1 : x->size > y->size;
}

/**
 * ht_analysis_get_size_histogram:
 *
 * Returns: (transfer full): #HtSizeCount per distinct requested size, ascending
 */
GArray *
ht_analysis_get_size_histogram (HtAnalysis *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (HtSizeCount));
  GArray *infos = self->data->infos;
  guint n = 0;

  for (guint i = 0; i < infos->len; i++)
    {
      HtSizeCount entry = { g_array_index (infos, HtAllocInfo, i).size,
                            g_array_index (self->info_calls, guint64, i) };

      if (entry.count > 0)
        g_array_append_val (out, entry);
    }
  g_array_sort (out, compare_size);

  /* one line per size: merge infos of the same size from different traces */
  for (guint i = 0; i < out->len; i++)
    {
      HtSizeCount *e = &g_array_index (out, HtSizeCount, i);

      if (n > 0 && g_array_index (out, HtSizeCount, n - 1).size == e->size)
        g_array_index (out, HtSizeCount, n - 1).count += e->count;
      else
        g_array_index (out, HtSizeCount, n++) = *e;
    }
  g_array_set_size (out, n);
  return out;
}
