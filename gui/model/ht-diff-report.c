/* ht-diff-report.c: the comparison of two traces as text, JSON and Markdown,
 * and the regression gate (docs/figures.md §21)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-diff-report"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ht-diff-report.h"

static const HtCostType section_types[] = {
  HT_COST_ALLOCATIONS, HT_COST_PEAK, HT_COST_LEAKED, HT_COST_TEMPORARY,
};

static const char * const section_titles[] = {
  "MOST CALLS TO ALLOCATION FUNCTIONS", "PEAK MEMORY CONSUMERS", "MEMORY LEAKS",
  "MOST TEMPORARY ALLOCATIONS",
};

static const char * const status_names[] = { "changed", "added", "removed" };

static gboolean
figure_is_bytes (HtDiffFigure figure)
{
  return figure == HT_DIFF_PEAK || figure == HT_DIFF_PEAK_RSS || figure == HT_DIFF_LEAKED
         || figure == HT_DIFF_SUPPRESSED;
}

static gboolean
cost_is_bytes (HtCostType type)
{
  return type == HT_COST_PEAK || type == HT_COST_LEAKED;
}

/* A change with its sign: +3, -1.20K; 0 without one */
static char *
format_change (gint64   value,
               gboolean is_bytes)
{
  g_autofree char *text = is_bytes ? ht_format_bytes (value)
                                   : g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return g_strdup_printf ("%s%s", value > 0 ? "+" : "", text);
}

