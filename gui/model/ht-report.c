/* ht-report.c: heaptrack_print's text layout (docs/figures.md §9)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-report"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ht-report.h"
#include "ht-suppressions.h"

static const char * const units[] = { "B", "KB", "MB", "GB", "TB" };

/* heaptrack_print's bytes: powers of 1000, two decimals and the unit's first letter */
static char *
format_bytes (gint64   bytes,
              gboolean whole_unit)
{
  double value = bytes;
  guint unit = 0;

  while (ABS (value) > 1000 && unit < G_N_ELEMENTS (units) - 1)
    {
      value /= 1000;
      unit++;
    }
  if (unit == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "B", bytes);
  if (whole_unit)
    return g_strdup_printf ("%.2f%s", value, units[unit]);
  return g_strdup_printf ("%.2f%c", value, units[unit][0]);
}

char *
ht_format_bytes (gint64 bytes)
{
  return format_bytes (bytes, FALSE);
}

/* the same, right-aligned in @width with the whole unit, as the suppression table has it */
char *
ht_format_bytes_wide (gint64 bytes,
                      int    width)
{
  g_autofree char *text = format_bytes (bytes, TRUE);

  return g_strdup_printf ("%*s", width, text);
}

/* operator<, operator<<, operator>, operator>> and operator-> keep their brackets */
static gsize
operator_brackets (const char *name,
                   const char *p)
{
  static const char op[] = "operator";
  gsize n = 0;

  if (p - name < (gssize) strlen (op) || strncmp (p - strlen (op), op, strlen (op)) != 0)
    return 0;
  while (n < 2 && (p[n] == '<' || p[n] == '>') && (n == 0 || p[n] == p[0]))
    n++;
  return n;
}

/**
 * ht_shorten_template:
 *
 * Drops everything inside template brackets, keeping the outermost pair:
 * `std::vector<int, std::allocator<int> >::push_back` becomes
 * `std::vector<>::push_back` (docs/figures.md §10).
 */
