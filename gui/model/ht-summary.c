/* ht-summary.c: the figures of the summary page, as text
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-summary.h"

/* Bytes in binary units, as GNOME's file manager shows file sizes with
 * G_FORMAT_SIZE_IEC_UNITS; negative for differences. */
char *
ht_format_size (gint64 bytes)
{
  g_autofree char *size = g_format_size_full (ht_bytes_magnitude (bytes), G_FORMAT_SIZE_IEC_UNITS);

  return bytes < 0 ? g_strconcat ("−", size, NULL) : g_steal_pointer (&size);
}

/* A count with thousands separators, as the locale has them. */
char *
ht_format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

static void
line_free (gpointer data)
{
  HtSummaryLine *line = data;

  g_free (line->label);
  g_free (line->value);
  g_free (line->tooltip);
  g_free (line);
}

static void
add (GPtrArray  *lines,
     const char *label,
     char       *value,
     char       *tooltip)
{
  HtSummaryLine *line = g_new0 (HtSummaryLine, 1);

  line->label = g_strdup (label);
  line->value = value;
  line->tooltip = tooltip;
  g_ptr_array_add (lines, line);
}

static char *
bytes_tooltip (gint64 bytes)
{
  g_autofree char *count = ht_format_count (bytes);

  return g_strdup_printf (ngettext ("%s byte", "%s bytes",
                                    (gulong) MIN (ht_bytes_magnitude (bytes), G_MAXLONG)),
                          count);
}

static char *
ms_tooltip (guint64 ms)
{
  g_autofree char *count = ht_format_count ((gint64) MIN (ms, G_MAXINT64));

  return g_strdup_printf (_("%s ms"), count);
}

static char *
per_second (gint64   count,
            guint64  runtime)
{
  g_autofree char *rate = ht_format_count (runtime ? (gint64) (count * 1000.0 / runtime) : count);

  /* Translators: a rate, e.g. "1,204/s" */
  return g_strdup_printf (_("%s/s"), rate);
}

/**
 * ht_summary_lines:
 *
 * Returns: (transfer full) (element-type HtSummaryLine): the summary page's lines
 */
GPtrArray *
ht_summary_lines (HtAnalysis *analysis)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);
  HtCost *total = &analysis->total;
  HtTraceData *data = analysis->data;
  g_autofree char *calls = ht_format_count (total->allocations);
  g_autofree char *calls_rate = per_second (total->allocations, analysis->runtime);
  g_autofree char *temporary = ht_format_count (total->temporary);
  g_autofree char *temporary_rate = per_second (total->temporary, analysis->runtime);
  g_autofree char *peak = ht_format_size (total->peak);
  g_autofree char *leaked = ht_format_size (total->leaked);
  double percent = total->allocations ? total->temporary * 100.0 / total->allocations : 0.0;

  add (lines, _("Program"),
       data->attached ? g_strdup_printf (_("%s (attached)"), data->debuggee ? data->debuggee : "")
                      : g_strdup (data->debuggee ? data->debuggee : _("unknown")),
       NULL);
  add (lines, _("Runtime"), g_strdup_printf (_("%.2f s"), analysis->runtime / 1000.0),
       ms_tooltip (analysis->runtime));
  add (lines, _("Calls to allocation functions"), g_strdup_printf ("%s (%s)", calls, calls_rate), NULL);
  add (lines, _("Temporary allocations"),
       g_strdup_printf (_("%s (%.2f %%, %s)"), temporary, percent, temporary_rate),
       g_strdup (_("Freed right after they were allocated, with no other allocation in between")));
  add (lines, _("Peak heap memory"),
       g_strdup_printf (_("%s after %.2f s"), peak, analysis->peak_time / 1000.0),
       bytes_tooltip (total->peak));
  add (lines, _("Peak RSS"), ht_format_size (ht_analysis_get_peak_rss (analysis)),
       g_strdup (_("Resident memory of the process, including the profiler's own")));
  if (analysis->live_at)
    {
      g_autofree char *label = g_strdup_printf (_("Memory live at %.3f s"), analysis->max_time / 1000.0);
      add (lines, label, g_strdup (leaked), bytes_tooltip (total->leaked));
    }
  else if (analysis->windowed)
    add (lines, _("Memory consumption delta"), g_strdup (leaked), bytes_tooltip (total->leaked));
  else if (analysis->suppressed != 0)
    {
      g_autofree char *suppressed = ht_format_size (analysis->suppressed);
      add (lines, _("Leaked"), g_strdup_printf (_("%s (%s suppressed)"), leaked, suppressed),
           bytes_tooltip (total->leaked));
    }
  else
    add (lines, _("Leaked"), g_strdup (leaked), bytes_tooltip (total->leaked));
  if (data->page_size != 0 && data->pages != 0)
    add (lines, _("System memory"), ht_format_size (data->page_size * data->pages), NULL);
  return lines;
}

/* What a view says when the part of the trace it shows holds no
 * allocation */
const char *
ht_summary_empty_text (HtAnalysis *analysis)
{
  if (analysis->live_at)
    return _("Nothing was live at that instant");
  if (analysis->windowed)
    return _("Nothing was allocated in this part of the run");
  return _("This trace holds no allocations");
}

/* What the leaked cost is called in a column or a menu: leaks at exit, the
 * delta of a time window (docs/figures.md §14), or the memory live at an
 * instant (§14.1) */
const char *
ht_summary_leaked_title (HtAnalysis *analysis)
{
  if (analysis->live_at)
    return _("Live");
  if (analysis->windowed)
    return _("Delta");
  return _("Leaked");
}
