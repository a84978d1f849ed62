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
 * recorder/README.md, "Status lines".
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "ht-record-private.h"

/* -1 until --status-fd was checked, and again once its reader is gone */
static int status_fd = -1;

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
static void
write_line (const char *line)
{
  sigset_t pipe_set, old_set;
  gsize len = strlen (line);
  gboolean broken = FALSE;

  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  sigprocmask (SIG_BLOCK, &pipe_set, &old_set);
  while (len > 0)
    {
      gssize n = write (status_fd, line, len);

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
      status_fd = -1;
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

  if (status_fd < 0)
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
  write_line (line->str);
}

/* The last line, just before the launcher exits with @code */
void
_ht_record_status_exit (int code)
{
  g_autofree char *text = g_strdup_printf ("%d", code);

  _ht_record_status ("exit", 0, text);
}