char *
ht_shorten_template (const char *name)
{
  GString *out = g_string_sized_new (strlen (name));
  int depth = 0;

  for (const char *p = name; *p != '\0'; p++)
    {
      gsize op = depth == 0 ? operator_brackets (name, p) : 0;

      if (op > 0)
        {
          g_string_append_len (out, p, op);
          p += op - 1;
        }
      else if (*p == '<')
        {
          if (depth++ == 0)
            g_string_append_c (out, '<');
        }
      else if (*p == '>' && depth > 0)
        {
          if (--depth == 0)
            g_string_append_c (out, '>');
        }
      else if (depth == 0)
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

gint64
ht_cost_get (const HtCost *cost,
             HtCostType    type)
{
  switch (type)
    {
    case HT_COST_ALLOCATIONS: return cost->allocations;
    case HT_COST_TEMPORARY: return cost->temporary;
    case HT_COST_PEAK: return cost->peak;
    case HT_COST_LEAKED: return cost->leaked;
    default: g_return_val_if_reached (0);
    }
}

G_DEFINE_ENUM_TYPE (HtCostType, ht_cost_type,
  G_DEFINE_ENUM_VALUE (HT_COST_ALLOCATIONS, "allocations"),
  G_DEFINE_ENUM_VALUE (HT_COST_TEMPORARY, "temporary"),
  G_DEFINE_ENUM_VALUE (HT_COST_PEAK, "peak"),
  G_DEFINE_ENUM_VALUE (HT_COST_LEAKED, "leaked"))

gboolean
ht_cost_type_from_string (const char *name,
                          HtCostType *type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (HT_TYPE_COST_TYPE);
  GEnumValue *value = name ? g_enum_get_value_by_nick (klass, name) : NULL;

  if (value == NULL)
    return FALSE;
  *type = value->value;
  return TRUE;
}

static void
cost_add (HtCost       *to,
          const HtCost *from)
{
  to->allocations += from->allocations;
  to->temporary += from->temporary;
  to->peak = ht_bytes_add (to->peak, from->peak);
  to->leaked = ht_bytes_add (to->leaked, from->leaked);
}

static const char *
string_or_null (HtAnalysis *analysis,
                guint32     index)
{
  return ht_trace_data_get_string (analysis->data, index);
}

/**
 * ht_site_passes_filter:
 *
 * Whether a function name along the site's backtrace (up to a stop function,
 * inlined frames included) contains @function.
 */
gboolean
ht_site_passes_filter (HtAnalysis *analysis,
                       guint       site,
                       const char *function)
{
  HtTraceData *data = analysis->data;
  guint32 trace = ht_analysis_site (analysis, site)->trace;

  if (function == NULL)
    return TRUE;

  while (trace != 0)
    {
      const HtTraceNode *node = ht_trace_data_trace (data, trace);
      const HtIp *ip = ht_trace_data_ip (data, node->ip);
      const char *name = string_or_null (analysis, ip->frame.function);

      if (name != NULL && strstr (name, function) != NULL)
        return TRUE;
      for (guint k = 0; k < ip->n_inlined; k++)
        {
          name = string_or_null (analysis, ht_trace_data_inlined (data, ip, k)->function);
          if (name != NULL && strstr (name, function) != NULL)
            return TRUE;
        }
      if (ht_trace_data_is_stop_ip (data, node->ip))
        break;
      trace = node->parent;
    }
  return FALSE;
}

static void
leaf_group_free (gpointer p)
{
  HtLeafGroup *group = p;

  g_array_unref (group->sites);
  g_free (group);
}

static guint32
site_leaf_ip (HtAnalysis *analysis,
              guint       site)
{
  return ht_trace_data_trace (analysis->data, ht_analysis_site (analysis, site)->trace)->ip;
}

/**
 * ht_report_group_by_leaf:
 *
 * Merges sites whose leaf IP has the same module, function, file and line,
 * as heaptrack_print does by default (docs/figures.md §9.1); in order of
 * first site.
 *
 * Returns: (transfer full) (element-type HtLeafGroup): the groups
 */
GPtrArray *
ht_report_group_by_leaf (HtAnalysis *analysis,
                         const char *filter_bt_function)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (ht_location_key_hash, ht_location_key_equal, g_free, NULL);
  GPtrArray *groups = g_ptr_array_new_with_free_func (leaf_group_free);

  for (guint s = 0; s < analysis->sites->len; s++)
    {
      guint32 ip_index = site_leaf_ip (analysis, s);
      HtLocationKey key = ht_trace_data_location (analysis->data, ip_index);
      HtLeafGroup *group;
      gpointer found;

      if (!ht_site_passes_filter (analysis, s, filter_bt_function))
        continue;

      if (g_hash_table_lookup_extended (index, &key, NULL, &found))
        group = g_ptr_array_index (groups, GPOINTER_TO_UINT (found));
      else
        {
          group = g_new0 (HtLeafGroup, 1);
          group->leaf_ip = ip_index;
          group->sites = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (index, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (groups->len));
          g_ptr_array_add (groups, group);
        }
      g_array_append_val (group->sites, s);
      cost_add (&group->cost, &ht_analysis_site (analysis, s)->cost);
    }
  return groups;
}

typedef struct
{
  HtAnalysis            *analysis;
  const HtReportOptions *options;
  GString               *out;
  HtCostType             type;
  gboolean               precision_set;  /* heaptrack's stream switches to 2 decimals */
} Printer;

static char *
function_name (HtAnalysis *analysis,
               guint32     function,
               gboolean    shorten)
{
  const char *name = string_or_null (analysis, function);

  if (name == NULL)
    return NULL;
  return shorten ? ht_shorten_template (name) : g_strdup (name);
}

static void
indent (GString *out,
        int      level)
{
  for (int i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
print_ip (Printer *pr,
          guint32  ip_index,
          int      level)
{
  HtTraceData *data = pr->analysis->data;
  const HtIp *ip = ht_trace_data_ip (data, ip_index);
  g_autofree char *name = function_name (pr->analysis, ip->frame.function,
                                         pr->options->shorten_templates);
  const char *module = string_or_null (pr->analysis, ip->module);

  indent (pr->out, level);
  if (name != NULL)
    g_string_append_printf (pr->out, "%s\n", name);
  else
    g_string_append_printf (pr->out, "0x%" G_GINT64_MODIFIER "x\n", ip->address);
  if (ip->frame.file != 0)
    {
      indent (pr->out, level + 1);
      g_string_append_printf (pr->out, "at %s:%u\n", string_or_null (pr->analysis, ip->frame.file),
                              ip->frame.line);
    }
  indent (pr->out, level + 1);
  g_string_append_printf (pr->out, "in %s\n", module != NULL ? module : "??");

  for (guint k = 0; k < ip->n_inlined; k++)
    {
      const HtFrame *frame = ht_trace_data_inlined (data, ip, k);
      g_autofree char *inlined = function_name (pr->analysis, frame->function,
                                                pr->options->shorten_templates);

      indent (pr->out, level);
      g_string_append_printf (pr->out, "%s\n", inlined != NULL ? inlined : "??");
      if (frame->file != 0)
        {
          indent (pr->out, level + 1);
          g_string_append_printf (pr->out, "at %s:%u\n", string_or_null (pr->analysis, frame->file),
                                  frame->line);
        }
    }
}

/* Prints from @trace towards the root, ending after a stop function
 * (docs/figures.md §8.2). Parents always precede their children in a file
 * we accepted, so the walk cannot loop. */
static void
print_backtrace (Printer  *pr,
                 guint32   trace,
                 int       level,
                 gboolean  skip_first)
{
  HtTraceData *data = pr->analysis->data;

  while (trace != 0)
    {
      const HtTraceNode *node = ht_trace_data_trace (data, trace);

      if (!skip_first)
        print_ip (pr, node->ip, level);
      skip_first = FALSE;
      if (ht_trace_data_is_stop_ip (data, node->ip))
        break;
      trace = node->parent;
    }
}

/* What the leaked figure is: leaks at exit, the delta of a time window, or
 * the memory live at the window's end (docs/figures.md §14) */
static const char *
leaked_word (HtAnalysis            *analysis,
             const HtReportOptions *options)
{
  if (options != NULL && options->live_at)
    return "live";
  return analysis->windowed ? "delta" : "leaked";
}

static char *
bytes (Printer *pr,
       gint64   value)
{
  pr->precision_set = TRUE;
  return ht_format_bytes (value);
}

static void
print_label (Printer      *pr,
             const HtCost *cost,
             gboolean      sub)
{
  g_autofree char *text = NULL;
  const char *end = sub ? "from:" : "from";
  GString *out = pr->out;

  switch (pr->type)
    {
    case HT_COST_ALLOCATIONS:
      text = bytes (pr, cost->peak);
      g_string_append_printf (out, "%" G_GINT64_FORMAT " calls%s with %s peak consumption %s\n",
                              cost->allocations, sub ? "" : " to allocation functions", text, end);
      break;
    case HT_COST_PEAK:
      text = bytes (pr, cost->peak);
      g_string_append_printf (out, "%s %s over %" G_GINT64_FORMAT " calls %s\n", text,
                              sub ? "consumed" : "peak memory consumed", cost->allocations, end);
      break;
    case HT_COST_LEAKED:
      text = bytes (pr, cost->leaked);
      g_string_append_printf (out, "%s %s over %" G_GINT64_FORMAT " calls %s\n", text,
                              leaked_word (pr->analysis, pr->options), cost->allocations, end);
      break;
    case HT_COST_TEMPORARY:
    default:
      pr->precision_set = TRUE;
      g_string_append_printf (out, "%" G_GINT64_FORMAT " temporary allocations of %" G_GINT64_FORMAT
                              " allocations in total (%.2f%%) %s\n",
                              cost->temporary, cost->allocations,
                              cost->allocations ? cost->temporary * 100.0 / cost->allocations : 0.0,
                              end);
      break;
    }
}

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  HtCostType type = GPOINTER_TO_INT (user_data);
  guint64 x = ht_bytes_magnitude (ht_cost_get (&(*(HtLeafGroup **) a)->cost, type));
  guint64 y = ht_bytes_magnitude (ht_cost_get (&(*(HtLeafGroup **) b)->cost, type));

  return x > y ? -1 : x < y;
}

/* Sorts leaf groups by @type's cost, largest first; stable */
void
ht_leaf_groups_sort (GPtrArray  *groups,
                     HtCostType  type)
{
  g_ptr_array_sort_with_data (groups, compare_groups, GINT_TO_POINTER (type));
}

typedef struct
{
  HtAnalysis *analysis;
  HtCostType  type;
} SiteOrder;

static int
compare_sites (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SiteOrder *order = user_data;
  guint64 x = ht_bytes_magnitude (ht_cost_get (&ht_analysis_site (order->analysis, *(guint *) a)->cost,
                                               order->type));
  guint64 y = ht_bytes_magnitude (ht_cost_get (&ht_analysis_site (order->analysis, *(guint *) b)->cost,
                                               order->type));

  return x > y ? -1 : x < y;
}

static void
sort_sites (GArray     *sites,
            HtAnalysis *analysis,
            HtCostType  type)
{
  SiteOrder order = { analysis, type };

  g_array_sort_with_data (sites, compare_sites, &order);
}

static void
print_merged_section (Printer   *pr,
                      GPtrArray *groups)
{
  const HtReportOptions *opt = pr->options;

  ht_leaf_groups_sort (groups, pr->type);

  for (guint g = 0; g < groups->len && g < opt->peak_limit; g++)
    {
      HtLeafGroup *group = g_ptr_array_index (groups, g);
      gint64 shown = 0;
      guint printed = 0;

      if (ht_cost_get (&group->cost, pr->type) == 0)
        break;
      if (ht_bytes_magnitude (ht_cost_get (&group->cost, pr->type)) < opt->min_cost)
        continue;

      print_label (pr, &group->cost, FALSE);
      print_ip (pr, group->leaf_ip, 0);

      sort_sites (group->sites, pr->analysis, pr->type);
      for (; printed < group->sites->len && printed < opt->sub_peak_limit; printed++)
        {
          const HtSite *site = ht_analysis_site (pr->analysis,
                                                 g_array_index (group->sites, guint, printed));
          gint64 cost = ht_cost_get (&site->cost, pr->type);

          if (cost == 0)
            break;
          shown = ht_bytes_add (shown, cost);
          print_label (pr, &site->cost, TRUE);
          print_backtrace (pr, site->trace, 2, TRUE);
        }

      if (group->sites->len > opt->sub_peak_limit)
        {
          gint64 rest = ht_bytes_sub (ht_cost_get (&group->cost, pr->type), shown);
          g_autofree char *text = pr->type == HT_COST_ALLOCATIONS
                                  ? g_strdup_printf ("%" G_GINT64_FORMAT, rest) : bytes (pr, rest);

          g_string_append_printf (pr->out, "  and %s from %u other places\n", text,
                                  group->sites->len - opt->sub_peak_limit);
        }
      g_string_append_c (pr->out, '\n');
    }
  g_string_append_c (pr->out, '\n');
}

static void
print_unmerged_section (Printer *pr)
{
  HtAnalysis *analysis = pr->analysis;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint s = 0; s < analysis->sites->len; s++)
    if (ht_site_passes_filter (analysis, s, pr->options->filter_bt_function))
      g_array_append_val (order, s);

  sort_sites (order, analysis, pr->type);

  for (guint i = 0; i < order->len && i < pr->options->peak_limit; i++)
    {
      const HtSite *site = ht_analysis_site (analysis, g_array_index (order, guint, i));

      if (ht_cost_get (&site->cost, pr->type) == 0)
        break;
      if (ht_bytes_magnitude (ht_cost_get (&site->cost, pr->type)) < pr->options->min_cost)
        continue;
      print_label (pr, &site->cost, FALSE);
      print_backtrace (pr, site->trace, 1, FALSE);
      g_string_append_c (pr->out, '\n');
    }
  g_string_append (pr->out, "\n\n");
}

static void
print_section (Printer    *pr,
               const char *title,
               HtCostType  type,
               GPtrArray  *groups)
{
  g_string_append_printf (pr->out, "%s\n", title);
  pr->type = type;
  if (pr->options->merge_backtraces)
    print_merged_section (pr, groups);
  else
    print_unmerged_section (pr);
}

static char *
rate (gint64  count,
      guint64 runtime)
{
  /* heaptrack divides by seconds; a runtime of 0 (diffs) counts as 1 s */
  if (runtime == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, count);
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) (count * 1000.0 / runtime));
}

