/* ht-trace-follower.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-trace-follower"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-trace-follower.h"

/* A file is opened once it holds this much: enough to tell plain text from
 * gzip and zstd by their first bytes. */
#define MIN_START 4

struct _HtTraceFollower
{
  char           *path;
  HtTraceReader  *reader;   /* NULL until the file holds MIN_START bytes */
  HtAnalysisFeed *feed;     /* on the reader's data */
  guint64         line;     /* the reader's line at the last poll */
  gint64          poll_time;  /* µs a poll may read for, 0: no limit */
};

/**
 * ht_trace_follower_new:
 * @path: a trace file that is being written, or that will be
 *
 * Returns: (transfer full): a follower that has read nothing yet
 */
HtTraceFollower *
ht_trace_follower_new (const char *path)
{
  HtTraceFollower *self = g_new0 (HtTraceFollower, 1);

  self->path = g_strdup (path);
  return self;
}

void
ht_trace_follower_free (HtTraceFollower *self)
{
  if (self == NULL)
    return;
  if (self->feed != NULL)
    {
      /* the feed owns the reader's tables: they go with it */
      ht_trace_reader_steal_data (self->reader);
      ht_analysis_feed_free (self->feed);
    }
  ht_trace_reader_free (self->reader);
  g_free (self->path);
  g_free (self);
}

/**
 * ht_trace_follower_set_poll_time:
 * @usec: how long a poll may read, in µs; 0 (the default) for no limit
 *
 * A poll stops reading once this long has passed (give or take a few
 * thousand events) and the next goes on from there: a follower that
 * cannot keep up with its writer still brings figures that move on after
 * each poll, only later.
 */
void
ht_trace_follower_set_poll_time (HtTraceFollower *self,
                                 gint64           usec)
{
  g_return_if_fail (usec >= 0);

  self->poll_time = usec;
}

/* Opens the file once it is there and can be recognised, or, when
 * @finishing, whatever it holds */
static gboolean
start (HtTraceFollower  *self,
       gboolean          finishing,
       GError          **error)
{
  GStatBuf st;

  if (self->reader != NULL)
    return TRUE;
  /* not created yet, or too short to tell its format: the opening
   * reports any other problem */
  if (!finishing && (g_stat (self->path, &st) != 0 ? errno == ENOENT : st.st_size < MIN_START))
    return TRUE;

  self->reader = ht_trace_reader_open (self->path, error);
  if (self->reader == NULL)
    return FALSE;
  ht_trace_reader_set_following (self->reader, !finishing);
  self->feed = ht_analysis_feed_new (ht_trace_reader_get_data (self->reader), NULL);
  return TRUE;
}

/**
 * ht_trace_follower_poll:
 * @changed: (out) (optional): whether any line was read
 *
 * Reads what the writer has added since the last poll, without reading
 * the file again from its start; a line or compressed frame it has not
 * finished waits for the next poll.
 *
 * Returns: %FALSE with @error set if the file cannot be read or is not a
 *   trace; the follower is of no more use then
 */
gboolean
ht_trace_follower_poll (HtTraceFollower  *self,
                        gboolean         *changed,
                        GError          **error)
{
  guint64 line = self->line;

  if (changed != NULL)
    *changed = FALSE;
  if (!start (self, FALSE, error))
    return FALSE;
  if (self->reader == NULL)
    return TRUE;
  if (!ht_analysis_feed_read (self->feed, self->reader,
                              self->poll_time > 0 ? g_get_monotonic_time () + self->poll_time : 0, error))
    return FALSE;
  self->line = ht_trace_reader_get_line (self->reader);
  if (changed != NULL)
    *changed = self->line != line;
  return TRUE;
}

/**
 * ht_trace_follower_get_totals:
 * @totals: (out): the figures of what has been read, as
 *   ht_analysis_feed_get_totals () gives them
 *
 * Returns: %FALSE, and @totals unset, before anything could be read
 */
gboolean
ht_trace_follower_get_totals (HtTraceFollower  *self,
                              HtAnalysisTotals *totals)
{
  if (self->feed == NULL)
    return FALSE;
  ht_analysis_feed_get_totals (self->feed, totals);
  return TRUE;
}

/**
 * ht_trace_follower_get_charts:
 * @types: (array length=n_types): the costs charted, as for
 *   ht_chart_new_several ()
 * @n_top: as for ht_chart_new ()
 * @charts: (out caller-allocates) (array length=n_types): the charts
 *
 * The charts of what has been read so far (ht_chart_new_live ()), a
 * location in one colour on all of them, as the top locations stand now.
 *
 * Returns: %FALSE, and @charts unset, before anything could be read
 */
