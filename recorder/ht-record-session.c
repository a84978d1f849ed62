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
 * are done. With --follow-fork the preload library connects one more
 * stream per forked child or exec'ed image to a socket we listen on
 * (HT_FOLLOW_FORK_SOCKET), and each gets its own symbolizer, which names
 * the file after the process.
 */

#define _GNU_SOURCE
#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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
  g_free (r->output);
  g_free (r->written);
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
  return argv;
}

static gboolean
claimed (HtRecordSession *session,
         const char      *path)
{
  for (guint i = 0; i < session->recordings->len; i++)
    {
      HtRecording *r = g_ptr_array_index (session->recordings, i);

      if (g_strcmp0 (r->written, path) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A followed process's file: the symbolizer filled in its name and pid, we
 * know the pid. A forked child that execs has two streams under one pid;
 * the one that ends first wrote the newest file nobody claimed yet. */
static char *
find_fork_output (HtRecordSession   *session,
                  const HtRecording *r)
{
  g_autofree char *dir = g_path_get_dirname (r->output);
  g_autofree char *base = g_path_get_basename (r->output);
  g_autoptr(GString) glob = g_string_new (NULL);
  g_autoptr(GDir) d = NULL;
  g_autofree char *best = NULL;
  gint64 best_time = G_MININT64;
  const char *name;

  for (const char *p = base; *p; p++)
    {
      if (p[0] == '%' && p[1] == 'p')
        {
          g_string_append_printf (glob, "%d", (int) r->traced);
          p++;
        }
      else if (p[0] == '%' && p[1] == 'n')
        {
          g_string_append_c (glob, '*');
          p++;
        }
      else
        g_string_append_c (glob, *p);
    }
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      gint64 time;

      if (!g_pattern_match_simple (glob->str, name))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (stat (path, &st) != 0 || claimed (session, path))
        continue;
      time = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
      if (time > best_time)
        {
          best_time = time;
          g_free (best);
          best = g_steal_pointer (&path);
        }
    }
  return g_steal_pointer (&best);
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
          r->done = TRUE;
          r->ok = WIFEXITED (status) && WEXITSTATUS (status) == 0;
          if (r->ok)
            r->written = r->is_pattern ? find_fork_output (session, r) : g_strdup (r->output);
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
  int source_fds[] = { input_fd };
  int target_fds[] = { STDIN_FILENO };
  HtRecording *r;
  GPid pid;

  g_ptr_array_add (argv, NULL);
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD,
                                         symbolizer_setup, NULL,
                                         -1, -1, -1,
                                         source_fds, target_fds, 1,
                                         &pid, NULL, NULL, NULL, error))
    return NULL;
  r = g_new0 (HtRecording, 1);
  r->pid = pid;
  r->traced = traced;
  r->output = g_strdup (output);
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
        _ht_record_error ("cannot start %s for process %d: %s", session->symbolizer,
                          (int) pid, error->message);
      else
        {
          r->is_pattern = TRUE;
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
