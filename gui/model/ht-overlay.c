/* ht-overlay.c: the charts and size histograms of two traces on shared axes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the comparison window's Charts and Sizes pages draw
 * (docs/figures.md §21.11): a cost of both traces over one time axis,
 * absolute or each run stretched to its own length, and both traces' calls
 * per size bucket on the buckets of either. Each trace's totals are its
 * analysis' timeline rows, so no trace is read again.
 */

#define G_LOG_DOMAIN "ht-overlay"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-chart.h"
#include "ht-histogram.h"
#include "ht-overlay.h"

/**
 * ht_overlay_side_new:
 *
 * Returns: (transfer full): what the overlays need of @analysis, which
 *   may go afterwards
 */
HtOverlaySide *
ht_overlay_side_new (HtAnalysis *analysis)
{
  HtOverlaySide *self = g_new0 (HtOverlaySide, 1);
  g_autoptr(HtHistogram) histogram = ht_histogram_new (analysis, 0);

  self->rows = g_array_ref (analysis->series);
  self->runtime = analysis->runtime;
  self->n_buckets = histogram->n_buckets;
  self->buckets = g_steal_pointer (&histogram->totals);
  return self;
}

void
ht_overlay_side_free (HtOverlaySide *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rows);
  g_free (self->buckets);
  g_free (self);
}

static gint64
row_value (const HtSeriesRow *row,
           HtCostType         type)
{
  switch (type)
    {
    case HT_COST_ALLOCATIONS:
      return row->allocations;
    case HT_COST_TEMPORARY:
      return row->temporary;
    case HT_COST_PEAK:
    case HT_COST_LEAKED:
    default:
      return row->consumed;
    }
}

/**
 * ht_chart_overlay_new:
 * @sides: A's and B's
 * @labels: how the legend names A and B
 * @type: %HT_COST_PEAK for the consumed bytes (15.1's highest live total
 *   of each row), %HT_COST_ALLOCATIONS or %HT_COST_TEMPORARY for the
 *   running counts
 *
 * Returns: (transfer full): both sides' rows of @type on one axis
 */
HtChartOverlay *
ht_chart_overlay_new (HtOverlaySide * const sides[2],
                      char * const          labels[2],
                      HtCostType            type,
                      HtOverlayTime         time)
{
  HtChartOverlay *self = g_new0 (HtChartOverlay, 1);

  self->type = type;
  self->time = time;
  self->max = 1;
  self->end = time == HT_OVERLAY_NORMALISED ? 100 : MAX (MAX (sides[0]->runtime, sides[1]->runtime), 1);
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      const HtOverlaySide *s = sides[side];
      /* a run of 0 ms has its only moment at its start */
      double scale = time == HT_OVERLAY_NORMALISED ? 100.0 / MAX (s->runtime, 1) : 1;

      self->labels[side] = g_strdup (labels[side]);
      self->runtime[side] = s->runtime;
      self->n_rows[side] = s->rows->len;
      self->x[side] = g_new (double, s->rows->len);
      self->times[side] = g_new (guint64, s->rows->len);
      self->values[side] = g_new (gint64, s->rows->len);
      for (guint r = 0; r < s->rows->len; r++)
        {
          const HtSeriesRow *row = &g_array_index (s->rows, HtSeriesRow, r);

          self->times[side][r] = row->time;
          self->x[side][r] = row->time * scale;
          self->values[side][r] = row_value (row, type);
          self->max = MAX (self->max, self->values[side][r]);
        }
    }
  return self;
}

void
ht_chart_overlay_free (HtChartOverlay *self)
{
  if (self == NULL)
    return;
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      g_free (self->labels[side]);
      g_free (self->x[side]);
      g_free (self->times[side]);
      g_free (self->values[side]);
    }
  g_free (self);
}

/* Bytes, not counts */
gboolean
ht_chart_overlay_is_bytes (const HtChartOverlay *self)
{
  return self->type == HT_COST_PEAK || self->type == HT_COST_LEAKED;
}

/**
 * ht_chart_overlay_row_at:
 * @x: a point of the axis, in its unit
 *
 * Returns: the last row of @side at or before @x, which stands until the
 *   next; -1 before the first row and after the side's run ended
 */
int
ht_chart_overlay_row_at (const HtChartOverlay *self,
                         HtDiffSide            side,
                         double                x)
{
  guint n = self->n_rows[side];
  guint lo = 0, hi = n;

  if (n == 0 || x < self->x[side][0] || x > self->x[side][n - 1])
    return -1;
  /* the first row after @x */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->x[side][mid] <= x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (int) lo - 1;
}

