/* ht-diagnosis.c: what a trace lacks, said plainly
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two things users meet in their first hour and cannot tell from the
 * figures alone: stacks full of bare addresses, because a library has no
 * symbols here, and a program that records almost nothing, because its
 * allocator does not go through malloc (jemalloc, mimalloc or tcmalloc
 * linked in under their own names, a runtime that maps its own memory).
 * The launcher's totals and the application's summary say both.
 */

#define G_LOG_DOMAIN "ht-diagnosis"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-diagnosis.h"

/* Below this, the rest of RSS is code, stacks and the like of any program */
#define BYPASS_MIN_BYTES (64 * 1024 * 1024)

static void
unsymbolized_module_free (gpointer data)
{
  HtUnsymbolizedModule *m = data;

  g_free (m->module);
  g_free (m);
}

static int
by_allocations (gconstpointer a,
                gconstpointer b)
{
  const HtUnsymbolizedModule *x = *(HtUnsymbolizedModule * const *) a;
  const HtUnsymbolizedModule *y = *(HtUnsymbolizedModule * const *) b;

  if (x->allocations != y->allocations)
    return x->allocations > y->allocations ? -1 : 1;
  return g_strcmp0 (x->module, y->module);
}

/**
 * ht_diagnosis_unsymbolized_modules:
 *
 * Returns: (transfer container): the modules with frames that have no
 * function name on the stacks of at least 1 % of the allocation calls
 * (a stray frame of libc's start-up is no reason to install anything),
 * those on the stacks of the most calls first
 */
GPtrArray *
ht_diagnosis_unsymbolized_modules (HtAnalysis *analysis)
{
  HtTraceData *data = analysis->data;
  g_autoptr(GHashTable) by_module = g_hash_table_new (NULL, NULL);  /* string index → module */
  g_autofree guint32 *counted_for = g_new0 (guint32, data->strings->len);  /* site + 1 */
  GPtrArray *modules = g_ptr_array_new_with_free_func (unsymbolized_module_free);

  for (guint i = 1; i < data->ips->len; i++)
    {
      const HtIp *ip = ht_trace_data_ip (data, i);
      HtUnsymbolizedModule *m;

      if (ip->frame.function != 0 || ip->module == 0 || ip->module >= data->strings->len)
        continue;
      m = g_hash_table_lookup (by_module, GUINT_TO_POINTER (ip->module));
      if (m == NULL)
        {
          m = g_new0 (HtUnsymbolizedModule, 1);
          m->module = g_strdup (ht_trace_data_get_string (data, ip->module));
          g_hash_table_insert (by_module, GUINT_TO_POINTER (ip->module), m);
          g_ptr_array_add (modules, m);
        }
      m->n_frames++;
    }
  if (modules->len == 0)
    return modules;

  /* a site counts once per module, however often its stack passes through */
  for (guint s = 0; s < analysis->sites->len; s++)
    {
      const HtSite *site = ht_analysis_site (analysis, s);
      guint32 trace = site->trace;

      for (guint depth = 0; trace != 0 && trace < data->traces->len && depth < data->traces->len; depth++)
        {
          const HtTraceNode *node = ht_trace_data_trace (data, trace);
          const HtIp *ip = node->ip < data->ips->len ? ht_trace_data_ip (data, node->ip) : NULL;

          if (ip != NULL && ip->frame.function == 0 && ip->module != 0
              && ip->module < data->strings->len && counted_for[ip->module] != s + 1)
            {
              HtUnsymbolizedModule *m = g_hash_table_lookup (by_module, GUINT_TO_POINTER (ip->module));

              counted_for[ip->module] = s + 1;
              m->allocations += site->cost.allocations;
            }
          trace = node->parent;
        }
    }
  g_ptr_array_sort (modules, by_allocations);
  while (modules->len > 0)
    {
      HtUnsymbolizedModule *last = g_ptr_array_index (modules, modules->len - 1);

      if (last->allocations * 100 >= analysis->total.allocations && last->allocations > 0)
        break;
      g_ptr_array_remove_index (modules, modules->len - 1);
    }
  return modules;
}

/**
 * ht_diagnosis_symbols_advice:
 * @modules: (element-type HtUnsymbolizedModule): from ht_diagnosis_unsymbolized_modules ()
 * @max_named: how many modules to name
 *
 * Returns: (nullable): which modules lack symbols and how to get them, or
 * %NULL when none do
 */
char *
ht_diagnosis_symbols_advice (GPtrArray *modules,
                             guint      max_named)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *list = NULL;
  g_autofree char *what = NULL;
  guint n = modules->len;

  if (n == 0)
    return NULL;
  for (guint i = 0; i < n && i < max_named; i++)
    {
      const HtUnsymbolizedModule *m = g_ptr_array_index (modules, i);
      g_autofree char *base = g_path_get_basename (m->module);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", base);
    }
  if (n > max_named)
    /* Translators: a list of file names, then how many more there are */
    list = g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", n - max_named),
                            names->str, n - max_named);
  else
    list = g_strdup (names->str);
  what = g_strdup_printf (ngettext ("%u module has frames without symbols: %s.",
                                    "%u modules have frames without symbols: %s.", n), n, list);
  return g_strconcat (what, " ",
                      ngettext ("To see its functions, install its debug symbols (on Debian, the "
                                "-dbgsym packages from the debian-debug archive that "
                                "find-dbgsym-packages, from debian-goodies, names for a program or "
                                "a running process) and record again, or record with -r and "
                                "symbolize later with --debug-paths.",
                                "To see their functions, install their debug symbols (on Debian, "
                                "the -dbgsym packages from the debian-debug archive that "
                                "find-dbgsym-packages, from debian-goodies, names for a program or "
                                "a running process) and record again, or record with -r and "
                                "symbolize later with --debug-paths.", n),
                      NULL);
}

/**
 * ht_diagnosis_allocator_bypassed:
 *
 * Returns: (nullable): why the program's memory seems not to come from
 * malloc & co., or %NULL when it does: the peak RSS exceeds the peak heap
 * by more than 64 MiB and by more than four times the peak heap
 */
char *
ht_diagnosis_allocator_bypassed (HtAnalysis *analysis)
{
  guint64 rss = ht_analysis_get_peak_rss (analysis);
  guint64 heap = analysis->total.peak > 0 ? (guint64) analysis->total.peak : 0;
  g_autofree char *rss_text = NULL;
  g_autofree char *heap_text = NULL;

  if (rss <= heap || rss - heap <= BYPASS_MIN_BYTES || rss / 4 <= heap)
    return NULL;
  rss_text = g_format_size_full (rss, G_FORMAT_SIZE_IEC_UNITS);
  heap_text = g_format_size_full (heap, G_FORMAT_SIZE_IEC_UNITS);
  return g_strdup_printf (_("Only %s of the peak RSS of %s came from malloc & co.: the program "
                            "may use an allocator that bypasses malloc (jemalloc, mimalloc or "
                            "tcmalloc linked in, or called by their own names) or map memory "
                            "itself. That memory is not in this trace."), heap_text, rss_text);
}
