/* ht-report.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ht-analysis.h"

G_BEGIN_DECLS

typedef enum
{
  HT_COST_ALLOCATIONS,
  HT_COST_TEMPORARY,
  HT_COST_PEAK,
  HT_COST_LEAKED,
} HtCostType;

/* As a GEnum, for properties; the nicks are the names ht_cost_type_from_string () reads */
#define HT_TYPE_COST_TYPE (ht_cost_type_get_type ())
GType ht_cost_type_get_type (void) G_GNUC_CONST;

typedef struct
{
  gboolean    shorten_templates;
  gboolean    merge_backtraces;
  gboolean    print_allocators;
  gboolean    print_peaks;
  gboolean    print_leaks;
  gboolean    print_temporary;
  gboolean    print_suppressions;
  guint       peak_limit;
  guint       sub_peak_limit;
  guint64     min_cost;
  const char *filter_bt_function;
  /* the heap at the end of the analysis's window (heaptrack-gtk-print --at,
   * docs/figures.md §14.1): the analysis covers [0, T) with nothing
   * suppressed, and its leaked figures are what was live at T */
  gboolean    live_at;
} HtReportOptions;

#define HT_REPORT_OPTIONS_INIT { TRUE, TRUE, TRUE, TRUE, FALSE, TRUE, FALSE, 10, 5, 0, NULL, FALSE }

/* A group of sites sharing their leaf location (module, function, file, line). */
typedef struct
{
  guint32  leaf_ip;     /* the IP of the group's first site */
  HtCost   cost;
  GArray  *sites;       /* guint: site indices */
} HtLeafGroup;

char      *ht_format_bytes          (gint64                 bytes);
char      *ht_format_bytes_wide     (gint64                 bytes,
                                     int                    width);
char      *ht_shorten_template      (const char            *name);
gint64     ht_cost_get              (const HtCost          *cost,
                                     HtCostType             type);
gboolean   ht_cost_type_from_string (const char            *name,
                                     HtCostType            *type);
gboolean   ht_site_passes_filter    (HtAnalysis            *analysis,
                                     guint                  site,
                                     const char            *function);
GPtrArray *ht_report_group_by_leaf  (HtAnalysis            *analysis,
                                     const char            *filter_bt_function);
void       ht_leaf_groups_sort      (GPtrArray             *groups,
                                     HtCostType             type);
void       ht_json_append_string    (GString               *out,
                                     const char            *str);
void       ht_json_append_cost      (GString               *out,
                                     const HtCost          *cost);
void       ht_report_print          (HtAnalysis            *analysis,
                                     const HtReportOptions *options,
                                     GString               *out);
void       ht_report_summary        (HtAnalysis            *analysis,
                                     const HtReportOptions *options,
                                     gboolean               precision_set,
                                     GString               *out);
void       ht_report_folded         (HtAnalysis            *analysis,
                                     HtCostType             type,
                                     gboolean               shorten_templates,
                                     const char            *filter_bt_function,
                                     GString               *out);
void       ht_report_histogram      (HtAnalysis            *analysis,
                                     GString               *out);
void       ht_report_json           (HtAnalysis            *analysis,
                                     guint                  limit,
                                     gboolean               shorten_templates,
                                     GString               *out);
void       ht_report_json_with_options (HtAnalysis            *analysis,
                                        const HtReportOptions *options,
                                        GString               *out);

G_END_DECLS
