/* ht-diff-report.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ht-diff.h"

G_BEGIN_DECLS

/* One limit of the regression gate (docs/figures.md §21.4) */
typedef struct
{
  HtDiffFigure figure;
  gboolean     percent;  /* a percentage of the base, or an absolute growth */
  double       limit;
} HtDiffLimit;

void     ht_diff_report_print    (HtDiff       *diff,
                                  const char   *base_name,
                                  const char   *new_name,
                                  guint         limit,
                                  GString      *out);
void     ht_diff_report_json     (HtDiff       *diff,
                                  const char   *base_name,
                                  const char   *new_name,
                                  guint         limit,
                                  GString      *out);
void     ht_diff_report_markdown (HtDiff       *diff,
                                  const char   *base_name,
                                  const char   *new_name,
                                  guint         limit,
                                  GString      *out);
gboolean ht_diff_parse_limits    (const char   *spec,
                                  GArray       *limits,
                                  GError      **error);
gboolean ht_diff_check           (HtDiff       *diff,
                                  GArray       *limits,
                                  gboolean      no_new_leaks,
                                  GString      *broken,
                                  GError      **error);

G_END_DECLS