static char *
format_value (gint64   value,
              gboolean is_bytes)
{
  return is_bytes ? ht_format_bytes (value) : g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static gint64
cost_change (const HtDiffCosts *costs,
             HtCostType         type)
{
  return ht_cost_get (&costs->b, type) - ht_cost_get (&costs->a, type);
}

/* What an entry shows of a type: nothing when its change (as the
 * comparison normalises it) is 0, or noise */
static gboolean
shows_change (HtDiff            *diff,
              const HtDiffCosts *costs,
              HtCostType         type)
{
  return ht_diff_delta (diff, costs, type) != 0 && !ht_diff_is_noise (diff, costs, type);
}

/* An entry's change of @type: +100B absolute, or, per total, the change of
 * its share of its side's total in percentage points, +0.85pp */
static char *
format_entry_change (HtDiff            *diff,
                     const HtDiffCosts *costs,
                     HtCostType         type)
{
  double delta = ht_diff_delta (diff, costs, type);

  if (diff->normalise == HT_DIFF_ABSOLUTE)
    return format_change (cost_change (costs, type), cost_is_bytes (type));
  return delta == 0 ? g_strdup ("0pp") : g_strdup_printf ("%+.2fpp", 100 * delta);
}

/* An entry's cost of @type on one side: absolute, or its share in per cent */
static char *
format_entry_value (HtDiff            *diff,
                    HtDiffSide         side,
                    const HtDiffCosts *costs,
                    HtCostType         type)
{
  if (diff->normalise == HT_DIFF_ABSOLUTE)
    return format_value (ht_cost_get (side == HT_DIFF_A ? &costs->a : &costs->b, type), cost_is_bytes (type));
  return g_strdup_printf ("%.2f%%", 100 * ht_diff_value (diff, side, costs, type));
}

static gboolean
shows_any_change (HtDiff            *diff,
                  const HtDiffCosts *costs)
{
  for (guint i = 0; i < G_N_ELEMENTS (section_types); i++)
    if (shows_change (diff, costs, section_types[i]))
      return TRUE;
  return FALSE;
}

typedef struct
{
  HtDiff     *diff;
  HtCostType  type;
} SortContext;

/* Largest change first (as the comparison normalises it); ties keep the
 * order of first appearance */
static int
compare_by_change (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const SortContext *context = user_data;
  const HtDiffCosts *x = *(const HtDiffCosts **) a;
  const HtDiffCosts *y = *(const HtDiffCosts **) b;
  double dx = fabs (ht_diff_delta (context->diff, x, context->type));
  double dy = fabs (ht_diff_delta (context->diff, y, context->type));

  return dx > dy ? -1 : dx < dy;
}

/* Peak first, then leaks, then calls: the order of the JSON's lists */
static int
compare_overall (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  static const HtCostType order[] = { HT_COST_PEAK, HT_COST_LEAKED, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  SortContext context = { user_data, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      int result;

      context.type = order[i];
      if ((result = compare_by_change (a, b, &context)) != 0)
        return result;
    }
  return 0;
}

/* @items (HtDiffFunction* or HtDiffSite*, both starting with their costs)
 * that show a change, sorted; by @type, or overall when @type is -1 */
static GPtrArray *
sorted_changes (HtDiff    *diff,
                GPtrArray *items,
                int        type)
{
  GPtrArray *sorted = g_ptr_array_new ();
  SortContext context = { diff, type };

  for (guint i = 0; i < items->len; i++)
    {
      const HtDiffCosts *costs = g_ptr_array_index (items, i);

      if (type >= 0 ? shows_change (diff, costs, type) : shows_any_change (diff, costs))
        g_ptr_array_add (sorted, (gpointer) costs);
    }
  g_ptr_array_sort_with_data (sorted, type >= 0 ? compare_by_change : compare_overall,
                              type >= 0 ? (gpointer) &context : diff);
  return sorted;
}

static void
print_symbol (HtDiff  *diff,
              guint    index,
              GString *out)
{
  const HtDiffSymbol *symbol;

  if (index == G_MAXUINT)
    {
      g_string_append (out, "??\n");
      return;
    }
  symbol = ht_diff_get_symbol (diff, index);
  if (symbol->function != NULL)
    g_string_append_printf (out, "%s\n", symbol->function);
  else
    g_string_append_printf (out, "<unresolved in %s>\n", symbol->module ? symbol->module : "??");
  if (symbol->file != NULL)
    g_string_append_printf (out, "  at %s:%u\n", symbol->file, symbol->line);
  g_string_append_printf (out, "  in %s\n", symbol->module != NULL ? symbol->module : "??");
}

static void
print_section (HtDiff     *diff,
               guint       section,
               guint       limit,
               GString    *out)
{
  HtCostType type = section_types[section];
  g_autoptr(GPtrArray) sorted = sorted_changes (diff, diff->functions, type);
  const char *unit = type == HT_COST_ALLOCATIONS ? "calls"
                     : type == HT_COST_TEMPORARY ? "temporary" : type == HT_COST_PEAK ? "peak" : "leaked";

  g_string_append_printf (out, "%s\n", section_titles[section]);
  for (guint i = 0; i < sorted->len && (limit == 0 || i < limit); i++)
    {
      const HtDiffFunction *function = g_ptr_array_index (sorted, i);
      const HtDiffCosts *costs = &function->costs;
      g_autofree char *change = format_entry_change (diff, costs, type);
      HtDiffStatus status = ht_diff_costs_status (costs);

      if (status == HT_DIFF_CHANGED)
        {
          g_autofree char *a = format_entry_value (diff, HT_DIFF_A, costs, type);
          g_autofree char *b = format_entry_value (diff, HT_DIFF_B, costs, type);

          g_string_append_printf (out, "%s %s (%s -> %s) from\n", change, unit, a, b);
        }
      else
        g_string_append_printf (out, "%s %s (%s) from\n", change, unit, status_names[status]);
      print_symbol (diff, function->symbol, out);
      g_string_append_c (out, '\n');
    }
  if (sorted->len == 0)
    g_string_append (out, "no change\n\n");
  g_string_append_c (out, '\n');
}

static void
print_unmatched (HtDiff     *diff,
                 HtDiffSide  side,
                 const char *name,
                 GString    *out)
{
  const HtDiffSideInfo *info = &diff->side[side];
  g_autofree char *peak = ht_format_bytes (info->unmatched.peak);
  g_autofree char *leaked = ht_format_bytes (info->unmatched.leaked);
  gint64 calls = info->figures[HT_DIFF_CALLS];

  g_string_append_printf (out, "unmatched in %s: %u of %u sites%s, %" G_GINT64_FORMAT " calls "
                          "(%.2f%%), %s peak, %s leaked\n",
                          name, info->unmatched_sites, info->n_sites,
                          info->all_sites ? "" : " listed",
                          info->unmatched.allocations,
                          calls != 0 ? info->unmatched.allocations * 100.0 / calls : 0.0, peak, leaked);
}

static void
print_figure (HtDiff       *diff,
              HtDiffFigure  figure,
              const char   *label,
              GString      *out)
{
  const HtDiffSideInfo *a = &diff->side[HT_DIFF_A], *b = &diff->side[HT_DIFF_B];
  gboolean is_bytes = figure_is_bytes (figure);
  g_autofree char *after = format_value (b->figures[figure], is_bytes);

  if (!a->has_figure[figure])
    {
      g_string_append_printf (out, "%s: ? (? -> %s)\n", label, after);
      return;
    }

  {
    g_autofree char *change = format_change (b->figures[figure] - a->figures[figure], is_bytes);
    g_autofree char *before = format_value (a->figures[figure], is_bytes);

    g_string_append_printf (out, "%s: %s (%s -> %s)\n", label, change, before, after);
  }
}

static void
print_side_notes (HtDiff     *diff,
                  HtDiffSide  side,
                  const char *name,
                  GString    *out)
{
  if (diff->side[side].truncated)
    g_string_append_printf (out, "%s is truncated: its figures cover only what was recorded\n", name);
}

/**
 * ht_diff_report_print:
 * @limit: entries per section (0: all)
 *
 * The changes in heaptrack_print's sections, each sorted by the largest
 * change, then the summary's changes and what did not pair
 * (docs/figures.md §21.3).
 */
void
ht_diff_report_print (HtDiff     *diff,
                      const char *base_name,
                      const char *new_name,
                      guint       limit,
                      GString    *out)
{
  g_string_append_printf (out, "comparing \"%s\" (A) with \"%s\" (B): B - A\n", base_name, new_name);
  if (diff->normalise == HT_DIFF_PER_TOTAL)
    g_string_append (out, "per total: each cost as a share of its side's total, changes in percentage points\n");
  print_side_notes (diff, HT_DIFF_A, "A", out);
  print_side_notes (diff, HT_DIFF_B, "B", out);
  g_string_append_c (out, '\n');
  for (guint s = 0; s < G_N_ELEMENTS (section_types); s++)
    print_section (diff, s, limit, out);
  print_figure (diff, HT_DIFF_RUNTIME_MS, "total runtime (ms)", out);
  print_figure (diff, HT_DIFF_CALLS, "calls to allocation functions", out);
  print_figure (diff, HT_DIFF_TEMPORARY, "temporary memory allocations", out);
  print_figure (diff, HT_DIFF_PEAK, "peak heap memory consumption", out);
  print_figure (diff, HT_DIFF_PEAK_RSS, "peak RSS (including heaptrack overhead)", out);
  print_figure (diff, HT_DIFF_LEAKED, "total memory leaked", out);
  print_figure (diff, HT_DIFF_SUPPRESSED, "suppressed leaks", out);
  print_unmatched (diff, HT_DIFF_A, "A", out);
  print_unmatched (diff, HT_DIFF_B, "B", out);
}

/* Per total, the change of each share in percentage points */
static void
json_share_change (GString           *out,
                   HtDiff            *diff,
                   const HtDiffCosts *costs)
{
  static const HtCostType types[] = { HT_COST_ALLOCATIONS, HT_COST_TEMPORARY, HT_COST_PEAK, HT_COST_LEAKED };
  static const char * const names[] = { "calls", "temporary", "peak", "leaked" };

  g_string_append (out, ", \"share_change\": {");
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.2f", 100 * ht_diff_delta (diff, costs, types[i]));
      g_string_append_printf (out, "%s\"%s\": %s", i == 0 ? "" : ", ", names[i], number);
    }
  g_string_append_c (out, '}');
}

static void
json_costs (GString           *out,
            HtDiff            *diff,
            const HtDiffCosts *costs)
{
  HtCost change = {
    costs->b.allocations - costs->a.allocations, costs->b.temporary - costs->a.temporary,
    ht_bytes_sub (costs->b.peak, costs->a.peak), ht_bytes_sub (costs->b.leaked, costs->a.leaked),
  };

  g_string_append (out, "\"status\": ");
  ht_json_append_string (out, status_names[ht_diff_costs_status (costs)]);
  g_string_append (out, ", ");
  ht_json_append_cost (out, &change);
  g_string_append (out, ", \"base\": {");
  ht_json_append_cost (out, &costs->a);
  g_string_append (out, "}, \"new\": {");
  ht_json_append_cost (out, &costs->b);
  g_string_append_c (out, '}');
  if (diff->normalise == HT_DIFF_PER_TOTAL)
    json_share_change (out, diff, costs);
}

static void
json_symbol (GString *out,
             HtDiff  *diff,
             guint    index)
{
  const HtDiffSymbol *symbol = index != G_MAXUINT ? ht_diff_get_symbol (diff, index) : NULL;

  g_string_append (out, "\"function\": ");
  ht_json_append_string (out, symbol != NULL ? symbol->function : NULL);
  g_string_append (out, ", \"file\": ");
  ht_json_append_string (out, symbol != NULL ? symbol->file : NULL);
  g_string_append_printf (out, ", \"line\": %u, \"module\": ", symbol != NULL ? symbol->line : 0);
  ht_json_append_string (out, symbol != NULL ? symbol->module : NULL);
}

static void
json_side (GString    *out,
           HtDiff     *diff,
           HtDiffSide  side,
           const char *name)
{
  const HtDiffSideInfo *info = &diff->side[side];

  g_string_append (out, "{\"file\": ");
  ht_json_append_string (out, name);
  g_string_append_printf (out, ", \"truncated\": %s, \"warnings\": [", info->truncated ? "true" : "false");
  for (guint i = 0; i < info->warnings->len; i++)
    {
      g_string_append (out, i == 0 ? "" : ", ");
      ht_json_append_string (out, g_ptr_array_index (info->warnings, i));
    }
  g_string_append (out, "], \"summary\": {");
  for (guint f = 0; f < HT_DIFF_N_FIGURES; f++)
    {
      g_string_append_printf (out, "%s\"%s\": ", f == 0 ? "" : ", ", ht_diff_figure_name (f));
      if (info->has_figure[f])
        g_string_append_printf (out, "%" G_GINT64_FORMAT, info->figures[f]);
      else
        g_string_append (out, "null");
    }
  g_string_append (out, "}}");
}

static void
json_unmatched (GString    *out,
                HtDiff     *diff,
                HtDiffSide  side)
{
  const HtDiffSideInfo *info = &diff->side[side];

  g_string_append_printf (out, "{\"sites\": %u, \"of\": %u, ", info->unmatched_sites, info->n_sites);
  ht_json_append_cost (out, &info->unmatched);
  g_string_append_c (out, '}');
}

/**
 * ht_diff_report_json:
 * @limit: how many sites to list (0: all)
 *
 * The comparison in the layout of the report's JSON (docs/figures.md §17,
 * §21.3): "summary" holds the changes, each function and site its changes,
 * its status and both sides' costs.
 */
void
ht_diff_report_json (HtDiff     *diff,
                     const char *base_name,
                     const char *new_name,
                     guint       limit,
                     GString    *out)
{
  g_autoptr(GPtrArray) functions = sorted_changes (diff, diff->functions, -1);
  g_autoptr(GPtrArray) sites = sorted_changes (diff, diff->sites, -1);
  const HtDiffSideInfo *a = &diff->side[HT_DIFF_A], *b = &diff->side[HT_DIFF_B];

  g_string_append (out, "{\n  \"base\": ");
  json_side (out, diff, HT_DIFF_A, base_name);
  g_string_append (out, ",\n  \"new\": ");
  json_side (out, diff, HT_DIFF_B, new_name);
  g_string_append_printf (out, ",\n  \"normalise\": \"%s\"",
                          diff->normalise == HT_DIFF_PER_TOTAL ? "per_total" : "absolute");
  g_string_append (out, ",\n  \"summary\": {");
  for (guint f = 0; f < HT_DIFF_N_FIGURES; f++)
    {
      g_string_append_printf (out, "%s\"%s\": ", f == 0 ? "" : ", ", ht_diff_figure_name (f));
      if (a->has_figure[f])
        g_string_append_printf (out, "%" G_GINT64_FORMAT, b->figures[f] - a->figures[f]);
      else
        g_string_append (out, "null");
    }
  g_string_append (out, "},\n  \"unmatched\": {\"base\": ");
  json_unmatched (out, diff, HT_DIFF_A);
  g_string_append (out, ", \"new\": ");
  json_unmatched (out, diff, HT_DIFF_B);
  g_string_append (out, "},\n  \"functions\": [");
  for (guint i = 0; i < functions->len; i++)
    {
      const HtDiffFunction *function = g_ptr_array_index (functions, i);

      g_string_append (out, i == 0 ? "\n    {" : ",\n    {");
      json_symbol (out, diff, function->symbol);
      g_string_append (out, ", ");
      json_costs (out, diff, &function->costs);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n  ],\n  \"sites\": [");
  for (guint i = 0; i < sites->len && (limit == 0 || i < limit); i++)
    {
      const HtDiffSite *site = g_ptr_array_index (sites, i);

      g_string_append (out, i == 0 ? "\n    {" : ",\n    {");
      json_costs (out, diff, &site->costs);
      g_string_append (out, ", \"stack\": [");
      for (guint f = 0; f < site->frames->len; f++)
        {
          g_string_append (out, f == 0 ? "\n      {" : ",\n      {");
          json_symbol (out, diff, g_array_index (site->frames, guint, f));
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n  ]\n}\n");
}

