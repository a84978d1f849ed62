/* ht-comparison.c: two traces loaded side by side, and their HtDiff
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-comparison"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ht-chart.h"
#include "ht-comparison.h"
#include "ht-summary.h"

struct _HtComparison
{
  GObject  parent_instance;
  GFile   *files[2];  /* by HtDiffSide; swapped with the diff */
  guint64  times[2];  /* two moments of one trace: the heap at each, in ms */
  gboolean moments;
  GFile   *failed;    /* the file that did not load, if one did not */
  HtDiff  *diff;      /* NULL until loaded */
  HtOverlaySide *overlay[2];  /* by HtDiffSide, for the charts and sizes; swapped with the diff */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (HtComparison, ht_comparison, G_TYPE_OBJECT)

static void
ht_comparison_finalize (GObject *object)
{
  HtComparison *self = (HtComparison *) object;

  g_clear_pointer (&self->diff, ht_diff_free);
  g_clear_pointer (&self->overlay[HT_DIFF_A], ht_overlay_side_free);
  g_clear_pointer (&self->overlay[HT_DIFF_B], ht_overlay_side_free);
  g_clear_object (&self->files[HT_DIFF_A]);
  g_clear_object (&self->files[HT_DIFF_B]);
  g_clear_object (&self->failed);

  G_OBJECT_CLASS (ht_comparison_parent_class)->finalize (object);
}

static void
ht_comparison_class_init (HtComparisonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_comparison_finalize;

  /**
   * HtComparison::changed:
   *
   * The diff was swapped or normalised otherwise: every figure may differ.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ht_comparison_init (HtComparison *self)
{
}

/**
 * ht_comparison_new:
 * @base: A, the trace compared with
 * @file: B, the new trace
 *
 * Returns: (transfer full): a comparison to load
 */
HtComparison *
ht_comparison_new (GFile *base,
                   GFile *file)
{
  HtComparison *self;

  g_return_val_if_fail (G_IS_FILE (base), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (HT_TYPE_COMPARISON, NULL);
  self->files[HT_DIFF_A] = g_object_ref (base);
  self->files[HT_DIFF_B] = g_object_ref (file);
  return self;
}

/**
 * ht_comparison_new_moments:
 * @file: the trace
 * @t1: A, the earlier moment, in ms
 * @t2: B, the later one
 *
 * What grew between two moments of one trace: the heap at @t2 compared
 * with the heap at @t1 (docs/figures.md §21.6).
 *
 * Returns: (transfer full): a comparison to load
 */
HtComparison *
ht_comparison_new_moments (GFile   *file,
                           guint64  t1,
                           guint64  t2)
{
  HtComparison *self;

  g_return_val_if_fail (t1 < t2, NULL);

  self = ht_comparison_new (file, file);
  self->moments = TRUE;
  self->times[HT_DIFF_A] = t1;
  self->times[HT_DIFF_B] = t2;
  return self;
}

static HtAnalysis *
load_side (HtComparison  *self,
           HtDiffSide     side,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_file_get_path (self->files[side]);
  HtAnalysis *analysis = NULL;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->files[side]);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: only local files can be opened", uri);
    }
  else if (self->moments)
    analysis = ht_analysis_load_heap_at (path, self->times[side], cancellable, error);
  else
    analysis = ht_analysis_load (path, NULL, NULL, NULL, cancellable, error);
  if (analysis == NULL)
    g_set_object (&self->failed, self->files[side]);
  return analysis;
}

/**
 * ht_comparison_load:
 *
 * Reads both traces, A first, and pairs them. On failure,
 * ht_comparison_get_failed_file () says which trace it was.
 */