/**
 * ht_report_summary:
 * @options: (nullable): with live_at, the last line is the memory live at
 *   the window's end
 */
void
ht_report_summary (HtAnalysis            *analysis,
                   const HtReportOptions *options,
                   gboolean               precision_set,
                   GString               *out)
{
  g_autofree char *calls_rate = rate (analysis->total.allocations, analysis->runtime);
  g_autofree char *temp_rate = rate (analysis->total.temporary, analysis->runtime);
  g_autofree char *peak = ht_format_bytes (analysis->total.peak);
  g_autofree char *rss = ht_format_bytes (ht_analysis_get_peak_rss (analysis));
  g_autofree char *leaked = ht_format_bytes (analysis->total.leaked);

  g_string_append_printf (out, "total runtime: %.*fs.\n", precision_set ? 2 : 6,
                          analysis->runtime / 1000.0);
  g_string_append_printf (out, "calls to allocation functions: %" G_GINT64_FORMAT " (%s/s)\n",
                          analysis->total.allocations, calls_rate);
  g_string_append_printf (out, "temporary memory allocations: %" G_GINT64_FORMAT " (%s/s)\n",
                          analysis->total.temporary, temp_rate);
  g_string_append_printf (out, "peak heap memory consumption: %s\n", peak);
  g_string_append_printf (out, "peak RSS (including heaptrack overhead): %s\n", rss);
  if (options != NULL && options->live_at)
    g_string_append_printf (out, "memory live at %" G_GUINT64_FORMAT "ms: %s\n", analysis->max_time,
                            leaked);
  else if (analysis->windowed)
    g_string_append_printf (out, "memory consumption delta: %s\n", leaked);
  else
    g_string_append_printf (out, "total memory leaked: %s\n", leaked);
  if (analysis->suppressed != 0)
    {
      g_autofree char *suppressed = ht_format_bytes (analysis->suppressed);
      g_string_append_printf (out, "suppressed leaks: %s\n", suppressed);
    }
}