/* A table cell: '|' would end it */
static void
markdown_text (GString    *out,
               const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '|')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/**
 * ht_diff_report_markdown:
 * @limit: how many functions to list
 *
 * A short summary for a pull request: the summary's changes, then the
 * functions that changed most, their template arguments shortened
 * (docs/figures.md §21.3).
 */
void
ht_diff_report_markdown (HtDiff     *diff,
                         const char *base_name,
                         const char *new_name,
                         guint       limit,
                         GString    *out)
{
  static const HtDiffFigure figures[] = {
    HT_DIFF_PEAK, HT_DIFF_LEAKED, HT_DIFF_CALLS, HT_DIFF_TEMPORARY, HT_DIFF_PEAK_RSS, HT_DIFF_RUNTIME_MS,
  };
  static const HtCostType columns[] = { HT_COST_PEAK, HT_COST_LEAKED, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  g_autoptr(GPtrArray) functions = sorted_changes (diff, diff->functions, -1);
  const HtDiffSideInfo *a = &diff->side[HT_DIFF_A], *b = &diff->side[HT_DIFF_B];

  g_string_append (out, "| | ");
  markdown_text (out, base_name);
  g_string_append (out, " | ");
  markdown_text (out, new_name);
  g_string_append (out, " | change |\n|---|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      HtDiffFigure f = figures[i];
      gboolean is_bytes = figure_is_bytes (f);
      g_autofree char *after = format_value (b->figures[f], is_bytes);
      g_autofree char *before = a->has_figure[f] ? format_value (a->figures[f], is_bytes) : g_strdup ("?");
      g_autofree char *change = a->has_figure[f] ? format_change (b->figures[f] - a->figures[f], is_bytes)
                                                 : g_strdup ("?");

      g_string_append_printf (out, "| %s | %s | %s | %s", ht_diff_figure_name (f), before, after, change);
      if (a->has_figure[f] && a->figures[f] != 0)
        g_string_append_printf (out, " (%+.2f%%)", (b->figures[f] - a->figures[f]) * 100.0 / llabs (a->figures[f]));
      g_string_append (out, " |\n");
    }
  if (functions->len == 0)
    return;
  g_string_append (out, "\n| function | module | peak | leaked | calls | temporary |\n"
                        "|---|---|---:|---:|---:|---:|\n");
  for (guint i = 0; i < functions->len && (limit == 0 || i < limit); i++)
    {
      const HtDiffFunction *function = g_ptr_array_index (functions, i);
      const HtDiffSymbol *symbol = function->symbol != G_MAXUINT
                                   ? ht_diff_get_symbol (diff, function->symbol) : NULL;
      HtDiffStatus status = ht_diff_costs_status (&function->costs);

      g_string_append (out, "| ");
      if (symbol != NULL && symbol->function != NULL)
        {
          /* a table row is read at a glance: without the template
           * arguments, as the report has them (docs/figures.md §10) */
          g_autofree char *name = ht_shorten_template (symbol->function);

          markdown_text (out, name);
        }
      else
        g_string_append (out, "??");
      if (status != HT_DIFF_CHANGED)
        g_string_append_printf (out, " (%s)", status_names[status]);
      g_string_append (out, " | ");
      markdown_text (out, symbol != NULL && symbol->module != NULL ? symbol->module : "??");
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          g_autofree char *change = format_entry_change (diff, &function->costs, columns[c]);

          g_string_append_printf (out, " | %s", change);
        }
      g_string_append (out, " |\n");
    }
}