/**
 * ht_chart_overlay_describe:
 *
 * Returns: (transfer full): both sides' values at @x, for the tooltip:
 *   the moment, then a line per side; normalised, each side's own time
 */
char *
ht_chart_overlay_describe (const HtChartOverlay *self,
                           double                x)
{
  GString *text = g_string_new (NULL);

  if (self->time == HT_OVERLAY_NORMALISED)
    /* Translators: the moment under the pointer on the normalised time axis */
    g_string_printf (text, _("At %.1f %% of each run"), x);
  else
    {
      g_autofree char *when = ht_chart_format_moment ((guint64) MAX (x, 0));

      /* Translators: the moment under the pointer, e.g. "At 1.25 s" */
      g_string_printf (text, _("At %s"), when);
    }

  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      int row = ht_chart_overlay_row_at (self, side, x);
      g_autofree char *value = NULL;

      if (row < 0)
        {
          g_autofree char *end = ht_chart_format_moment (self->runtime[side]);

          g_string_append_c (text, '\n');
          /* Translators: a trace shorter than the time under the pointer */
          g_string_append_printf (text, _("%s: ended at %s"), self->labels[side], end);
          continue;
        }
      value = ht_chart_format_amount (self->values[side][row], ht_chart_overlay_is_bytes (self));
      g_string_append_c (text, '\n');
      if (self->time == HT_OVERLAY_NORMALISED)
        {
          g_autofree char *when = ht_chart_format_moment (self->times[side][row]);

          /* Translators: a trace's value and its own time: "A: app.zst (at 50 ms): 3 MiB" */
          g_string_append_printf (text, _("%s (at %s): %s"), self->labels[side], when, value);
        }
      else
        g_string_append_printf (text, "%s: %s", self->labels[side], value);
    }
  return g_string_free (text, FALSE);
}

/**
 * ht_histogram_overlay_new:
 *
 * Returns: (transfer full): both sides' calls on the buckets either has
 */
HtHistogramOverlay *
ht_histogram_overlay_new (HtOverlaySide * const sides[2],
                          char * const          labels[2])
{
  HtHistogramOverlay *self = g_new0 (HtHistogramOverlay, 1);

  self->n_buckets = MAX (sides[0]->n_buckets, sides[1]->n_buckets);
  self->first_bucket = self->n_buckets;
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      self->labels[side] = g_strdup (labels[side]);
      self->calls[side] = g_new0 (guint64, self->n_buckets);
      for (guint b = 0; b < sides[side]->n_buckets; b++)
        {
          self->calls[side][b] = sides[side]->buckets[b];
          self->max = MAX (self->max, self->calls[side][b]);
          if (self->calls[side][b] > 0)
            self->first_bucket = MIN (self->first_bucket, b);
        }
    }
  if (self->first_bucket == self->n_buckets)
    self->first_bucket = 0;
  return self;
}

/* Returns: (transfer full): both sides' calls in @bucket, for its tooltip */
char *
ht_histogram_overlay_describe (const HtHistogramOverlay *self,
                               guint                     bucket)
{
  g_autofree char *sizes = ht_histogram_bucket_label (bucket);
  GString *text = g_string_new (sizes);

  g_return_val_if_fail (bucket < self->n_buckets, g_string_free (text, FALSE));

  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      g_autofree char *calls = ht_chart_format_amount ((gint64) self->calls[side][bucket], FALSE);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%s: %s call", "%s: %s calls",
                                              (gulong) MIN (self->calls[side][bucket], G_MAXLONG)),
                              self->labels[side], calls);
    }
  return g_string_free (text, FALSE);
}

void
ht_histogram_overlay_free (HtHistogramOverlay *self)
{
  if (self == NULL)
    return;
  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      g_free (self->labels[side]);
      g_free (self->calls[side]);
    }
  g_free (self);
}

/* A's colour and B's, in every overlay: Adwaita's blue and orange, which
 * tell apart also for the common red-green colour blindness; the painters
 * draw A outlined and B filled besides, so colour is never the only sign */
void
ht_overlay_side_rgb (HtDiffSide side,
                     gboolean   dark,
                     double     rgb[3])
{
  static const double colours[2][2][3] = {
    /* light, dark */
    { { 0.11, 0.44, 0.85 }, { 0.38, 0.63, 0.92 } },
    { { 0.90, 0.38, 0.00 }, { 1.00, 0.60, 0.25 } },
  };

  for (int k = 0; k < 3; k++)
    rgb[k] = colours[side][dark ? 1 : 0][k];
}