static void
print_suppressions (HtAnalysis *analysis,
                    GString    *out)
{
  gboolean header = FALSE;

  for (guint i = 0; i < analysis->suppressions->len; i++)
    {
      HtSuppression *supp = g_ptr_array_index (analysis->suppressions, i);
      g_autofree char *leaked = NULL;

      if (supp->matches == 0)
        continue;
      if (!header)
        g_string_append (out, "Suppressions used:\n         matches           leaked pattern\n");
      header = TRUE;
      leaked = ht_format_bytes_wide (supp->leaked, 16);
      g_string_append_printf (out, "%16" G_GUINT64_FORMAT " %s %s\n", supp->matches, leaked,
                              supp->pattern);
    }
}

/**
 * ht_report_print:
 *
 * The sections and the closing summary of heaptrack_print, laid out alike so
 * that scripts parsing them keep working.
 */
void
ht_report_print (HtAnalysis            *analysis,
                 const HtReportOptions *options,
                 GString               *out)
{
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, options->filter_bt_function);
  Printer pr = { analysis, options, out, HT_COST_ALLOCATIONS, FALSE };

  if (options->print_allocators)
    print_section (&pr, "MOST CALLS TO ALLOCATION FUNCTIONS", HT_COST_ALLOCATIONS, groups);
  if (options->print_peaks)
    print_section (&pr, "PEAK MEMORY CONSUMERS", HT_COST_PEAK, groups);
  if (options->print_leaks)
    {
      g_autofree char *title = NULL;

      if (options->live_at)
        title = g_strdup_printf ("MEMORY LIVE AT %" G_GUINT64_FORMAT "ms", analysis->max_time);
      else
        title = g_strdup (analysis->windowed ? "MEMORY CONSUMPTION DELTA" : "MEMORY LEAKS");
      print_section (&pr, title, HT_COST_LEAKED, groups);
    }
  if (options->print_temporary)
    print_section (&pr, "MOST TEMPORARY ALLOCATIONS", HT_COST_TEMPORARY, groups);

  ht_report_summary (analysis, options, pr.precision_set, out);
  if (options->print_suppressions)
    print_suppressions (analysis, out);
}

