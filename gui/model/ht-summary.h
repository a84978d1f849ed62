/* ht-summary.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ht-analysis.h"

G_BEGIN_DECLS

/* One line of the summary page: what, how much, and the exact figure. */
typedef struct
{
  char *label;
  char *value;
  char *tooltip;
} HtSummaryLine;

char      *ht_format_size    (gint64      bytes);
char      *ht_format_count   (gint64      count);
GPtrArray  *ht_summary_lines      (HtAnalysis *analysis);
const char *ht_summary_empty_text (HtAnalysis *analysis);
const char *ht_summary_leaked_title (HtAnalysis *analysis);

G_END_DECLS
