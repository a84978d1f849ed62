/* ht-histogram.c: allocation sizes in powers of two, stacked by location
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the size histogram view draws (docs/figures.md §11): the calls to
 * allocation functions of each requested size, in buckets of powers of two
 * so that 16 bytes and 16 MiB fit one axis, each bar stacked by the
 * locations that made the most calls (the charts' groups, so that a
 * location has one colour everywhere), and the exact sizes of a bucket for
 * its tooltip. Computed from the analysis' calls per allocation-info: no
 * second reading of the trace.
 */

#define G_LOG_DOMAIN "ht-histogram"

#include "config.h"

#include "ht-histogram.h"
#include "ht-report.h"

static guint
bucket_of (guint64 size)
{
  return size == 0 ? 0 : g_bit_storage (size);
}

/* The smallest size of @bucket */
guint64
ht_histogram_bucket_lower (guint bucket)
{
  return bucket == 0 ? 0 : G_GUINT64_CONSTANT (1) << (bucket - 1);
}

/* The largest size of @bucket */
guint64
ht_histogram_bucket_upper (guint bucket)
{
  if (bucket == 0)
    return 0;
  if (bucket >= 64)
    return G_MAXUINT64;
  return (G_GUINT64_CONSTANT (1) << bucket) - 1;
}

/**
 * ht_histogram_new:
 * @n_top: how many locations get a layer of their own
 *
 * Returns: (transfer full): the histogram of @analysis
 */
HtHistogram *
ht_histogram_new (HtAnalysis *analysis,
                  guint       n_top)
{
  HtHistogram *self = g_new0 (HtHistogram, 1);
  GArray *infos = analysis->data->infos;
  g_autofree guint *site_series = g_new (guint, MAX (analysis->sites->len, 1));

  self->groups = ht_report_group_by_leaf (analysis, NULL);
  ht_leaf_groups_sort (self->groups, HT_COST_ALLOCATIONS);
  while (self->n_series < self->groups->len && self->n_series < n_top
         && ((HtLeafGroup *) g_ptr_array_index (self->groups, self->n_series))->cost.allocations > 0)
    self->n_series++;

  /* every site's layer: its group's, or the rest's */
  for (guint s = 0; s < analysis->sites->len; s++)
    site_series[s] = self->n_series;
  for (guint g = 0; g < self->n_series; g++)
    {
      HtLeafGroup *group = g_ptr_array_index (self->groups, g);

      for (guint k = 0; k < group->sites->len; k++)
        site_series[g_array_index (group->sites, guint, k)] = g;
    }

  for (guint i = 0; i < infos->len; i++)
    {
      const HtAllocInfo *info = &g_array_index (infos, HtAllocInfo, i);

      if (g_array_index (analysis->info_calls, guint64, i) > 0)
        self->n_buckets = MAX (self->n_buckets, bucket_of (info->size) + 1);
    }
  self->totals = g_new0 (guint64, self->n_buckets);
  self->sizes = g_new0 (GArray *, self->n_buckets);
  for (guint b = 0; b < self->n_buckets; b++)
    self->sizes[b] = g_array_new (FALSE, FALSE, sizeof (HtSizeCount));
  self->values = g_new0 (guint64 *, self->n_series + 1);
  for (guint g = 0; g <= self->n_series; g++)
    self->values[g] = g_new0 (guint64, self->n_buckets);

  for (guint i = 0; i < infos->len; i++)
    {
      const HtAllocInfo *info = &g_array_index (infos, HtAllocInfo, i);
      guint64 calls = g_array_index (analysis->info_calls, guint64, i);
      guint b = bucket_of (info->size);

      if (calls == 0)
        continue;
      self->totals[b] += calls;
      self->values[site_series[info->site]][b] += calls;
    }

  /* the exact sizes, one entry per size, ascending: into their buckets */
  {
    g_autoptr(GArray) exact = ht_analysis_get_size_histogram (analysis);

    for (guint i = 0; i < exact->len; i++)
      {
        HtSizeCount *e = &g_array_index (exact, HtSizeCount, i);

        g_array_append_val (self->sizes[bucket_of (e->size)], *e);
      }
  }
  return self;
}

void
ht_histogram_free (HtHistogram *self)
{
  if (self == NULL)
    return;
  for (guint b = 0; b < self->n_buckets; b++)
    g_array_unref (self->sizes[b]);
  for (guint g = 0; g <= self->n_series; g++)
    g_free (self->values[g]);
  g_free (self->values);
  g_free (self->sizes);
  g_free (self->totals);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self);
}
