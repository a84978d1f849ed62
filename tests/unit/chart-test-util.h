/* chart-test-util.h: a trace for the charts' tests, whose live set is known at each moment
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts read their trace twice (ht_replay), so the text goes into a
 * temporary file.
 */

#pragma once

#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-chart.h"
#include "test-util.h"

/* strings m, alloc, main; location "alloc" (info 0, 16 bytes) and location
 * "main" (info 1, 32 bytes, and info 2, 16 bytes); 4 KiB pages */
#define CHART_HEADER \
  "v 10400 3\n" \
  "I 1000 100000\n" \
  "s 1 m\n" \
  "s 5 alloc\n" \
  "s 4 main\n" \
  "i 10 1 2\n" \
  "t 1 0\n" \
  "i 20 1 3\n" \
  "t 2 0\n" \
  "a 10 1\n" \
  "a 20 2\n" \
  "a 10 2\n"

/* Live bytes at each moment, worked out by hand:
 *   time 0: alloc 16                     live 16
 *   time 1: main +32 -32 +32             live 48 (one temporary)
 *   time 2: main +16, alloc +16, main -16, alloc -16: highest 80, live 48
 *   time 3: resident 16 pages
 *   time 4: alloc -16                    live 32 at the end (runtime 5) */
#define CHART_TRACE \
  CHART_HEADER \
  "+ 0\n" \
  "c 1\n" \
  "+ 1\n- 1\n+ 1\n" \
  "c 2\n" \
  "+ 2\n+ 0\n- 2\n- 0\n" \
  "c 3\n" \
  "R 10\n" \
  "c 4\n" \
  "- 0\n"

typedef struct
{
  char       *path;
  HtAnalysis *analysis;
} Trace;

static inline void
trace_open (Trace      *trace,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("test-chart-XXXXXX.trace", &trace->path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (trace->path, text, -1, &error));
  trace->analysis = ht_analysis_load (trace->path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static inline void
trace_close (Trace *trace)
{
  g_unlink (trace->path);
  g_free (trace->path);
  ht_analysis_free (trace->analysis);
}


/* a chart of @type with its 5 top locations */
static inline HtChart *
trace_chart (Trace      *trace,
             HtCostType  type)
{
  g_autoptr(GError) error = NULL;
  HtChart *self = ht_chart_new (trace->analysis, trace->path, type, 5, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}