gboolean
ht_trace_follower_get_charts (HtTraceFollower  *self,
                              const HtCostType *types,
                              guint             n_types,
                              guint             n_top,
                              HtChart         **charts)
{
  g_autoptr(HtLocationColours) colours = NULL;
  HtSeriesRow now;

  if (self->feed == NULL)
    return FALSE;
  colours = ht_location_colours_new (ht_analysis_feed_peek (self->feed, &now), n_top);
  for (guint c = 0; c < n_types; c++)
    charts[c] = ht_chart_new_live (self->feed, types[c], n_top, colours);
  return TRUE;
}

/**
 * ht_trace_follower_finish:
 *
 * Reads the rest once the writer is done, and ends the analysis: the
 * same as ht_analysis_load () of the whole file, down to a last line or
 * frame cut off. The follower is freed, whatever the outcome.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
HtAnalysis *
ht_trace_follower_finish (HtTraceFollower  *self,
                          GError          **error)
{
  HtAnalysis *analysis = NULL;

  if (start (self, TRUE, error))
    {
      ht_trace_reader_set_following (self->reader, FALSE);
      if (ht_analysis_feed_read (self->feed, self->reader, 0, error))
        analysis = ht_analysis_feed_finish_reader (g_steal_pointer (&self->feed), self->reader, error);
    }
  ht_trace_follower_free (self);
  return analysis;
}

/**
 * ht_trace_is_being_written:
 * @path: a trace file
 *
 * Whether a recorder is writing @path now: heaptrack-gtk-record holds an
 * exclusive lock on a trace while it writes it (docs/trace-format.md §12).
 * heaptrack 1.x takes none: its traces in progress look finished.
 *
 * Returns: %TRUE if someone holds an exclusive lock on @path; %FALSE if
 *   no one does, or the file cannot be opened or locked to tell
 */
gboolean
ht_trace_is_being_written (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  gboolean locked;

  if (fd < 0)
    return FALSE;
  locked = flock (fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  /* closing lets go of a lock we got */
  close (fd);
  return locked;
}

/* Where a trace of @path's process went on, by the status lines of one
 * launcher (recorder/README.md, "Status lines"): the PATH of the next
 * `trace` line of the same process after @path's; NULL if there is none,
 * with *@ended telling whether the launcher has said its last (`exit`). */
static char *
next_in_status (const char  *status,
                const char  *path,
                gboolean    *mentioned,
                gboolean    *ended)
{
  g_auto(GStrv) lines = g_strsplit (status, "\n", -1);
  g_autofree char *pid = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);
      g_autofree char *file = NULL;

      if (g_strcmp0 (fields[0], "exit") == 0)
        *ended = TRUE;
      if (g_strcmp0 (fields[0], "trace") != 0 || fields[1] == NULL || fields[2] == NULL)
        continue;
      file = g_strcompress (fields[2]);
      if (pid == NULL && g_strcmp0 (file, path) == 0)
        pid = g_strdup (fields[1]);
      else if (pid != NULL && g_strcmp0 (fields[1], pid) == 0)
        return g_steal_pointer (&file);
    }
  *mentioned = pid != NULL;
  return NULL;
}

/**
 * ht_trace_next_program:
 * @path: a trace whose writer is done
 * @wait: (out): %TRUE when the launcher that recorded @path is still
 *   running and has not said yet whether the process went on in another
 *   program: ask again in a moment
 *
 * Where the program of a trace went on: a process that execs has the
 * program it becomes recorded into a trace of its own. heaptrack-gtk-record
 * keeps its status lines in PID.status of the user's runtime folder
 * (heaptrack-gtk/recordings); the one that names @path in a `trace` line
 * tells the next trace of that process.
 *
 * Returns: (nullable): the next trace, or %NULL if @path's program ended
 *   there, or no launcher of ours says anything of @path
 */
char *
ht_trace_next_program (const char *path,
                       gboolean   *wait)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "heaptrack-gtk", "recordings", NULL);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  *wait = FALSE;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *status_path = g_build_filename (dir, name, NULL);
      g_autofree char *status = NULL;
      gboolean mentioned = FALSE;
      gboolean ended = FALSE;
      char *next;
      long launcher;

      if (!g_str_has_suffix (name, ".status")
          || !g_file_get_contents (status_path, &status, NULL, NULL))
        continue;
      next = next_in_status (status, absolute, &mentioned, &ended);
      if (next != NULL)
        return next;
      if (!mentioned)
        continue;
      /* the launcher runs on, and has not told yet: the new program's
       * file is named once its stream arrives */
      launcher = strtol (name, NULL, 10);
      *wait = !ended && launcher > 0 && (kill ((pid_t) launcher, 0) == 0 || errno == EPERM);
      return NULL;
    }
  return NULL;
}