static void
append_folded_ip (HtAnalysis *analysis,
                  guint32     ip_index,
                  gboolean    shorten,
                  GPtrArray  *frames)
{
  HtTraceData *data = analysis->data;
  const HtIp *ip = ht_trace_data_ip (data, ip_index);
  g_autofree char *name = function_name (analysis, ip->frame.function, shorten);
  GString *frame = g_string_new (NULL);

  if (name != NULL)
    g_string_append (frame, name);
  else
    g_string_append_printf (frame, "0x%" G_GINT64_MODIFIER "x", ip->address);
  if (ip->frame.file != 0)
    {
      g_autofree char *base = g_path_get_basename (string_or_null (analysis, ip->frame.file));
      g_string_append_printf (frame, " (%s)", base);
    }
  g_ptr_array_add (frames, g_string_free (frame, FALSE));

  for (guint k = 0; k < ip->n_inlined; k++)
    {
      const HtFrame *f = ht_trace_data_inlined (data, ip, k);
      g_autofree char *inlined = function_name (analysis, f->function, shorten);

      frame = g_string_new (inlined != NULL ? inlined : "??");
      if (f->file != 0)
        {
          g_autofree char *base = g_path_get_basename (string_or_null (analysis, f->file));
          g_string_append_printf (frame, " (%s)", base);
        }
      g_ptr_array_add (frames, g_string_free (frame, FALSE));
    }
}

