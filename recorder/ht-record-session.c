/* ht-record-session.c: a recording's symbolizers and sockets
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every recorded stream gets a symbolizer of its own: heaptrack-gtk-symbolizer
 * -q with the stream as its stdin, watched until it exits. Running a
 * program and attaching to one differ only in how the first stream comes
 * (ht-record-launch.c, ht-record-attach.c); from there on both run this
 * session's main loop, which ends when the program and every symbolizer
 * are done. The preload library connects one more stream per program
 * image the process execs (and with --follow-fork per forked child) to a
 * socket we listen on (HT_FOLLOW_FORK_SOCKET); each gets its own
 * symbolizer, which names the file after the program and tells us its
 * name and totals on descriptor 3.
 */

#define _GNU_SOURCE
#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ht-record-private.h"

static void
recording_free (HtRecording *r)
{
  g_clear_handle_id (&r->status_watch, g_source_remove);
  g_free (r->output);
  g_free (r->written);
  if (r->status_fd >= 0)
    close (r->status_fd);
  _ht_record_status_clear (&r->status);
  g_free (r);
}

static void
symbolizer_setup (gpointer user_data)
{
  /* Ctrl+C reaches the whole process group: the symbolizer must live on
   * to write what was recorded until then */
  signal (SIGINT, SIG_IGN);
  signal (SIGQUIT, SIG_IGN);
}

/* The symbolizer's arguments besides the input: -o, --raw, the lookup
 * options the user gave. */
GPtrArray *
_ht_record_symbolizer_argv (const char *symbolizer,
                            const char *output,
                            gboolean    raw)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) symbolizer);
  /* we print the totals ourselves */
  g_ptr_array_add (argv, "-q");
  if (raw)
    g_ptr_array_add (argv, "--raw");
  if (_ht_record_options.sysroot != NULL)
    {
      g_ptr_array_add (argv, "--sysroot");
      g_ptr_array_add (argv, _ht_record_options.sysroot);
    }
  if (_ht_record_options.debug_paths != NULL)
    {
      g_ptr_array_add (argv, "--debug-paths");
      g_ptr_array_add (argv, _ht_record_options.debug_paths);
    }
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, (char *) output);
  /* the file it writes and the totals come back on descriptor 3 */
  g_ptr_array_add (argv, "--status-fd");
  g_ptr_array_add (argv, "3");
  return argv;
}

/* Starts the symbolizer of @argv (NULL-terminated) with @input_fd (unless
 * -1) as its standard input and a pipe as its descriptor 3, whose reading
 * end *@status_fd is ours. */
gboolean
_ht_record_spawn_symbolizer (GPtrArray  *argv,
                             int         input_fd,
                             GPid       *pid,
                             int        *status_fd,
                             GError    **error)
{
  int pipe_fds[2];
  int source_fds[2];
  int target_fds[2];
  guint n_fds = 0;
  gboolean ok;

  if (!g_unix_open_pipe (pipe_fds, FD_CLOEXEC, error))
    return FALSE;
  source_fds[n_fds] = pipe_fds[1];
  target_fds[n_fds++] = 3;
  if (input_fd >= 0)
    {
      source_fds[n_fds] = input_fd;
      target_fds[n_fds++] = STDIN_FILENO;
    }
  ok = g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | (input_fd < 0 ? G_SPAWN_CHILD_INHERITS_STDIN : 0),
                                         symbolizer_setup, NULL,
                                         -1, -1, -1,
                                         source_fds, target_fds, n_fds,
                                         pid, NULL, NULL, NULL, error);
  /* the symbolizer holds the only writing end: its exit ends the pipe */
  close (pipe_fds[1]);
  if (!ok)
    {
      close (pipe_fds[0]);
      return FALSE;
    }
  *status_fd = pipe_fds[0];
  return TRUE;
}

/* One line the symbolizer said on its descriptor 3 */
static void
parse_status_line (const char         *line,
                   HtSymbolizerStatus *status)
{
  if (g_str_has_prefix (line, "output "))
    {
      g_free (status->output);
      status->output = g_strdup (line + strlen ("output "));
    }
  else if (sscanf (line, "totals %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                   " %" G_GINT64_FORMAT, &status->calls, &status->temporary, &status->peak,
                   &status->leaked) == 4)
    status->have_totals = TRUE;
  else if (g_str_has_prefix (line, "note "))
    {
      if (status->notes == NULL)
        status->notes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (status->notes, g_strdup (line + strlen ("note ")));
    }
}

/* Takes in what the symbolizer said on its descriptor 3: the file it
 * writes as soon as it is created, at the end the totals and notes. With
 * @once, a single read (the descriptor is readable, so it does not block),
 * else up to the end (the symbolizer has exited; the pipe holds the rest).
 * Complete lines only; FALSE once the symbolizer closed its end. */
