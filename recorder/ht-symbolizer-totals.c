/* ht-symbolizer-totals.c: the trace's figures, as heaptrack-gtk computes them
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every record the writer writes also goes into tables and an analysis of
 * the model library (gui/model), as a reader of the finished file would
 * fill them: at the end the symbolizer knows the totals heaptrack-gtk and
 * heaptrack-gtk-print show, suppressions applied, and what the trace lacks
 * (docs/figures.md), without reading the trace again. The launcher prints
 * them (--status-fd). The tables go into the model as they are written;
 * the events are only counted on the way (calls, temporary, live, peak,
 * per allocation-info), and the model sees what is live at the end, for
 * the suppressions and the notes.
 */

#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ht-diagnosis.h"
#include "ht-symbolizer-private.h"

void
_ht_totals_start (Symbolizer           *self,
                  const HtStreamHeader *header)
{
  HtTraceData *data = ht_trace_data_new ();

  data->heaptrack_version = MIN (header->version, G_MAXUINT32);
  data->format_version = 3;
  data->page_size = header->page_size;
  data->pages = header->pages;
  data->attached = header->attached;
  self->mirror = data;
  self->feed = ht_analysis_feed_new (data, NULL);
  self->info_counts = g_array_new (FALSE, FALSE, sizeof (InfoCount));
  if (header->attached)
    {
      HtEvent event = { HT_EVENT_ATTACH, 0, 0 };

      ht_analysis_feed_event (self->feed, &event);
    }
}

/* A `s` line's string, @len bytes. */
void
_ht_totals_string (Symbolizer *self,
                   const char *str,
                   gsize       len)
{
  if (self->mirror != NULL)
    ht_trace_data_add_string (self->mirror, str, len);
}

/* An `i` line, as a reader takes it: inlined frames only with a file. */
void
_ht_totals_ip (Symbolizer *self,
               guint64     address,
               guint32     module,
               guint32     function,
               guint32     file,
               guint32     line,
               GArray     *inlined)
{
  HtTraceData *data = self->mirror;
  HtIp ip = { .address = address, .module = module };

  if (data == NULL)
    return;
  ip.frame.function = function;
  ip.inlined_start = data->inlined->len;
  if (file != 0)
    {
      ip.frame.file = file;
      ip.frame.line = line;
      for (guint i = 0; inlined != NULL && i < inlined->len && ip.n_inlined < G_MAXUINT16; i++)
        {
          const guint32 *t = (const guint32 *) (void *) (inlined->data + i * sizeof (guint32) * 3);
          HtFrame frame = { t[0], t[1], t[2] };

          g_array_append_val (data->inlined, frame);
          ip.n_inlined++;
        }
    }
  ht_trace_data_add_ip (data, &ip);
}

void
_ht_totals_record_slow (Symbolizer    *self,
                        char           type,
                        const guint64 *values)
{
  if (type == 'a')
    {
      InfoCount count = { values[0], 0, 0 };

      ht_trace_data_add_info (self->mirror, values[0], (guint32) values[1]);
      g_array_append_val (self->info_counts, count);
    }
  else
    ht_trace_data_add_trace (self->mirror, (guint32) values[0], (guint32) values[1]);
}

/* The analysis of what is live at the end, with the figures counted on
 * the way: the model applies the suppressions to the blocks still live
 * (fed as allocations of their infos, site by site), and the counts of the
 * whole run replace what that replay counted. Feeding the analysis every
 * event took the symbolizer a fifth more time, which the program waits
 * for on a busy machine. */
static HtAnalysis *
finish_analysis (Symbolizer *self)
{
  g_autoptr(GError) error = NULL;
  HtAnalysis *analysis;
  guint infos = self->info_counts->len;

  for (guint i = 0; i < infos; i++)
    {
      const InfoCount *c = &g_array_index (self->info_counts, InfoCount, i);
      HtEvent event = { HT_EVENT_ALLOC, i, 0 };

      for (guint64 n = 0; n < c->live; n++)
        ht_analysis_feed_event (self->feed, &event);
    }
  analysis = ht_analysis_feed_finish (g_steal_pointer (&self->feed), &error);
  self->mirror = NULL;  /* the analysis has it now */
  if (analysis == NULL)
    return NULL;
  for (guint s = 0; s < analysis->sites->len; s++)
    ht_analysis_site (analysis, s)->cost.allocations = 0;
  for (guint i = 0; i < infos; i++)
    {
      const HtAllocInfo *info = &g_array_index (analysis->data->infos, HtAllocInfo, i);

      ht_analysis_site (analysis, info->site)->cost.allocations +=
        g_array_index (self->info_counts, InfoCount, i).calls;
    }
  analysis->total.allocations = self->calls;
  analysis->total.temporary = self->temporary;
  analysis->total.peak = self->peak_bytes;
  analysis->peak_rss_pages = self->peak_rss;
  return analysis;
}

/* Writes @text whole to @fd, a pipe to the launcher; its failure concerns
 * nobody but the launcher, which then prints no totals. */
static void
write_status (int         fd,
              const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gssize n = write (fd, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      text += n;
      len -= (gsize) n;
    }
}

/* The line that names the file being written, the first thing the
 * launcher learns. */
void
_ht_totals_announce (int         status_fd,
                     const char *path)
{
  g_autofree char *line = NULL;

  if (status_fd < 0)
    return;
  line = g_strdup_printf ("output %s\n", path);
  write_status (status_fd, line);
}

/* Ends the analysis; with @status_fd, hands the launcher the totals and
 * the notes of what the trace lacks (a line each). */
void
_ht_totals_finish (Symbolizer *self,
                   int         status_fd,
                   gboolean    print)
{
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) modules = NULL;
  g_autofree char *symbols = NULL;
  g_autofree char *bypassed = NULL;
  g_autoptr(GString) status = g_string_new (NULL);

  if (self->feed == NULL)
    return;
  analysis = finish_analysis (self);
  if (analysis == NULL)
    return;
  if (print)
    g_printerr ("heaptrack-gtk stats:\n"
                "\tallocations:          \t%" G_GINT64_FORMAT "\n"
                "\ttemporary allocations:\t%" G_GINT64_FORMAT "\n"
                "\tpeak heap (bytes):    \t%" G_GINT64_FORMAT "\n"
                "\tleaked (bytes):       \t%" G_GINT64_FORMAT "\n",
                analysis->total.allocations, analysis->total.temporary,
                analysis->total.peak, analysis->total.leaked);
  if (status_fd < 0)
    return;

  modules = ht_diagnosis_unsymbolized_modules (analysis);
  symbols = ht_diagnosis_symbols_advice (modules, 4);
  bypassed = ht_diagnosis_allocator_bypassed (analysis);
  g_string_append_printf (status, "totals %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          " %" G_GINT64_FORMAT "\n",
                          analysis->total.allocations, analysis->total.temporary,
                          analysis->total.peak, analysis->total.leaked);
  if (symbols != NULL)
    g_string_append_printf (status, "note %s\n", symbols);
  if (bypassed != NULL)
    g_string_append_printf (status, "note %s\n", bypassed);
  write_status (status_fd, status->str);
}

void
_ht_totals_clear (Symbolizer *self)
{
  g_clear_pointer (&self->feed, ht_analysis_feed_free);
  self->mirror = NULL;
  g_clear_pointer (&self->info_counts, g_array_unref);
}