/**
 * ht_report_folded:
 *
 * Folded stacks for flamegraph.pl, one line per site, root first
 * (docs/figures.md §12).
 */
void
ht_report_folded (HtAnalysis *analysis,
                  HtCostType  type,
                  gboolean    shorten_templates,
                  const char *filter_bt_function,
                  GString    *out)
{
  HtTraceData *data = analysis->data;

  for (guint s = 0; s < analysis->sites->len; s++)
    {
      const HtSite *site = ht_analysis_site (analysis, s);
      g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      guint32 trace = site->trace;

      if (!ht_site_passes_filter (analysis, s, filter_bt_function))
        continue;

      /* collect per IP (its own frame, then its inlined ones), leaf first */
      while (trace != 0)
        {
          const HtTraceNode *node = ht_trace_data_trace (data, trace);
          GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);

          append_folded_ip (analysis, node->ip, shorten_templates, frames);
          g_ptr_array_add (levels, frames);
          if (ht_trace_data_is_stop_ip (data, node->ip))
            break;
          trace = node->parent;
        }

      if (levels->len == 0)
        g_string_append (out, "??;");
      for (guint l = levels->len; l-- > 0;)
        {
          GPtrArray *frames = g_ptr_array_index (levels, l);

          for (guint f = 0; f < frames->len; f++)
            g_string_append_printf (out, "%s;", (char *) g_ptr_array_index (frames, f));
        }
      g_string_append_printf (out, " %" G_GINT64_FORMAT "\n", ht_cost_get (&site->cost, type));
    }
}

