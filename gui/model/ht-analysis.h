/* ht-analysis.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-location-series.h"
#include "ht-trace-data.h"
#include "ht-trace-reader.h"

G_BEGIN_DECLS

/* The four costs of heaptrack, per site or in total (docs/figures.md §1, §8.4). */
typedef struct
{
  gint64 allocations;
  gint64 temporary;
  gint64 peak;     /* live bytes at the moment of the global peak */
  gint64 leaked;   /* live bytes at the end, after suppressions */
} HtCost;

/* A site: all allocations with one full stack (one trace index,
 * docs/figures.md §8.1). */
typedef struct
{
  guint32 trace;
  HtCost  cost;
  /* bookkeeping of the one-pass peak snapshot */
  gint64  live;
  guint64 epoch;
} HtSite;

/* One sample of the timeline (docs/figures.md §15.1). */
typedef struct
{
  guint64 time;         /* ms */
  gint64  consumed;     /* highest live total since the previous row */
  gint64  allocations;  /* running count */
  gint64  temporary;    /* running count */
} HtSeriesRow;

typedef struct
{
  /* docs/figures.md §14: only events in [min_time, max_time) count; reading
   * stops at max_time */
  guint64     min_time;
  guint64     max_time;
  gboolean    disable_builtin_suppressions;
  gboolean    disable_embedded_suppressions;
  const char *suppressions_file;
} HtAnalysisOptions;

#define HT_ANALYSIS_MAX_MARKS 1024

#define HT_ANALYSIS_OPTIONS_INIT { 0, G_MAXUINT64, FALSE, FALSE, NULL }

typedef void (*HtProgressFunc) (double   fraction,
                                gpointer user_data);

typedef struct
{
  HtTraceData *data;
  GArray      *sites;          /* HtSite */
  GArray      *info_calls;     /* guint64 per allocation-info: number of + events */
  GArray      *series;         /* HtSeriesRow */
  HtLocationSeries *locations; /* each location at each row, for the charts; NULL for
                                * analyses of a window and traces of too many locations */
  GArray      *marks;          /* HtTraceReaderMark: points of the file to read a time
                                * window from (ht_analysis_load_part ()), at most
                                * HT_ANALYSIS_MAX_MARKS spread over the run; NULL for
                                * analyses of a window and where the file cannot be
                                * resumed */
  GPtrArray   *suppressions;   /* HtSuppression */
  GPtrArray   *warnings;       /* char* */
  gboolean     truncated;
  gboolean     windowed;       /* a time window was applied: leaked is a delta */
  gboolean     live_at;        /* the heap at max_time (docs/figures.md §14.1): the window
                                * [0, max_time) with nothing suppressed, leaked is what was
                                * live at max_time; set by whoever loaded it so */
  guint64      min_time;       /* the window, [min_time, max_time) in ms, as in the options */
  guint64      max_time;

  HtCost       total;
  gint64       suppressed;
  guint64      peak_time;      /* ms */
  guint64      peak_rss_pages;
  guint64      runtime;        /* ms: last timestamp + 1 */
  gint64       heaptrack_extra_temporary; /* heaptrack's index-0 quirk (docs/figures.md §3.3) */
} HtAnalysis;

/* The figures of an analysis in progress (ht_analysis_feed_get_totals ()) */
typedef struct
{
  gint64  calls;
  gint64  temporary;
  gint64  peak;
  guint64 peak_time;  /* ms */
  gint64  live;       /* bytes live now, before suppressions */
  guint64 peak_rss;   /* bytes */
  guint64 time;       /* ms: the last timestamp */
} HtAnalysisTotals;

typedef struct _HtAnalysisFeed HtAnalysisFeed;

HtAnalysisFeed *ht_analysis_feed_new        (HtTraceData              *data,
                                             const HtAnalysisOptions  *options);
gboolean        ht_analysis_feed_event      (HtAnalysisFeed           *feed,
                                             const HtEvent            *event);
void            ht_analysis_feed_get_totals (HtAnalysisFeed           *feed,
                                             HtAnalysisTotals         *totals);
HtAnalysis     *ht_analysis_feed_finish     (HtAnalysisFeed           *feed,
                                             GError                  **error);
HtAnalysis     *ht_analysis_feed_peek       (HtAnalysisFeed           *feed,
                                             HtSeriesRow              *now);
void            ht_analysis_feed_free       (HtAnalysisFeed           *feed);
gboolean        ht_analysis_feed_read       (HtAnalysisFeed           *feed,
                                             HtTraceReader            *reader,
                                             gint64                    deadline,
                                             GError                  **error);
HtAnalysis     *ht_analysis_feed_finish_reader (HtAnalysisFeed        *feed,
                                             HtTraceReader            *reader,
                                             GError                  **error);

HtAnalysis *ht_analysis_load          (const char               *path,
                                       const HtAnalysisOptions  *options,
                                       HtProgressFunc            progress,
                                       gpointer                  user_data,
                                       GCancellable             *cancellable,
                                       GError                  **error);
HtAnalysis *ht_analysis_load_reader   (HtTraceReader            *reader,
                                       const HtAnalysisOptions  *options,
                                       HtProgressFunc            progress,
                                       gpointer                  user_data,
                                       GCancellable             *cancellable,
                                       GError                  **error);
HtAnalysis *ht_analysis_load_heap_at  (const char               *path,
                                       guint64                   ms,
                                       GCancellable             *cancellable,
                                       GError                  **error);
HtAnalysis *ht_analysis_load_part     (const char               *path,
                                       HtAnalysis               *whole,
                                       const HtAnalysisOptions  *options,
                                       HtProgressFunc            progress,
                                       gpointer                  user_data,
                                       GCancellable             *cancellable,
                                       GError                  **error);
void        ht_analysis_free          (HtAnalysis               *self);
guint64     ht_analysis_get_peak_rss  (HtAnalysis               *self);
GArray     *ht_analysis_get_size_histogram (HtAnalysis          *self);

static inline HtSite *
ht_analysis_site (HtAnalysis *self,
                  guint       index)
{
  return &g_array_index (self->sites, HtSite, index);
}

/* Byte counts add up sizes read from the file, which can be anything up to
 * 2^64 - 1: they wrap around modulo 2^64 instead of overflowing. */
static inline gint64
ht_bytes_add (gint64  a,
              guint64 b)
{
  return (gint64) ((guint64) a + b);
}

static inline gint64
ht_bytes_sub (gint64  a,
              guint64 b)
{
  return (gint64) ((guint64) a - b);
}

/* ABS () of G_MININT64 does not fit a gint64; the unsigned negation does. */
static inline guint64
ht_bytes_magnitude (gint64 value)
{
  return value < 0 ? -(guint64) value : (guint64) value;
}

/* One line of the size histogram: every + event of one requested size. */
typedef struct
{
  guint64 size;
  guint64 count;
} HtSizeCount;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtAnalysis, ht_analysis_free)

G_END_DECLS
