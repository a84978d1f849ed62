/* ht-record-report.c: what heaptrack-gtk-record says once a recording ends
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which traces were written and which failed, each trace's totals read
 * back with the model library (the symbolizer runs with -q: the totals
 * are the ones heaptrack-gtk shows), how to open, print or symbolize the
 * trace, and the GUI step: on a desktop a single trace opens in
 * heaptrack-gtk, as heaptrack does. Kept apart from the recording itself,
 * which the report only reads.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ht-analysis.h"
#include "ht-record-private.h"

static char *
format_bytes (gint64 bytes)
{
  g_autofree char *human = g_format_size (ht_bytes_magnitude (bytes));

  if (bytes < 1000 && bytes > -1000)
    return g_strdup_printf ("%" G_GINT64_FORMAT " B", bytes);
  return g_strdup_printf ("%" G_GINT64_FORMAT " B (%s%s)", bytes, bytes < 0 ? "-" : "", human);
}

/* @text as lines of at most 78 columns, each after @indent */
static void
print_wrapped (const char *indent,
               const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (indent);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (line->len > strlen (indent) && line->len + 1 + strlen (words[i]) > 78)
        {
          g_printerr ("%s\n", line->str);
          g_string_assign (line, indent);
        }
      else if (line->len > strlen (indent))
        g_string_append_c (line, ' ');
      g_string_append (line, words[i]);
    }
  g_printerr ("%s\n", line->str);
}

/* The trace's totals as heaptrack-gtk shows them, and what it lacks, as
 * the symbolizer computed them while it wrote the trace. */
void
_ht_record_print_totals (const HtSymbolizerStatus *status)
{
  g_autofree char *peak = NULL;
  g_autofree char *leaked = NULL;

  if (!status->have_totals)
    return;
  peak = format_bytes (status->peak);
  leaked = format_bytes (status->leaked);
  g_printerr ("  calls to allocation functions: %" G_GINT64_FORMAT
              " (temporary: %" G_GINT64_FORMAT ")\n"
              "  peak heap memory consumption:  %s\n"
              "  memory leaked:                 %s\n",
              status->calls, status->temporary, peak, leaked);
  for (guint i = 0; status->notes != NULL && i < status->notes->len; i++)
    print_wrapped ("  ", g_ptr_array_index (status->notes, i));
}

/* As heaptrack does: on a desktop, the trace opens in the application
 * (a running instance takes it); its failures do not concern the exit
 * status. */
void
_ht_record_open_in_gui (const char *output)
{
  g_autofree char *gui = g_find_program_in_path ("heaptrack-gtk");
  const char *argv[] = { gui, output, NULL };
  g_autoptr(GError) error = NULL;

  if (gui == NULL || (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL))
    return;
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
    _ht_record_complain ("cannot open %s in heaptrack-gtk: %s", output, error->message);
}

/* That the recording of @r failed, and why: its symbolizer stopped. The
 * report's words, and the `failed` status line's. */
char *
_ht_record_failure (const HtRecording *r)
{
  if (WIFSIGNALED (r->wait_status))
    {
      int sig = WTERMSIG (r->wait_status);

      return g_strdup_printf ("recording process %d failed: its symbolizer was killed by signal "
                              "%d (%s)%s", (int) r->traced, sig, g_strsignal (sig),
                              sig == SIGKILL ? ": the kernel kills so when memory runs out" : "");
    }
  return g_strdup_printf ("recording process %d failed: its symbolizer stopped with an error "
                          "(exit status %d, its message above)", (int) r->traced,
                          WEXITSTATUS (r->wait_status));
}

/* A recording whose symbolizer failed: the cause, and what the trace
 * holds, which stays (written in place, flushed every eighth of a second) */
static void
report_failure (HtRecordSession   *session,
                const HtRecording *r)
{
  g_autofree char *failure = _ht_record_failure (r);
  const char *path = r->status.output;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;

  /* the `failed` status line said so when the symbolizer stopped */
  _ht_record_complain ("%s", failure);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      _ht_record_complain ("no trace was written for it");
      return;
    }
  analysis = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);
  if (analysis == NULL)
    {
      _ht_record_complain ("%s holds nothing readable: %s", path, error->message);
      return;
    }
  if (session->program_start != 0 && session->program_end > session->program_start)
    _ht_record_complain ("what was recorded until then is in %s: the events of its first %.2f s, "
                      "of the %.2f s the program ran", path, analysis->runtime / 1000.0,
                      (session->program_end - session->program_start) / (double) G_USEC_PER_SEC);
  else
    _ht_record_complain ("what was recorded until then is in %s: the events of its first %.2f s",
                      path, analysis->runtime / 1000.0);
}

/* The recording the user came for: the last program the process we
 * started (or attached to) became; NULL if none was written. */
static HtRecording *
primary_recording (HtRecordSession *session)
{
  HtRecording *found = NULL;

  for (guint i = 0; i < session->recordings->len; i++)
    {
      HtRecording *r = g_ptr_array_index (session->recordings, i);

      if (r->ok && (r->traced == session->program_pid || session->program_pid == 0))
        found = r;
    }
  return found;
}

static void
report_written (HtRecording *r,
                const char  *what)
{
  if (_ht_record_options.quiet)
    return;
  g_printerr (PROGRAM_NAME ": %s %d written to %s\n", what, (int) r->traced, r->written);
  if (!_ht_record_options.raw)
    _ht_record_print_totals (&r->status);
}

/* Reports every trace, the last program the process became first, then
 * its earlier programs (a wrapper script that exec'ed it), then followed
 * children; FALSE if one of them failed. */
gboolean
_ht_record_report (HtRecordSession *session)
{
  HtRecording *primary = primary_recording (session);
  gboolean all_ok = TRUE;

  if (primary != NULL)
    report_written (primary, "trace of process");
  for (guint i = 0; primary != NULL && i < session->recordings->len; i++)
    {
      HtRecording *r = g_ptr_array_index (session->recordings, i);

      if (r == primary || !r->ok || r->traced != primary->traced || _ht_record_options.quiet)
        continue;
      g_printerr (PROGRAM_NAME ": before, process %d ran another program: its trace is %s\n",
                  (int) r->traced, r->written);
    }
  for (guint i = 0; i < session->recordings->len; i++)
    {
      HtRecording *r = g_ptr_array_index (session->recordings, i);

      if (!r->done)
        {
          _ht_record_note ("process %d is still running; its trace is written when it ends",
                           (int) r->traced);
          continue;
        }
      if (!r->ok)
        {
          report_failure (session, r);
          all_ok = FALSE;
          continue;
        }
      if (primary == NULL || r->traced != primary->traced)
        report_written (r, "trace of process");
    }

  if (primary != NULL && !_ht_record_options.quiet)
    {
      if (_ht_record_options.raw)
        g_printerr ("Symbolize it with: " PROGRAM_NAME " --symbolize %s\n", primary->written);
      else
        g_printerr ("Open it with: heaptrack-gtk %s\n"
                    "or print it with: heaptrack-gtk-print %s\n", primary->written, primary->written);
    }
  if (primary != NULL && !_ht_record_options.raw && !_ht_record_options.record_only)
    _ht_record_open_in_gui (primary->written);
  return all_ok;
}