void
ht_report_histogram (HtAnalysis *analysis,
                     GString    *out)
{
  g_autoptr(GArray) histogram = ht_analysis_get_size_histogram (analysis);

  for (guint i = 0; i < histogram->len; i++)
    {
      const HtSizeCount *e = &g_array_index (histogram, HtSizeCount, i);
      g_string_append_printf (out, "%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n", e->size, e->count);
    }
}

/* @str as a JSON string, or null */
void
ht_json_append_string (GString    *out,
                       const char *str)
{
  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The four costs as JSON members, the report's names (docs/figures.md §17) */
void
ht_json_append_cost (GString      *out,
                     const HtCost *cost)
{
  g_string_append_printf (out, "\"calls\": %" G_GINT64_FORMAT ", \"temporary\": %" G_GINT64_FORMAT
                          ", \"peak\": %" G_GINT64_FORMAT ", \"leaked\": %" G_GINT64_FORMAT,
                          cost->allocations, cost->temporary, cost->peak, cost->leaked);
}

static void
json_location (GString    *out,
               HtAnalysis *analysis,
               guint32     function,
               guint32     file,
               guint32     line,
               guint32     module,
               gboolean    shorten)
{
  g_autofree char *name = function_name (analysis, function, shorten);

  g_string_append (out, "\"function\": ");
  ht_json_append_string (out, name);
  g_string_append (out, ", \"file\": ");
  ht_json_append_string (out, string_or_null (analysis, file));
  g_string_append_printf (out, ", \"line\": %u, \"module\": ", line);
  ht_json_append_string (out, string_or_null (analysis, module));
}

static int
compare_by_peak_then_calls (const HtCost *x,
                            const HtCost *y)
{
  if (ht_bytes_magnitude (x->peak) != ht_bytes_magnitude (y->peak))
    return ht_bytes_magnitude (x->peak) > ht_bytes_magnitude (y->peak) ? -1 : 1;
  return x->allocations > y->allocations ? -1 : x->allocations < y->allocations;
}

static int
compare_groups_json (gconstpointer a,
                     gconstpointer b)
{
  return compare_by_peak_then_calls (&(*(HtLeafGroup **) a)->cost, &(*(HtLeafGroup **) b)->cost);
}

static int
compare_sites_json (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  HtAnalysis *analysis = user_data;

  return compare_by_peak_then_calls (&ht_analysis_site (analysis, *(guint *) a)->cost,
                                     &ht_analysis_site (analysis, *(guint *) b)->cost);
}

/* "window": the time window of the figures (docs/figures.md §17); null for
 * an open end, at_ms for the heap at an instant */
static void
json_window (GString               *out,
             HtAnalysis            *analysis,
             const HtReportOptions *options)
{
  g_string_append_printf (out, "  \"window\": {\"from_ms\": %" G_GUINT64_FORMAT ", \"to_ms\": ",
                          analysis->min_time);
  if (analysis->max_time == G_MAXUINT64)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, analysis->max_time);
  g_string_append (out, ", \"at_ms\": ");
  if (options->live_at)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, analysis->max_time);
  else
    g_string_append (out, "null");
  g_string_append (out, "},\n");
}

/**
 * ht_report_json:
 * @limit: how many sites to list (0: all)
 *
 * The analysis as one JSON object: summary, leaf functions and top sites.
 */
void
ht_report_json (HtAnalysis *analysis,
                guint       limit,
                gboolean    shorten_templates,
                GString    *out)
{
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;

  options.peak_limit = limit;
  options.shorten_templates = shorten_templates;
  ht_report_json_with_options (analysis, &options, out);
}

/**
 * ht_report_json_with_options:
 *
 * The same, listing @options->peak_limit sites (0: all), with its
 * template shortening and its live_at.
 */