gboolean
_ht_record_read_status (int                 fd,
                        HtSymbolizerStatus *status,
                        gboolean            once)
{
  char buffer[4096];
  gssize n;
  char *newline;

  if (status->pending == NULL)
    status->pending = g_string_new (NULL);
  for (;;)
    {
      n = read (fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (status->pending, buffer, n);
      if (once)
        break;
    }
  while ((newline = strchr (status->pending->str, '\n')) != NULL)
    {
      *newline = '\0';
      parse_status_line (status->pending->str, status);
      g_string_erase (status->pending, 0, newline + 1 - status->pending->str);
    }
  return n > 0;
}

void
_ht_record_status_clear (HtSymbolizerStatus *status)
{
  g_clear_pointer (&status->output, g_free);
  g_clear_pointer (&status->notes, g_ptr_array_unref);
  if (status->pending != NULL)
    g_string_free (g_steal_pointer (&status->pending), TRUE);
  status->have_totals = FALSE;
}

/* The status lines of every recording that has something to say, in the
 * order their streams came: a process that execs at once can have the
 * file of the program it becomes created before the file of its first
 * one, and whoever reads the lines takes a process's last `trace` for its
 * current program. A recording's `trace` waits for those of the earlier
 * recordings of its process (or their end, if they never made a file), and
 * its `written` or `failed` for its own `trace`. */
static void
say_status (HtRecordSession *session)
{
  for (guint i = 0; i < session->recordings->len; i++)
    {
      HtRecording *r = g_ptr_array_index (session->recordings, i);
      gboolean earlier_waiting = FALSE;

      for (guint j = 0; j < i && !earlier_waiting; j++)
        {
          HtRecording *earlier = g_ptr_array_index (session->recordings, j);

          earlier_waiting = earlier->traced == r->traced && !earlier->said_trace && !earlier->done;
        }
      if (earlier_waiting)
        continue;
      if (!r->said_trace && r->status.output != NULL)
        {
          _ht_record_status ("trace", r->traced, r->status.output);
          r->said_trace = TRUE;
        }
      if (r->done && !r->said_end && (r->said_trace || r->status.output == NULL))
        {
          if (r->ok)
            _ht_record_status ("written", r->traced, r->written);
          else
            {
              g_autofree char *failure = _ht_record_failure (r);

              _ht_record_status ("failed", r->traced, failure);
            }
          r->said_end = TRUE;
        }
    }
}

/* What the symbolizer of @r said since we last looked (@once: see
 * _ht_record_read_status ()); its file, once it is created, is a `trace`
 * for the status lines. FALSE once it closed its end. */
static gboolean
take_status (HtRecording *r,
             gboolean     once)
{
  gboolean more = _ht_record_read_status (r->status_fd, &r->status, once);

  say_status (r->session);
  return more;
}

static gboolean
status_readable_cb (int          fd,
                    GIOCondition condition,
                    gpointer     user_data)
{
  HtRecording *r = user_data;

  if (take_status (r, TRUE))
    return G_SOURCE_CONTINUE;
  r->status_watch = 0;
  return G_SOURCE_REMOVE;
}

static void
symbolizer_exited_cb (GPid     pid,
                      int      status,
                      gpointer user_data)
{
  HtRecordSession *session = user_data;

  for (guint i = 0; i < session->recordings->len; i++)
    {
      HtRecording *r = g_ptr_array_index (session->recordings, i);

      if (r->pid == pid)
        {
          r->wait_status = status;
          r->ok = WIFEXITED (status) && WEXITSTATUS (status) == 0;
          g_clear_handle_id (&r->status_watch, g_source_remove);
          _ht_record_read_status (r->status_fd, &r->status, FALSE);
          close (r->status_fd);
          r->status_fd = -1;
          if (r->ok)
            r->written = g_strdup (r->status.output != NULL ? r->status.output : r->output);
          r->done = TRUE;
          say_status (session);
        }
    }
  g_spawn_close_pid (pid);
  session->running--;
  _ht_record_session_maybe_quit (session);
}

/* Starts a symbolizer that reads @input_fd (which stays ours to close). */
HtRecording *
_ht_record_start_symbolizer (HtRecordSession *session,
                             int              input_fd,
                             const char      *output,
                             GPid             traced,
                             GError         **error)
{
  g_autoptr(GPtrArray) argv = _ht_record_symbolizer_argv (session->symbolizer, output,
                                                          _ht_record_options.raw);
  HtRecording *r;
  GPid pid;
  int status_fd;

  g_ptr_array_add (argv, NULL);
  if (!_ht_record_spawn_symbolizer (argv, input_fd, &pid, &status_fd, error))
    return NULL;
  r = g_new0 (HtRecording, 1);
  r->pid = pid;
  r->status_fd = status_fd;
  r->traced = traced;
  r->session = session;
  r->output = g_strdup (output);
  /* the file's name as soon as the symbolizer creates it */
  r->status_watch = g_unix_fd_add (status_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                   status_readable_cb, r);
  g_ptr_array_add (session->recordings, r);
  session->running++;
  g_child_watch_add (pid, symbolizer_exited_cb, session);
  return r;
}

/* ---- sockets ------------------------------------------------------------- */

/* A listening AF_UNIX stream socket at @path; -1 with errno set. */
int
_ht_record_listen_on (const char *path)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof address.sun_path)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  strcpy (address.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return -1;
  if (bind (fd, (struct sockaddr *) &address, sizeof address) != 0 || listen (fd, 64) != 0)
    {
      int err = errno;

      close (fd);
      errno = err;
      return -1;
    }
  return fd;
}

