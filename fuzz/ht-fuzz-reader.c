/* ht-fuzz-reader.c: libFuzzer target for the trace reader, analysis and reports
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is read as a whole trace file (plain, gzip or zstd). It must
 * either load or fail with an error that names the input; a loaded analysis
 * is then put through every text report. AddressSanitizer, LeakSanitizer and
 * UndefinedBehaviorSanitizer catch the rest. tests/unit/test-corpus.c replays
 * the saved corpus (fuzz/corpus/) with the same checks.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ht-analysis.h"
#include "ht-fuzz.h"
#include "ht-report.h"
#include "ht-trace-reader.h"

#define INPUT_NAME "fuzz-input"

/* about a second of ht_report_folded () under AddressSanitizer */
#define MAX_FOLDED_FRAMES 200000

/* The frames a folded report writes: every site with its whole stack
 * (docs/figures.md §12), so a few thousand sites on a deep chain of trace
 * nodes make tens of megabytes, by design. Counted without writing them,
 * up to MAX_FOLDED_FRAMES. */
static guint64
count_folded_frames (HtAnalysis *analysis)
{
  HtTraceData *data = analysis->data;
  guint64 frames = 0;

  for (guint s = 0; s < analysis->sites->len && frames < MAX_FOLDED_FRAMES; s++)
    {
      guint32 trace = ht_analysis_site (analysis, s)->trace;

      while (trace != 0)
        {
          const HtTraceNode *node = ht_trace_data_trace (data, trace);

          frames += 1 + ht_trace_data_ip (data, node->ip)->n_inlined;
          if (ht_trace_data_is_stop_ip (data, node->ip))
            break;
          trace = node->parent;
        }
    }
  return frames;
}

static void
run_reports (HtAnalysis *analysis)
{
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  ht_report_print (analysis, &options, out);
  if (strstr (out->str, "total runtime:") == NULL)
    abort ();

  /* the other sections, and the backtraces one by one */
  options.print_leaks = TRUE;
  options.print_suppressions = TRUE;
  options.merge_backtraces = FALSE;
  options.shorten_templates = FALSE;
  g_string_truncate (out, 0);
  ht_report_print (analysis, &options, out);

  /* the cost type only changes the number at the end of each line; skip
   * outputs that are huge by design, so that a timeout means a bug */
  if (count_folded_frames (analysis) < MAX_FOLDED_FRAMES)
    {
      g_string_truncate (out, 0);
      ht_report_folded (analysis, HT_COST_LEAKED, TRUE, NULL, out);
    }

  /* as many sites as heaptrack-gtk-print --json lists by default */
  g_string_truncate (out, 0);
  ht_report_json (analysis, options.peak_limit, TRUE, out);
  g_string_truncate (out, 0);
  ht_report_histogram (analysis, out);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(HtTraceReader) reader = ht_trace_reader_new_for_bytes (bytes, INPUT_NAME);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;

  analysis = ht_analysis_load_reader (reader, NULL, NULL, NULL, NULL, &error);

  /* exactly one of the two, and an error says which file it is about */
  if ((analysis == NULL) == (error == NULL))
    abort ();
  if (error != NULL && strstr (error->message, INPUT_NAME) == NULL)
    abort ();

  if (analysis != NULL)
    run_reports (analysis);
  return 0;
}
