/* ht-record-status.c: the launcher's status lines (--status-fd)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a program that drives the launcher (heaptrack-gtk's Record and
 * Attach): machine-readable lines on a descriptor it inherited, beside the
 * human messages on stderr, which stay as they are. A line is a keyword,
 * fields separated by one space, and '\n'; a path or message is the last
 * field, escaped with g_strescape (). The protocol is documented in full in
 * recorder/README.md, "Status lines". The same lines go to a file of the
 * user's runtime folder, for followers of a trace that did not start us.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "ht-record-private.h"

/* -1 until --status-fd was checked, and again once its reader is gone */
static int status_fd = -1;
static int published_fd = -1;  /* the same lines, in the user's runtime folder */

/* Takes descriptor @fd for the status lines; FALSE, said, when it is not
 * open for writing. Above the standard three it becomes close-on-exec:
 * the program does not hold it, so its reader sees its end when we exit. */
gboolean
_ht_record_status_open (int fd)
{
  int flags = fd >= 0 ? fcntl (fd, F_GETFL) : -1;

  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY)
    {
      _ht_record_error ("--status-fd=%d: %s", fd,
                        flags < 0 ? "no such open file descriptor"
                                  : "the descriptor is not open for writing");
      return FALSE;
    }
  if (fd > STDERR_FILENO)
    fcntl (fd, F_SETFD, fcntl (fd, F_GETFD) | FD_CLOEXEC);
  status_fd = fd;
  return TRUE;
}

/* Writes @line whole. SIGPIPE is held back meanwhile: a reader that went
 * away must not end the recording (the program must not be harmed), it
 * only ends the status lines. */
/* Writes @line to *@fd; a reader gone (EPIPE) or a full disk only ends
 * the lines there: *@fd becomes -1, the recording goes on */
static void
write_line (int        *fd,
            const char *line)
{
  sigset_t pipe_set, old_set;
  gsize len = strlen (line);
  gboolean broken = FALSE;

  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  sigprocmask (SIG_BLOCK, &pipe_set, &old_set);
  while (len > 0)
    {
      gssize n = write (*fd, line, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          broken = TRUE;
          break;
        }
      line += n;
      len -= (gsize) n;
    }
  if (broken)
    {
      struct timespec none = { 0, 0 };

      /* the SIGPIPE that EPIPE raised, taken before it is unblocked */
      if (errno == EPIPE)
        sigtimedwait (&pipe_set, NULL, &none);
      close (*fd);
      *fd = -1;
    }
  sigprocmask (SIG_SETMASK, &old_set, NULL);
}

/* KEYWORD[ PID][ TEXT]: @pid when positive, @text (a path or a message,
 * escaped) unless NULL */
void
_ht_record_status (const char *keyword,
                   GPid        pid,
                   const char *text)
{
  g_autoptr(GString) line = NULL;

  if (status_fd < 0 && published_fd < 0)
    return;
  line = g_string_new (keyword);
  if (pid > 0)
    g_string_append_printf (line, " %d", (int) pid);
  if (text != NULL)
    {
      g_autofree char *escaped = g_strescape (text, NULL);

      g_string_append_printf (line, " %s", escaped);
    }
  g_string_append_c (line, '\n');
  if (status_fd >= 0)
    write_line (&status_fd, line->str);
  if (published_fd >= 0)
    write_line (&published_fd, line->str);
}

/* The folder of the published status lines */
static char *
published_dir (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "heaptrack-gtk", "recordings", NULL);
}

/* Removes what launchers that have ended left: PID.status of a PID that is
 * gone. (A file is kept after its launcher exits, so that a follower that
 * looks a moment late still learns how the recording went on.) */
static void
remove_stale (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      char *end = NULL;
      long pid = strtol (name, &end, 10);

      if (pid > 0 && g_strcmp0 (end, ".status") == 0 && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          unlink (path);
        }
    }
}

/* Keeps the status lines also in PID.status of the user's runtime folder
 * (heaptrack-gtk/recordings), where `heaptrack-gtk --follow` of one of our
 * traces learns which trace the program goes on in after an exec
 * (recorder/README.md, "Status lines"). Following is a convenience: a
 * folder that cannot be made or written costs nothing but that. */
void
_ht_record_status_publish (void)
{
  g_autofree char *dir = published_dir ();
  g_autofree char *name = g_strdup_printf ("%d.status", (int) getpid ());
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return;
  remove_stale (dir);
  published_fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

/* The last line, just before the launcher exits with @code */
void
_ht_record_status_exit (int code)
{
  g_autofree char *text = g_strdup_printf ("%d", code);

  _ht_record_status ("exit", 0, text);
}
