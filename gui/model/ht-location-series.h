/* ht-location-series.h: each location's figures at each row of the timeline
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-trace-data.h"

G_BEGIN_DECLS

/* Past this many locations the first reading stops noting their series,
 * and the charts read the file again (docs/figures.md §15.2) */
#define HT_LOCATION_SERIES_MAX_LOCATIONS 256

/* Past this many RSS samples, neighbours merge */
#define HT_LOCATION_SERIES_MAX_RSS 4096

/* Where one location stands: live bytes, running counts */
typedef struct
{
  gint64 live;
  gint64 allocations;
  gint64 temporary;
} HtLocationValue;

typedef struct
{
  guint64 time;   /* ms */
  guint64 pages;
} HtRssPoint;

typedef struct
{
  GArray          *site_location;  /* guint per site */
  GHashTable      *index;          /* location key -> location + 1 */
  GArray          *now;            /* HtLocationValue per location, as it stands */
  GArray          *row_start;      /* guint per row: where its values start */
  GArray          *row_live;       /* gint64 per row: the live total */
  GArray          *values;         /* HtLocationValue: each row's locations as they stood */
  GArray          *rss;            /* HtRssPoint */
} HtLocationSeries;

HtLocationSeries *ht_location_series_new        (void);
void              ht_location_series_free       (HtLocationSeries      *self);
gboolean          ht_location_series_add_site   (HtLocationSeries      *self,
                                                 HtTraceData           *data,
                                                 guint32                trace);
void              ht_location_series_add_row    (HtLocationSeries      *self,
                                                 gint64                 live);
void              ht_location_series_merge_rows (HtLocationSeries      *self);
void              ht_location_series_add_rss    (HtLocationSeries      *self,
                                                 guint64                time,
                                                 guint64                pages);
HtLocationValue   ht_location_series_get        (HtLocationSeries      *self,
                                                 guint                  row,
                                                 guint                  location);

static inline HtLocationValue *
ht_location_series_of_site (HtLocationSeries *self,
                            guint             site)
{
  return &g_array_index (self->now, HtLocationValue, g_array_index (self->site_location, guint, site));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtLocationSeries, ht_location_series_free)

G_END_DECLS