/**
 * ht_diff_parse_limits:
 * @spec: such as `peak=5%,leaked=0,calls=10%`
 * @limits: (element-type HtDiffLimit): where to add them
 *
 * Reads the limits of --max-growth: each a summary figure of the JSON and
 * a percentage of the base or an absolute growth in the figure's unit.
 */
gboolean
ht_diff_parse_limits (const char  *spec,
                      GArray      *limits,
                      GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *name = eq != NULL ? g_strndup (parts[i], eq - parts[i]) : g_strdup (parts[i]);
      HtDiffLimit limit = { 0 };
      char *end = NULL;

      if (!ht_diff_figure_from_name (name, &limit.figure))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown figure '%s' in '%s': use calls, temporary, peak, peak_time_ms, "
                       "peak_rss, leaked, suppressed or runtime_ms", name, parts[i]);
          return FALSE;
        }
      if (eq != NULL && g_ascii_isdigit (eq[1]))
        limit.limit = g_ascii_strtod (eq + 1, &end);
      if (end != NULL && *end == '%')
        limit.percent = TRUE, end++;
      if (end == NULL || *end != '\0' || !isfinite (limit.limit))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "'%s' needs a limit such as %s=5%% or %s=1000", parts[i], name, name);
          return FALSE;
        }
      g_array_append_val (limits, limit);
    }
  return TRUE;
}

