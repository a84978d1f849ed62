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

#include <string.h>

#include <glib/gi18n.h>

#include "ht-histogram.h"
#include "ht-report.h"
#include "ht-summary.h"

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

/* Binary units, as the rest of the application shows bytes: a bucket's
 * bounds are powers of two, so they come out as whole numbers */
static const char * const units[] = {
  NC_("byte unit", "B"),
  NC_("byte unit", "KiB"),
  NC_("byte unit", "MiB"),
  NC_("byte unit", "GiB"),
  NC_("byte unit", "TiB"),
  NC_("byte unit", "PiB"),
  NC_("byte unit", "EiB"),
};

static const char *
unit_name (guint unit)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "byte unit", units[unit]);
}

/**
 * ht_histogram_bucket_label:
 *
 * Returns: (transfer full): @bucket's sizes, short enough for an axis:
 *   "8–15 B" below 1 KiB; above it, where the bounds are 1, 2, 4, ... of a
 *   unit, from the lowest size to the next bucket's ("1–2 KiB")
 */
char *
ht_histogram_bucket_label (guint bucket)
{
  guint64 lower = ht_histogram_bucket_lower (bucket);
  guint64 upper = ht_histogram_bucket_upper (bucket);
  guint low_unit, high_unit;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (bucket <= 10)
    {
      low = g_strdup_printf ("%" G_GUINT64_FORMAT, lower);
      high = g_strdup_printf ("%" G_GUINT64_FORMAT, upper);
      if (lower == upper)
        /* Translators: one allocation size, number and unit: "1 B" */
        return g_strdup_printf (C_("histogram bucket", "%s %s"), low, unit_name (0));
      /* Translators: a range of allocation sizes, both ends included: "8–15 B" */
      return g_strdup_printf (C_("histogram bucket", "%s–%s %s"), low, high, unit_name (0));
    }

  /* [2^(bucket - 1), 2^bucket), each end in the largest unit it fills */
  low_unit = (bucket - 1) / 10;
  high_unit = bucket / 10;
  low = g_strdup_printf ("%u", 1u << ((bucket - 1) % 10));
  high = g_strdup_printf ("%u", 1u << (bucket % 10));
  if (low_unit == high_unit)
    return g_strdup_printf (C_("histogram bucket", "%s–%s %s"), low, high, unit_name (low_unit));
  /* Translators: a range of allocation sizes across units: "512 KiB–1 MiB" */
  return g_strdup_printf (C_("histogram bucket", "%s %s–%s %s"), low, unit_name (low_unit), high,
                          unit_name (high_unit));
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

/* The first bucket with calls (0 if none): the buckets below it hold
 * nothing, and the picture leaves them out */
guint
ht_histogram_first_bucket (HtHistogram *self)
{
  for (guint b = 0; b < self->n_buckets; b++)
    if (self->totals[b] > 0)
      return b;
  return 0;
}

/* The bucket with the most calls, the smallest sizes of them if several */
guint
ht_histogram_tallest_bucket (HtHistogram *self)
{
  guint tallest = 0;

  for (guint b = 1; b < self->n_buckets; b++)
    if (self->totals[b] > self->totals[tallest])
      tallest = b;
  return tallest;
}

guint64
ht_histogram_total_calls (HtHistogram *self)
{
  guint64 total = 0;

  for (guint b = 0; b < self->n_buckets; b++)
    total += self->totals[b];
  return total;
}

/* The function of @series' location, its templates shortened if @shorten */
static char *
series_function (HtHistogram *self,
                 HtAnalysis  *analysis,
                 guint        series,
                 gboolean     shorten)
{
  const HtLeafGroup *group = g_ptr_array_index (self->groups, series);
  const HtIp *ip = ht_trace_data_ip (analysis->data, group->leaf_ip);
  const char *function = ht_trace_data_get_string (analysis->data, ip->frame.function);

  if (function == NULL)
    return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", ip->address);
  return shorten ? ht_shorten_template (function) : g_strdup (function);
}

/**
 * ht_histogram_series_name:
 * @series: a stacked location, or n_series for the rest of them
 *
 * Returns: (transfer full): "function (file:line)", with the file's name
 *   only, or "function (module)" where the file is unknown, as the legend,
 *   the tooltips and the CSV columns name it; templates shortened, unless
 *   that makes two stacked locations look the same (allocate<int> and
 *   allocate<double> both shorten to allocate<>)
 */
char *
ht_histogram_series_name (HtHistogram *self,
                          HtAnalysis  *analysis,
                          guint        series)
{
  const HtLeafGroup *group;
  const HtIp *ip;
  const char *file, *module;
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (series <= self->n_series, NULL);

  if (series == self->n_series)
    return g_strdup (_("other locations"));
  name = series_function (self, analysis, series, TRUE);
  for (guint other = 0; other < self->n_series; other++)
    {
      g_autofree char *other_name = other != series ? series_function (self, analysis, other, TRUE) : NULL;

      if (g_strcmp0 (name, other_name) == 0)
        {
          g_free (name);
          name = series_function (self, analysis, series, FALSE);
          break;
        }
    }

  group = g_ptr_array_index (self->groups, series);
  ip = ht_trace_data_ip (analysis->data, group->leaf_ip);
  file = ht_trace_data_get_string (analysis->data, ip->frame.file);
  module = ht_trace_data_get_string (analysis->data, ip->module);
  if (file != NULL)
    {
      base = g_path_get_basename (file);
      return g_strdup_printf ("%s (%s:%u)", name, base, ip->frame.line);
    }
  if (module != NULL)
    {
      base = g_path_get_basename (module);
      return g_strdup_printf ("%s (%s)", name, base);
    }
  return g_steal_pointer (&name);
}

static char *
calls_text (guint64 calls)
{
  g_autofree char *count = ht_format_count ((gint64) MIN (calls, G_MAXINT64));

  return g_strdup_printf (ngettext ("%s call", "%s calls", (gulong) MIN (calls, G_MAXLONG)), count);
}

static char *
bytes_text (guint64 bytes)
{
  g_autofree char *count = ht_format_count ((gint64) MIN (bytes, G_MAXINT64));

  return g_strdup_printf (ngettext ("%s byte", "%s bytes", (gulong) MIN (bytes, G_MAXLONG)), count);
}

static int
by_count_descending (gconstpointer a,
                     gconstpointer b)
{
  const HtSizeCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->size < y->size ? -1 : x->size > y->size;
}

/* @bucket's exact sizes, the most frequent first */
static GArray *
sizes_by_count (HtHistogram *self,
                guint        bucket)
{
  GArray *sizes = g_array_copy (self->sizes[bucket]);

  g_array_sort (sizes, by_count_descending);
  return sizes;
}

/* "8–15 B: 12 calls (3.4 %)" */
static char *
headline (HtHistogram *self,
          guint        bucket)
{
  g_autofree char *label = ht_histogram_bucket_label (bucket);
  g_autofree char *calls = calls_text (self->totals[bucket]);
  guint64 total = ht_histogram_total_calls (self);

  /* Translators: a histogram bucket, its calls and their share of all calls: "8–15 B: 12 calls (3.4 %)" */
  return g_strdup_printf (_("%s: %s (%.1f %%)"), label, calls,
                          total > 0 ? self->totals[bucket] * 100.0 / total : 0.0);
}

/**
 * ht_histogram_bucket_summary:
 *
 * Returns: (transfer full): one line on @bucket, for the label under the
 *   picture: "64–127 B: 152 calls (34.2 %), most often 65 bytes"
 */
char *
ht_histogram_bucket_summary (HtHistogram *self,
                             guint        bucket)
{
  g_autoptr(GArray) sizes = NULL;
  char *line;

  g_return_val_if_fail (bucket < self->n_buckets, NULL);

  line = headline (self, bucket);
  sizes = sizes_by_count (self, bucket);
  if (sizes->len > 0)
    {
      g_autofree char *first = line;
      g_autofree char *size = bytes_text (g_array_index (sizes, HtSizeCount, 0).size);

      /* Translators: after a bucket's calls, the size requested most often in it */
      line = g_strdup_printf (_("%s, most often %s"), first, size);
    }
  return line;
}

/**
 * ht_histogram_bucket_details:
 * @max_sizes: how many of the bucket's exact sizes to name
 *
 * Returns: (transfer full): what a bar's tooltip says: its sizes in bytes,
 *   its calls, the calls of each stacked location, and its most frequent
 *   exact sizes with their calls
 */
char *
ht_histogram_bucket_details (HtHistogram *self,
                             HtAnalysis  *analysis,
                             guint        bucket,
                             guint        max_sizes)
{
  GString *text;
  g_autofree char *first = NULL;
  g_autoptr(GArray) sizes = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (bucket < self->n_buckets, NULL);

  first = headline (self, bucket);
  text = g_string_new (first);
  if (ht_histogram_bucket_lower (bucket) != ht_histogram_bucket_upper (bucket))
    {
      g_autofree char *lower = ht_format_count ((gint64) ht_histogram_bucket_lower (bucket));
      g_autofree char *upper = bytes_text (ht_histogram_bucket_upper (bucket));

      g_string_append_c (text, '\n');
      /* Translators: a bucket's exact bounds: "from 1,024 to 2,047 bytes" */
      g_string_append_printf (text, _("from %s to %s"), lower, upper);
    }

  for (guint g = 0; g <= self->n_series; g++)
    {
      g_autofree char *name = NULL;
      g_autofree char *count = NULL;

      if (self->values[g][bucket] == 0)
        continue;
      if (!any)
        {
          g_string_append (text, "\n\n");
          g_string_append (text, _("Calls by location:"));
          any = TRUE;
        }
      name = ht_histogram_series_name (self, analysis, g);
      count = ht_format_count ((gint64) MIN (self->values[g][bucket], G_MAXINT64));
      g_string_append_printf (text, "\n  %s: %s", name, count);
    }

  sizes = sizes_by_count (self, bucket);
  if (sizes->len > 0)
    {
      g_string_append (text, "\n\n");
      g_string_append (text, _("Sizes:"));
    }
  for (guint i = 0; i < sizes->len && i < max_sizes; i++)
    {
      const HtSizeCount *e = &g_array_index (sizes, HtSizeCount, i);
      g_autofree char *size = bytes_text (e->size);
      g_autofree char *size_calls = calls_text (e->count);

      g_string_append_printf (text, "\n  %s: %s", size, size_calls);
    }
  if (sizes->len > max_sizes)
    {
      guint more = sizes->len - max_sizes;

      g_string_append (text, "\n  ");
      g_string_append_printf (text, ngettext ("and %u more size", "and %u more sizes", more), more);
    }
  return g_string_free (text, FALSE);
}

/* A CSV field, quoted where it has to be (RFC 4180): function names hold
 * commas ("std::map<int, int>") */
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
 * ht_histogram_to_csv:
 *
 * Returns: (transfer full): the bars as CSV, one line per bucket from the
 *   first with calls: bucket_lower,bucket_upper,calls, then the calls of
 *   each stacked location and of the rest; plain numbers, whatever the
 *   locale, for spreadsheets and scripts
 */
char *
ht_histogram_to_csv (HtHistogram *self,
                     HtAnalysis  *analysis)
{
  GString *out = g_string_new ("bucket_lower,bucket_upper,calls");

  for (guint g = 0; g < self->n_series; g++)
    {
      g_autofree char *name = ht_histogram_series_name (self, analysis, g);

      g_string_append_c (out, ',');
      append_csv_field (out, name);
    }
  /* not translated, as the other columns' names */
  g_string_append (out, ",other locations\n");
  for (guint b = ht_histogram_first_bucket (self); b < self->n_buckets; b++)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                              ht_histogram_bucket_lower (b), ht_histogram_bucket_upper (b), self->totals[b]);
      for (guint g = 0; g <= self->n_series; g++)
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT, self->values[g][b]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
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
