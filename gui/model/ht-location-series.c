/* ht-location-series.c: each location's figures at each row of the timeline
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts stack the top locations over time (docs/figures.md §15.2).
 * Which locations are on top is known only once the trace is read, so the
 * first reading notes every location's live bytes and running counts at
 * each row of the timeline, while a trace has few locations (most have a
 * few dozen): the charts then need no second reading of the file. A
 * location is the leaf IP's module, function, file and line, as in the
 * report (docs/figures.md §9.1). Row r holds the locations seen before it,
 * values[row_start[r]] onwards; later ones were at 0 then.
 */

#define G_LOG_DOMAIN "ht-location-series"

#include "config.h"

#include "ht-location-series.h"

HtLocationSeries *
ht_location_series_new (void)
{
  HtLocationSeries *self = g_new0 (HtLocationSeries, 1);

  self->site_location = g_array_new (FALSE, FALSE, sizeof (guint));
  self->index = g_hash_table_new_full (ht_location_key_hash, ht_location_key_equal, g_free, NULL);
  self->now = g_array_new (FALSE, TRUE, sizeof (HtLocationValue));
  self->row_start = g_array_new (FALSE, FALSE, sizeof (guint));
  self->row_live = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->values = g_array_new (FALSE, FALSE, sizeof (HtLocationValue));
  self->rss = g_array_new (FALSE, FALSE, sizeof (HtRssPoint));
  return self;
}

void
ht_location_series_free (HtLocationSeries *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->site_location);
  g_hash_table_unref (self->index);
  g_array_unref (self->now);
  g_array_unref (self->row_start);
  g_array_unref (self->row_live);
  g_array_unref (self->values);
  g_array_unref (self->rss);
  g_free (self);
}

/**
 * ht_location_series_add_site:
 * @trace: the new site's trace, the next site
 *
 * Gives the next site its location.
 *
 * Returns: %FALSE once the trace has more than
 *   %HT_LOCATION_SERIES_MAX_LOCATIONS locations: the series are given up
 */
gboolean
ht_location_series_add_site (HtLocationSeries *self,
                             HtTraceData      *data,
                             guint32           trace)
{
  HtLocationKey key = ht_trace_data_location (data, ht_trace_data_trace (data, trace)->ip);
  gpointer found;
  guint location;

  if (g_hash_table_lookup_extended (self->index, &key, NULL, &found))
    location = GPOINTER_TO_UINT (found) - 1;
  else
    {
      location = self->now->len;
      if (location == HT_LOCATION_SERIES_MAX_LOCATIONS)
        return FALSE;
      g_hash_table_insert (self->index, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (location + 1));
      g_array_set_size (self->now, location + 1);
    }
  g_array_append_val (self->site_location, location);
  return TRUE;
}

/* A new row of the timeline: every location as it stands */
void
ht_location_series_add_row (HtLocationSeries *self,
                            gint64            live)
{
  guint start = self->values->len;

  g_array_append_val (self->row_start, start);
  g_array_append_val (self->row_live, live);
  g_array_append_vals (self->values, self->now->data, self->now->len);
}

static guint
row_end (HtLocationSeries *self,
         guint             row)
{
  return row + 1 < self->row_start->len ? g_array_index (self->row_start, guint, row + 1) : self->values->len;
}

/* The timeline merged its rows after row 0 in pairs, keeping the later
 * row's figures: so do the series */
void
ht_location_series_merge_rows (HtLocationSeries *self)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (HtLocationValue));
  guint n_rows = self->row_start->len;
  guint out = 1;

  g_array_append_vals (values, self->values->data, row_end (self, 0));
  for (guint i = 1; i < n_rows; i += 2, out++)
    {
      guint kept = MIN (i + 1, n_rows - 1);
      guint start = g_array_index (self->row_start, guint, kept);

      g_array_index (self->row_start, guint, out) = values->len;
      g_array_index (self->row_live, gint64, out) = g_array_index (self->row_live, gint64, kept);
      g_array_append_vals (values, &g_array_index (self->values, HtLocationValue, start),
                           row_end (self, kept) - start);
    }
  g_array_set_size (self->row_start, out);
  g_array_set_size (self->row_live, out);
  g_array_unref (self->values);
  self->values = g_steal_pointer (&values);
}

/* An R sample; past HT_LOCATION_SERIES_MAX_RSS, neighbours merge into the
 * later time and the higher figure */
void
ht_location_series_add_rss (HtLocationSeries *self,
                            guint64           time,
                            guint64           pages)
{
  HtRssPoint point = { time, pages };

  if (self->rss->len == HT_LOCATION_SERIES_MAX_RSS)
    {
      guint out = 0;

      for (guint i = 0; i < self->rss->len; i += 2, out++)
        {
          HtRssPoint *a = &g_array_index (self->rss, HtRssPoint, i);
          HtRssPoint *b = &g_array_index (self->rss, HtRssPoint, i + 1);

          g_array_index (self->rss, HtRssPoint, out) = (HtRssPoint) { b->time, MAX (a->pages, b->pages) };
        }
      g_array_set_size (self->rss, out);
    }
  g_array_append_val (self->rss, point);
}

/* Where @location stood at @row (0 before it appeared) */
HtLocationValue
ht_location_series_get (HtLocationSeries *self,
                        guint             row,
                        guint             location)
{
  guint start = g_array_index (self->row_start, guint, row);

  if (start + location >= row_end (self, row))
    return (HtLocationValue) { 0 };
  return g_array_index (self->values, HtLocationValue, start + location);
}