/**
 * ht_diff_check:
 * @limits: (element-type HtDiffLimit)
 * @no_new_leaks: whether a site that leaks in B but not in A breaks the gate
 * @broken: gets one line per broken limit
 *
 * The regression gate (docs/figures.md §21.4). Growth is B − A; from a base
 * of 0 any growth breaks a percentage.
 *
 * Returns: FALSE, with @error, when the base lacks what a limit needs
 */
gboolean
ht_diff_check (HtDiff   *diff,
               GArray   *limits,
               gboolean  no_new_leaks,
               GString  *broken,
               GError  **error)
{
  const HtDiffSideInfo *a = &diff->side[HT_DIFF_A], *b = &diff->side[HT_DIFF_B];

  for (guint i = 0; i < limits->len; i++)
    {
      const HtDiffLimit *limit = &g_array_index (limits, HtDiffLimit, i);
      const char *name = ht_diff_figure_name (limit->figure);
      gboolean is_bytes = figure_is_bytes (limit->figure);
      gint64 base, growth;
      gboolean breaks;

      if (!a->has_figure[limit->figure])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "the base has no figure '%s' to check --max-growth against", name);
          return FALSE;
        }
      base = a->figures[limit->figure];
      growth = b->figures[limit->figure] - base;
      if (limit->percent)
        breaks = base == 0 ? growth > 0 : growth * 100.0 > limit->limit * llabs (base);
      else
        breaks = growth > limit->limit;
      if (breaks)
        {
          g_autofree char *from = format_value (base, is_bytes);
          g_autofree char *to = format_value (b->figures[limit->figure], is_bytes);
          g_autofree char *change = format_change (growth, is_bytes);

          g_string_append_printf (broken, "%s grew by %s (%s -> %s), more than %g%s\n", name, change,
                                  from, to, limit->limit, limit->percent ? "%" : "");
        }
    }
  if (!no_new_leaks)
    return TRUE;
  if (!a->all_sites)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "--no-new-leaks needs every site of the base, and it lists only its top "
                           "sites: save it with --json -n 0");
      return FALSE;
    }
  for (guint i = 0; i < diff->sites->len; i++)
    {
      const HtDiffSite *site = g_ptr_array_index (diff->sites, i);

      if (site->costs.b.leaked > 0 && site->costs.a.leaked <= 0)
        {
          g_autofree char *leaked = ht_format_bytes (site->costs.b.leaked);
          const HtDiffSymbol *symbol = site->frames->len > 0
                                       ? ht_diff_get_symbol (diff, g_array_index (site->frames, guint, 0)) : NULL;

          g_string_append_printf (broken, "new leak: %s leaked from %s in %s\n", leaked,
                                  symbol != NULL && symbol->function != NULL ? symbol->function : "??",
                                  symbol != NULL && symbol->module != NULL ? symbol->module : "??");
        }
    }
  return TRUE;
}