void
ht_report_json_with_options (HtAnalysis            *analysis,
                             const HtReportOptions *options,
                             GString               *out)
{
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  HtTraceData *data = analysis->data;
  guint limit = options->peak_limit;
  gboolean shorten_templates = options->shorten_templates;

  g_string_append_printf (out, "{\n  \"file_format_version\": %u,\n  \"debuggee\": ",
                          data->format_version);
  ht_json_append_string (out, data->debuggee);
  g_string_append_printf (out, ",\n  \"attached\": %s,\n  \"truncated\": %s,\n",
                          data->attached ? "true" : "false", analysis->truncated ? "true" : "false");
  json_window (out, analysis, options);
  g_string_append_printf (out,
                          "  \"summary\": {\"calls\": %" G_GINT64_FORMAT ", \"temporary\": %" G_GINT64_FORMAT
                          ", \"peak\": %" G_GINT64_FORMAT ", \"peak_time_ms\": %" G_GUINT64_FORMAT
                          ", \"peak_rss\": %" G_GUINT64_FORMAT ", \"leaked\": %" G_GINT64_FORMAT
                          ", \"suppressed\": %" G_GINT64_FORMAT ", \"runtime_ms\": %" G_GUINT64_FORMAT
                          ", \"heaptrack_extra_temporary\": %" G_GINT64_FORMAT "},\n",
                          analysis->total.allocations, analysis->total.temporary, analysis->total.peak,
                          analysis->peak_time, ht_analysis_get_peak_rss (analysis), analysis->total.leaked,
                          analysis->suppressed, analysis->runtime, analysis->heaptrack_extra_temporary);

  g_ptr_array_sort (groups, compare_groups_json);
  g_string_append (out, "  \"functions\": [");
  for (guint g = 0; g < groups->len; g++)
    {
      HtLeafGroup *group = g_ptr_array_index (groups, g);
      const HtIp *ip = ht_trace_data_ip (data, group->leaf_ip);

      g_string_append (out, g == 0 ? "\n    {" : ",\n    {");
      json_location (out, analysis, ip->frame.function, ip->frame.file, ip->frame.line, ip->module,
                     shorten_templates);
      g_string_append (out, ", ");
      ht_json_append_cost (out, &group->cost);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n  ],\n  \"sites\": [");

  for (guint s = 0; s < analysis->sites->len; s++)
    g_array_append_val (order, s);
  g_array_sort_with_data (order, compare_sites_json, analysis);
  for (guint i = 0; i < order->len && (limit == 0 || i < limit); i++)
    {
      const HtSite *site = ht_analysis_site (analysis, g_array_index (order, guint, i));
      guint32 trace = site->trace;
      gboolean first = TRUE;

      g_string_append (out, i == 0 ? "\n    {" : ",\n    {");
      ht_json_append_cost (out, &site->cost);
      g_string_append (out, ", \"stack\": [");
      while (trace != 0)
        {
          const HtTraceNode *node = ht_trace_data_trace (data, trace);
          const HtIp *ip = ht_trace_data_ip (data, node->ip);

          g_string_append (out, first ? "\n      {" : ",\n      {");
          first = FALSE;
          g_string_append_printf (out, "\"address\": \"0x%" G_GINT64_MODIFIER "x\", ", ip->address);
          json_location (out, analysis, ip->frame.function, ip->frame.file, ip->frame.line,
                         ip->module, shorten_templates);
          g_string_append (out, ", \"inlined\": [");
          for (guint k = 0; k < ip->n_inlined; k++)
            {
              const HtFrame *f = ht_trace_data_inlined (data, ip, k);

              g_string_append (out, k == 0 ? "{" : ", {");
              json_location (out, analysis, f->function, f->file, f->line, ip->module,
                             shorten_templates);
              g_string_append_c (out, '}');
            }
          g_string_append (out, "]}");
          if (ht_trace_data_is_stop_ip (data, node->ip))
            break;
          trace = node->parent;
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n  ]\n}\n");
}