/* a private folder for our sockets, short enough for sun_path */
char *
_ht_record_make_private_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("heaptrack-gtk-XXXXXX", &error);

  if (dir != NULL && strlen (dir) > 80)
    {
      g_rmdir (dir);
      g_free (dir);
      dir = g_strdup ("/tmp/heaptrack-gtk-XXXXXX");
      if (g_mkdtemp (dir) == NULL)
        {
          _ht_record_error ("cannot create a folder in /tmp: %s", g_strerror (errno));
          g_clear_pointer (&dir, g_free);
        }
      return dir;
    }
  if (dir == NULL)
    _ht_record_error ("cannot create a temporary folder: %s", error->message);
  return dir;
}

static void
remove_private_dir (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* ---- follow-fork --------------------------------------------------------- */

static GPid
peer_pid (int fd)
{
  struct ucred cred;
  socklen_t len = sizeof cred;

  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    return 0;
  return cred.pid;
}

/* Takes every pending connection; returns how many. */
static guint
accept_children (HtRecordSession *session)
{
  guint n = 0;
  int fd;

  while ((fd = accept4 (session->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0)
    {
      g_autoptr(GError) error = NULL;
      int flags = fcntl (fd, F_GETFL);
      GPid pid = peer_pid (fd);

      /* the symbolizer reads with blocking calls */
      fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
      HtRecording *r = _ht_record_start_symbolizer (session, fd, session->fork_pattern, pid,
                                                    &error);

      if (r == NULL)
        {
          g_autofree char *message = g_strdup_printf ("cannot start %s for process %d: %s",
                                                      session->symbolizer, (int) pid,
                                                      error->message);

          _ht_record_complain ("%s", message);
          _ht_record_status ("failed", pid, message);
        }
      else
        {
          r->is_pattern = TRUE;
          if (pid == session->program_pid)
            _ht_record_note ("process %d exec'ed another program: recording it too", (int) pid);
          else
            _ht_record_note ("recording process %d too", (int) pid);
        }
      close (fd);
      n++;
    }
  return n;
}

static gboolean
listen_cb (int          fd,
           GIOCondition condition,
           gpointer     user_data)
{
  accept_children (user_data);
  return G_SOURCE_CONTINUE;
}

/* Listens for the streams of followed processes, each to be symbolized
 * into a file named after _ht_record_fork_output_pattern (). Returns the
 * socket's path, for the program's HT_FOLLOW_FORK_SOCKET, or NULL after
 * saying why. */
char *
_ht_record_follow_forks (HtRecordSession *session)
{
  g_autofree char *socket_path = NULL;

  session->tmpdir = _ht_record_make_private_dir ();
  if (session->tmpdir == NULL)
    return NULL;
  socket_path = g_build_filename (session->tmpdir, "follow-fork", NULL);
  session->listen_fd = _ht_record_listen_on (socket_path);
  if (session->listen_fd < 0)
    {
      _ht_record_error ("cannot listen on %s: %s", socket_path, g_strerror (errno));
      return NULL;
    }
  session->fork_pattern = _ht_record_fork_output_pattern ();
  g_unix_fd_add (session->listen_fd, G_IO_IN, listen_cb, session);
  return g_steal_pointer (&socket_path);
}

/* ---- the session --------------------------------------------------------- */

/* Ends the main loop once the program and every symbolizer are done. */
void
_ht_record_session_maybe_quit (HtRecordSession *session)
{
  if (session->program_running || session->running > 0)
    return;
  /* a child may have connected just before everybody else finished */
  if (session->listen_fd >= 0 && accept_children (session) > 0)
    return;
  g_main_loop_quit (session->loop);
}

HtRecordSession *
_ht_record_session_new (const char *symbolizer)
{
  HtRecordSession *session = g_new0 (HtRecordSession, 1);

  session->loop = g_main_loop_new (NULL, FALSE);
  session->symbolizer = g_strdup (symbolizer);
  session->recordings = g_ptr_array_new_with_free_func ((GDestroyNotify) recording_free);
  session->listen_fd = -1;
  session->stream_fd = -1;
  return session;
}

void
_ht_record_session_free (HtRecordSession *session)
{
  for (guint i = 0; i < G_N_ELEMENTS (session->signal_sources); i++)
    g_clear_handle_id (&session->signal_sources[i], g_source_remove);
  if (session->listen_fd >= 0)
    close (session->listen_fd);
  if (session->stream_fd >= 0)
    close (session->stream_fd);
  remove_private_dir (session->tmpdir);
  g_free (session->tmpdir);
  g_free (session->preload);
  g_free (session->fork_pattern);
  g_free (session->symbolizer);
  g_ptr_array_unref (session->recordings);
  g_main_loop_unref (session->loop);
  g_free (session);
}