gboolean
ht_comparison_load (HtComparison  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(HtAnalysis) a = NULL;
  g_autoptr(HtAnalysis) b = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), FALSE);
  g_return_val_if_fail (self->diff == NULL, FALSE);

  /* the diff keeps what it needs of both: the analyses go afterwards */
  if ((a = load_side (self, HT_DIFF_A, cancellable, error)) == NULL
      || (b = load_side (self, HT_DIFF_B, cancellable, error)) == NULL)
    return FALSE;
  self->diff = ht_diff_new (a, b);
  self->overlay[HT_DIFF_A] = ht_overlay_side_new (a);
  self->overlay[HT_DIFF_B] = ht_overlay_side_new (b);
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (ht_comparison_load (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Loads in a worker thread; the comparison must not be read until it is done */
void
ht_comparison_load_async (HtComparison        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HT_IS_COMPARISON (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ht_comparison_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
ht_comparison_load_finish (HtComparison  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The file of @side: A the base, B the new trace, as swapped */
GFile *
ht_comparison_get_file (HtComparison *self,
                        HtDiffSide    side)
{
  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  return self->files[side];
}

/**
 * ht_comparison_get_side_name:
 *
 * Returns: (transfer full): what tells @side from the other, shortly: its
 *   file's name, or for two moments of one trace its moment ("1.25 s")
 */
char *
ht_comparison_get_side_name (HtComparison *self,
                             HtDiffSide    side)
{
  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  if (self->moments)
    return ht_chart_format_moment (self->times[side]);
  return g_file_get_basename (self->files[side]);
}

/**
 * ht_comparison_describe_side:
 *
 * Returns: (transfer full): what @side is: its file's full name, and for
 *   two moments of one trace the moment
 */
char *
ht_comparison_describe_side (HtComparison *self,
                             HtDiffSide    side)
{
  g_autofree char *path = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  path = g_file_get_parse_name (self->files[side]);
  if (!self->moments)
    return g_steal_pointer (&path);
  when = ht_comparison_get_side_name (self, side);
  /* Translators: the heap of a trace at a moment: "trace.zst at 1.25 s" */
  return g_strdup_printf (_("%s at %s"), path, when);
}

/**
 * ht_comparison_get_title:
 *
 * Returns: (transfer full): both sides, A first, as swapped:
 *   "a.zst → b.zst", or "trace.zst at 1.20 s → 3.40 s" for two moments
 */
char *
ht_comparison_get_title (HtComparison *self)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  a = ht_comparison_get_side_name (self, HT_DIFF_A);
  b = ht_comparison_get_side_name (self, HT_DIFF_B);
  if (self->moments)
    {
      g_autofree char *file = g_file_get_basename (self->files[HT_DIFF_A]);
      char *at_a = g_strdup_printf (_("%s at %s"), file, a);

      g_free (a);
      a = at_a;
    }
  /* Translators: the comparison window's title: the base, then the new trace */
  return g_strdup_printf (_("%s → %s"), a, b);
}

/* Whether it compares two moments of one trace, whose leaked costs are
 * the bytes live at each (docs/figures.md §21.6) */
gboolean
ht_comparison_is_moments (HtComparison *self)
{
  g_return_val_if_fail (HT_IS_COMPARISON (self), FALSE);

  return self->moments;
}

/* The trace that failed to load, %NULL if none did */
GFile *
ht_comparison_get_failed_file (HtComparison *self)
{
  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  return self->failed;
}

/* %NULL until loaded */
HtDiff *
ht_comparison_get_diff (HtComparison *self)
{
  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  return self->diff;
}

/* Makes B the base: every change turns its sign, added becomes removed */
void
ht_comparison_swap (HtComparison *self)
{
  GFile *file;
  HtOverlaySide *overlay;
  guint64 time;

  g_return_if_fail (HT_IS_COMPARISON (self));
  g_return_if_fail (self->diff != NULL);

  ht_diff_swap (self->diff);
  file = self->files[HT_DIFF_A];
  self->files[HT_DIFF_A] = self->files[HT_DIFF_B];
  self->files[HT_DIFF_B] = file;
  overlay = self->overlay[HT_DIFF_A];
  self->overlay[HT_DIFF_A] = self->overlay[HT_DIFF_B];
  self->overlay[HT_DIFF_B] = overlay;
  time = self->times[HT_DIFF_A];
  self->times[HT_DIFF_A] = self->times[HT_DIFF_B];
  self->times[HT_DIFF_B] = time;
  g_signal_emit (self, signals [CHANGED], 0);
}

void
ht_comparison_set_normalise (HtComparison    *self,
                             HtDiffNormalise  normalise)
{
  g_return_if_fail (HT_IS_COMPARISON (self));
  g_return_if_fail (self->diff != NULL);

  if (self->diff->normalise == normalise)
    return;
  self->diff->normalise = normalise;
  g_signal_emit (self, signals [CHANGED], 0);
}

/**
 * ht_comparison_set_noise_threshold:
 * @share: of the larger side's total, from 0 (nothing is noise) to 1
 *
 * A change smaller than @share of the larger side's total of its cost is
 * noise (docs/figures.md §21.7): the trees leave it out.
 */
void
ht_comparison_set_noise_threshold (HtComparison *self,
                                   double        share)
{
  g_return_if_fail (HT_IS_COMPARISON (self));
  g_return_if_fail (self->diff != NULL);
  g_return_if_fail (share >= 0 && share <= 1);

  if (self->diff->threshold_share == share)
    return;
  self->diff->threshold_share = share;
  g_signal_emit (self, signals [CHANGED], 0);
}

static gboolean
is_bytes (HtCostType type)
{
  return type == HT_COST_PEAK || type == HT_COST_LEAKED;
}

/* An absolute figure without its sign */
static char *
format_magnitude (HtDiffFigure figure,
                  gint64       value)
{
  switch (figure)
    {
    case HT_DIFF_PEAK:
    case HT_DIFF_PEAK_RSS:
    case HT_DIFF_LEAKED:
    case HT_DIFF_SUPPRESSED:
      return ht_format_size ((gint64) ht_bytes_magnitude (value));
    case HT_DIFF_PEAK_TIME_MS:
    case HT_DIFF_RUNTIME_MS:
      {
        g_autofree char *count = ht_format_count ((gint64) ht_bytes_magnitude (value));

        return g_strdup_printf (_("%s ms"), count);
      }
    case HT_DIFF_CALLS:
    case HT_DIFF_TEMPORARY:
    case HT_DIFF_N_FIGURES:
    default:
      return ht_format_count ((gint64) ht_bytes_magnitude (value));
    }
}

/* "+", the U+2212 minus of ht_format_size (), or nothing for 0; and the
 * arrow that repeats the sign for those who do not see the colours */
static char *
signed_text (double      delta,
             const char *magnitude,
             HtChange   *change)
{
  if (change != NULL)
    *change = delta > 0 ? HT_CHANGE_WORSE : delta < 0 ? HT_CHANGE_BETTER : HT_CHANGE_NONE;
  if (delta > 0)
    return g_strconcat ("+", magnitude, " ▲", NULL);
  if (delta < 0)
    return g_strconcat ("−", magnitude, " ▼", NULL);
  return g_strdup (magnitude);
}

/**
 * ht_comparison_format_percent:
 * @a: the base's value
 * @delta: the change
 *
 * Returns: (transfer full): @delta as a signed percentage of @a, "—" when
 *   @a is 0 (any growth from nothing is infinite)
 */
char *
ht_comparison_format_percent (double a,
                              double delta)
{
  double percent;

  if (a == 0)
    return g_strdup ("—");
  percent = 100 * delta / fabs (a);
  /* Translators: a change in percent of the base, with its sign: "+12 %" */
  return g_strdup_printf (_("%s%.0f %%"), percent > 0 ? "+" : percent < 0 ? "−" : "", fabs (percent));
}

/* A cost of a tree node as the diff gives it: absolute, or a share of its
 * side's total in per cent */
char *
ht_comparison_format_value (HtComparison *self,
                            HtCostType    type,
                            double        value)
{
  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  if (self->diff->normalise == HT_DIFF_PER_TOTAL)
    return g_strdup_printf ("%.1f %%", 100 * value);
  return is_bytes (type) ? ht_format_size ((gint64) value) : ht_format_count ((gint64) value);
}

/**
 * ht_comparison_format_delta:
 * @change: (out) (optional): whether it is worse or better
 *
 * Returns: (transfer full): a change of one cost, signed and with its arrow;
 *   in percentage points when normalised
 */
char *
ht_comparison_format_delta (HtComparison *self,
                            HtCostType    type,
                            double        delta,
                            HtChange     *change)
{
  g_autofree char *magnitude = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  if (self->diff->normalise == HT_DIFF_PER_TOTAL)
    /* Translators: percentage points, a change of shares in per cent */
    magnitude = g_strdup_printf (_("%.1f pp"), 100 * fabs (delta));
  else
    magnitude = is_bytes (type) ? ht_format_size ((gint64) fabs (delta))
                                : ht_format_count ((gint64) fabs (delta));
  return signed_text (delta, magnitude, change);
}

static void
line_free (gpointer data)
{
  HtComparisonLine *line = data;

  g_free (line->label);
  g_free (line->a);
  g_free (line->b);
  g_free (line->delta);
  g_free (line->percent);
  g_free (line);
}

/* The summary's figures, in the order of the application's summary page;
 * the time of the peak is left out: later is neither better nor worse */
static const struct
{
  HtDiffFigure  figure;
  const char   *label;
} summary_figures[] = {
  { HT_DIFF_CALLS, N_("Calls to allocation functions") },
  { HT_DIFF_TEMPORARY, N_("Temporary allocations") },
  { HT_DIFF_PEAK, N_("Peak heap memory") },
  { HT_DIFF_PEAK_RSS, N_("Peak RSS") },
  { HT_DIFF_LEAKED, N_("Leaked") },
  { HT_DIFF_SUPPRESSED, N_("Suppressed leaks") },
  { HT_DIFF_RUNTIME_MS, N_("Runtime") },
};

/**
 * ht_comparison_summary_lines:
 *
 * Each side's summary figures, always absolute (normalised, each total
 * would be 1), with the change B − A and its percentage of A.
 *
 * Returns: (transfer full) (element-type HtComparisonLine): the lines
 */
GPtrArray *
ht_comparison_summary_lines (HtComparison *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);

  g_return_val_if_fail (HT_IS_COMPARISON (self), lines);
  g_return_val_if_fail (self->diff != NULL, lines);

  for (guint i = 0; i < G_N_ELEMENTS (summary_figures); i++)
    {
      HtDiffFigure figure = summary_figures[i].figure;
      const HtDiffSideInfo *a = &self->diff->side[HT_DIFF_A];
      const HtDiffSideInfo *b = &self->diff->side[HT_DIFF_B];
      HtComparisonLine *line = g_new0 (HtComparisonLine, 1);

      line->figure = figure;
      /* two moments: the leaked figures are the bytes live at each */
      line->label = g_strdup (figure == HT_DIFF_LEAKED && self->moments ? _("Live") : _(summary_figures[i].label));
      line->a = a->has_figure[figure] ? format_magnitude (figure, a->figures[figure]) : g_strdup ("—");
      line->b = b->has_figure[figure] ? format_magnitude (figure, b->figures[figure]) : g_strdup ("—");
      if (a->has_figure[figure] && b->has_figure[figure])
        {
          gint64 delta = b->figures[figure] - a->figures[figure];
          g_autofree char *magnitude = format_magnitude (figure, delta);

          line->delta = signed_text (delta, magnitude, &line->change);
          line->percent = ht_comparison_format_percent (a->figures[figure], delta);
        }
      else
        {
          line->delta = g_strdup ("—");
          line->percent = g_strdup ("—");
        }
      g_ptr_array_add (lines, line);
    }
  return lines;
}

/**
 * ht_comparison_unmatched_text:
 *
 * Returns: (transfer full): how much of @side found no partner
 *   (docs/figures.md §21.2), as a sentence
 */
char *
ht_comparison_unmatched_text (HtComparison *self,
                              HtDiffSide    side)
{
  const HtDiffSideInfo *info;
  g_autofree char *calls = NULL;
  g_autofree char *peak = NULL;
  g_autofree char *leaked = NULL;
  gint64 total_calls;
  double percent;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (self->diff != NULL, NULL);

  info = &self->diff->side[side];
  total_calls = info->figures[HT_DIFF_CALLS];
  percent = total_calls ? 100.0 * info->unmatched.allocations / total_calls : 0;
  calls = ht_format_count (info->unmatched.allocations);
  peak = ht_format_size (info->unmatched.peak);
  leaked = ht_format_size (info->unmatched.leaked);
  /* Translators: "3 of 5 sites unmatched: calls 2 (33 %), peak 500 B, leaked 500 B" */
  return g_strdup_printf (ngettext ("%u of %u site unmatched: calls %s (%.0f %%), peak %s, leaked %s",
                                    "%u of %u sites unmatched: calls %s (%.0f %%), peak %s, leaked %s",
                                    info->n_sites),
                          info->unmatched_sites, info->n_sites, calls, percent, peak, leaked);
}

/**
 * ht_comparison_side_label:
 *
 * Returns: (transfer full): "A: file name" or "B: file name" ("A: 1.25 s"
 *   for two moments of one trace), as headings and legends name @side
 */
char *
ht_comparison_side_label (HtComparison *self,
                          HtDiffSide    side)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);

  name = ht_comparison_get_side_name (self, side);
  /* Translators: a column's heading: "A: heaptrack.prog.1.zst" (A is the base, B the new trace) */
  return g_strdup_printf (side == HT_DIFF_A ? _("A: %s") : _("B: %s"), name);
}

/* Both sides' labels, A's and B's */
static GStrv
side_labels (HtComparison *self)
{
  GStrv labels = g_new0 (char *, 3);

  labels[HT_DIFF_A] = ht_comparison_side_label (self, HT_DIFF_A);
  labels[HT_DIFF_B] = ht_comparison_side_label (self, HT_DIFF_B);
  return labels;
}

/**
 * ht_comparison_chart_overlay:
 * @type: %HT_COST_PEAK (consumed bytes), %HT_COST_ALLOCATIONS or
 *   %HT_COST_TEMPORARY
 *
 * Returns: (transfer full): both traces' timelines of @type on one time
 *   axis (docs/figures.md §21.11), as swapped
 */
HtChartOverlay *
ht_comparison_chart_overlay (HtComparison  *self,
                             HtCostType     type,
                             HtOverlayTime  time)
{
  g_auto(GStrv) labels = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (self->diff != NULL, NULL);

  labels = side_labels (self);
  return ht_chart_overlay_new (self->overlay, labels, type, time);
}

/**
 * ht_comparison_histogram_overlay:
 *
 * Returns: (transfer full): both traces' calls per size bucket
 *   (docs/figures.md §21.11), as swapped
 */
HtHistogramOverlay *
ht_comparison_histogram_overlay (HtComparison *self)
{
  g_auto(GStrv) labels = NULL;

  g_return_val_if_fail (HT_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (self->diff != NULL, NULL);

  labels = side_labels (self);
  return ht_histogram_overlay_new (self->overlay, labels);
}
