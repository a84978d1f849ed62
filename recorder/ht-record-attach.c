/* ht-record-attach.c: heaptrack-gtk-record --pid PID
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attaching to a running process. gdb dlopen()s our library into the
 * process and calls heaptrack_gtk_inject (socket) there (ht-inject.c); the
 * process connects to our listening socket, whose accepted end is the
 * symbolizer's stdin. SIGINT or SIGTERM detach through gdb again
 * (heaptrack_gtk_uninject). Exit status: 0, or 125 when the recorder
 * failed.
 *
 * gdb works inside somebody's running process, so everything that can be
 * told beforehand is checked first, and said with advice: the process,
 * its owner, ptrace_scope, another tracer, a static binary, another
 * recorder loaded, and whether gdb can call functions on this machine at
 * all (tried on a throwaway process, never on the user's).
 */

#define _GNU_SOURCE
#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "ht-inject.h"
#include "ht-record-private.h"

static void
gdb_setup (gpointer user_data)
{
  /* Ctrl+C in the terminal must not interrupt gdb in the middle of a call
   * it makes in the process */
  setpgid (0, 0);
}

/* A C string literal for gdb. */
static char *
gdb_quote (const char *text)
{
  GString *s = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* Runs gdb on the target with @commands; its whole output in @output. */
static gboolean
run_gdb (HtRecordSession *session,
         const char      *commands,
         char           **output)
{
  g_autofree char *gdb = g_find_program_in_path ("gdb");
  g_autofree char *script = g_build_filename (session->tmpdir, "commands.gdb", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) session->target);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "DEBUGINFOD_URLS");
  const char *argv[] = {
    gdb, "--batch", "-n", "-q",
    "-iex", "set auto-solib-add off",
    "-iex", "set language c",
    "-p", pid, "-x", script, NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_file_set_contents (script, commands, -1, &error))
    {
      _ht_record_error ("%s", error->message);
      return FALSE;
    }
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT,
                     gdb_setup, NULL, &out, &err, &status, &error))
    {
      _ht_record_error ("cannot run %s: %s", gdb, error->message);
      return FALSE;
    }
  *output = g_strconcat (out, err, NULL);
  return TRUE;
}

/* gdb's own complaint, for the user: its lines that say what went wrong */
static char *
gdb_complaint (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "ptrace") != NULL || strstr (lines[i], "rror") != NULL
          || strstr (lines[i], "No symbol") != NULL || strstr (lines[i], "ould not") != NULL
          || strstr (lines[i], "ouldn't") != NULL || strstr (lines[i], "not permitted") != NULL)
        g_string_append_printf (s, "\n  gdb: %s", lines[i]);
    }
  return g_string_free (s, FALSE);
}

/* Whether @gdb can call a function in a process on this machine, tried on a
 * throwaway child of gdb's own. Where it cannot (gdb 13 fails to write back
 * the extended register state on some CPUs and kernels), a call half made
 * leaves the process with broken registers: the user's process must never be
 * the first to find out. */
static gboolean
gdb_can_call_functions (const char *gdb,
                        char      **complaint)
{
  g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "DEBUGINFOD_URLS");
  const char *argv[] = {
    gdb, "--batch", "-n", "-q",
    "-iex", "set startup-with-shell off",
    "-ex", "catch syscall exit_group",
    "-ex", "run",
    "-ex", "print (int) getpid ()",
    "-ex", "kill",
    "--args", "/bin/true", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDIN_FROM_DEV_NULL,
                     gdb_setup, NULL, &out, &err, &status, &error))
    {
      *complaint = g_strdup_printf ("\n  %s", error->message);
      return FALSE;
    }
  output = g_strconcat (out, err, NULL);
  if (strstr (output, "$1 = ") != NULL)
    return TRUE;
  *complaint = gdb_complaint (output);
  return FALSE;
}

static int
read_ptrace_scope (void)
{
  /* the tests stand in for a kernel with Yama, which a machine may lack */
  const char *path = g_getenv ("HT_PTRACE_SCOPE_FILE");
  g_autofree char *text = NULL;

  if (path == NULL)
    path = "/proc/sys/kernel/yama/ptrace_scope";
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  return atoi (text);
}

static const char *
ptrace_advice (void)
{
  int scope = read_ptrace_scope ();

  if (scope == 3)
    return "kernel.yama.ptrace_scope is 3: attaching is disabled until the next reboot";
  if (scope >= 1)
    return "kernel.yama.ptrace_scope is 1 or more, which lets only root attach to a process "
           "it did not start: run as root, or allow it with "
           "`sudo sysctl kernel.yama.ptrace_scope=0`";
  return "run as the same user as the process, or as root";
}

/* Reads a "Name:\tvalue" line of /proc/PID/status. */
static char *
proc_status_field (GPid        pid,
                   const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len = strlen (field);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], field, len) == 0 && lines[i][len] == ':')
      return g_strstrip (g_strdup (lines[i] + len + 1));
  return NULL;
}

/* Our library from another build or installation in the process: two
 * recorders would fight over its GOT. The same one is fine: it stays
 * loaded after a detach, and says itself if it is recording. */
static gboolean
check_loaded_recorder (GPid        pid,
                       const char *preload)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/maps", (int) pid);
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &maps, NULL, NULL))
    return TRUE;
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *file = strchr (lines[i], '/');

      if (file != NULL && strstr (file, "/libheaptrack-gtk-preload.so") != NULL
          && strcmp (file, preload) != 0)
        {
          _ht_record_error ("process %d has another heaptrack-gtk recorder loaded already (%s)",
                            (int) pid, file);
          return FALSE;
        }
    }
  return TRUE;
}

/* Everything we can tell before gdb tries; the process's name on success. */
static char *
check_target (GPid        pid,
              const char *preload)
{
  g_autofree char *proc = g_strdup_printf ("/proc/%d", (int) pid);
  g_autofree char *exe_link = g_strdup_printf ("/proc/%d/exe", (int) pid);
  g_autofree char *exe = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *tracer = NULL;
  g_autoptr(GError) error = NULL;
  char *name;
  int scope;

  if (!g_file_test (proc, G_FILE_TEST_IS_DIR))
    {
      _ht_record_error ("there is no process with pid %d", (int) pid);
      return NULL;
    }
  if (pid == getpid ())
    {
      _ht_record_error ("pid %d is " PROGRAM_NAME " itself", (int) pid);
      return NULL;
    }
  uid = proc_status_field (pid, "Uid");
  if (getuid () != 0 && uid != NULL && (uid_t) atoi (uid) != getuid ())
    {
      _ht_record_error ("process %d belongs to another user (uid %d): we may not trace it; %s",
                        (int) pid, atoi (uid), ptrace_advice ());
      return NULL;
    }
  scope = read_ptrace_scope ();
  if (scope == 3 || (scope >= 1 && geteuid () != 0))
    {
      _ht_record_error ("we may not trace process %d: %s", (int) pid, ptrace_advice ());
      return NULL;
    }
  tracer = proc_status_field (pid, "TracerPid");
  if (tracer != NULL && atoi (tracer) != 0)
    {
      _ht_record_error ("process %d is being traced already, by process %s (a debugger?)",
                        (int) pid, tracer);
      return NULL;
    }
  exe = g_file_read_link (exe_link, &error);
  if (exe == NULL)
    {
      _ht_record_error ("cannot read %s: %s; %s", exe_link, error->message, ptrace_advice ());
      return NULL;
    }
  {
    g_autofree char *what = g_strdup_printf ("process %d (%s)", (int) pid, exe);

    /* through /proc: the file may have been replaced or deleted since */
    if (!_ht_record_check_elf (exe_link, what))
      return NULL;
  }
  if (!check_loaded_recorder (pid, preload))
    return NULL;
  if (g_str_has_suffix (exe, " (deleted)"))
    exe[strlen (exe) - strlen (" (deleted)")] = '\0';
  name = g_path_get_basename (exe);
  return name;
}

static gboolean
detach (HtRecordSession *session)
{
  g_autofree char *output = NULL;
  g_autofree char *commands = g_strdup ("set confirm off\n"
                                        "sharedlibrary libheaptrack-gtk-preload\n"
                                        "call (void) heaptrack_gtk_uninject()\n"
                                        "printf \"ht-detached\\n\"\n"
                                        "detach\n"
                                        "quit\n");

  if (kill (session->target, 0) != 0 && errno == ESRCH)
    return TRUE;
  if (run_gdb (session, commands, &output) && strstr (output, "ht-detached") != NULL)
    return TRUE;
  /* it may just have ended */
  if (kill (session->target, 0) != 0 && errno == ESRCH)
    return TRUE;
  {
    g_autofree char *complaint = gdb_complaint (output ? output : "");

    _ht_record_error ("cannot detach from process %d cleanly: the recording stops here, "
                      "but its allocator calls keep passing through the recorder library%s",
                      (int) session->target, complaint);
  }
  return FALSE;
}

static gboolean
detach_cb (gpointer user_data)
{
  HtRecordSession *session = user_data;

  if (session->detaching)
    return G_SOURCE_CONTINUE;
  session->detaching = TRUE;
  _ht_record_note ("detaching from process %d", (int) session->target);
  if (!detach (session))
    {
      /* end the stream ourselves: the symbolizer gets its end of input */
      shutdown (session->stream_fd, SHUT_RDWR);
    }
  else if (kill (session->target, 0) == 0)
    _ht_record_status ("detached", session->target, NULL);
  return G_SOURCE_CONTINUE;
}

/* Loads the library into the process and starts recording there; returns
 * our end of the process's stream, or -1. */
static int
inject (HtRecordSession *session)
{
  g_autofree char *socket_path = g_build_filename (session->tmpdir, "stream", NULL);
  g_autofree char *library = gdb_quote (session->preload);
  g_autofree char *socket_arg = gdb_quote (socket_path);
  g_autofree char *commands = NULL;
  g_autofree char *output = NULL;
  g_autofree char *uid_text = proc_status_field (session->target, "Uid");
  uid_t uid = uid_text ? (uid_t) atoi (uid_text) : getuid ();
  const char *line;
  int listen_fd, fd, result;

  listen_fd = _ht_record_listen_on (socket_path);
  if (listen_fd < 0)
    {
      _ht_record_error ("cannot listen on %s: %s", socket_path, g_strerror (errno));
      return -1;
    }
  /* root attaching to another user's process: let it reach the socket */
  if (uid != geteuid ())
    {
      if (chmod (session->tmpdir, 0711) != 0 || chown (socket_path, uid, (gid_t) -1) != 0)
        _ht_record_error ("cannot hand %s to uid %d: %s",
                          socket_path, (int) uid, g_strerror (errno));
    }

  /* dlopen is in libc itself since glibc 2.34 (Debian 12 has 2.36) */
  commands = g_strdup_printf ("set confirm off\n"
                              "sharedlibrary libc.so\n"
                              "set $ht_handle = (void *) dlopen(%s, 2)\n"
                              "if $ht_handle == 0\n"
                              "  printf \"ht-dlopen-failed %%s\\n\", (char *) dlerror()\n"
                              "else\n"
                              "  sharedlibrary libheaptrack-gtk-preload\n"
                              "  printf \"ht-inject %%d\\n\", (int) heaptrack_gtk_inject(%s)\n"
                              "end\n"
                              "detach\n"
                              "quit\n",
                              library, socket_arg);
  if (!run_gdb (session, commands, &output))
    {
      close (listen_fd);
      return -1;
    }

  if ((line = strstr (output, "ht-dlopen-failed ")) != NULL)
    {
      g_autofree char *reason = g_strndup (line + strlen ("ht-dlopen-failed "),
                                           strcspn (line + strlen ("ht-dlopen-failed "), "\n"));

      _ht_record_error ("process %d cannot load %s: %s", (int) session->target,
                        session->preload, reason);
      close (listen_fd);
      return -1;
    }
  line = strstr (output, "ht-inject ");
  if (line == NULL)
    {
      g_autofree char *complaint = gdb_complaint (output);

      if (kill (session->target, 0) != 0 && errno == ESRCH)
        _ht_record_error ("process %d is gone", (int) session->target);
      else if (strstr (output, "ptrace") != NULL || strstr (output, "not permitted") != NULL)
        _ht_record_error ("gdb may not attach to process %d: %s%s", (int) session->target,
                          ptrace_advice (), complaint);
      else
        _ht_record_error ("gdb could not load the recorder into process %d%s",
                          (int) session->target, complaint);
      close (listen_fd);
      return -1;
    }
  result = atoi (line + strlen ("ht-inject "));
  if (result != 0)
    {
      if (result == HT_INJECT_ALREADY_RECORDING)
        _ht_record_error ("process %d is being recorded already", (int) session->target);
      else if (result == HT_INJECT_UNSUPPORTED)
        _ht_record_error ("the recorder cannot hook process %d (unsupported CPU or library)",
                          (int) session->target);
      else
        _ht_record_error ("process %d could not connect to %s: %s", (int) session->target,
                          socket_path, g_strerror (-result));
      close (listen_fd);
      return -1;
    }

  /* it connected during the call: the connection is waiting */
  fd = accept4 (listen_fd, NULL, NULL, SOCK_CLOEXEC);
  close (listen_fd);
  if (fd < 0)
    _ht_record_error ("process %d did not connect: %s", (int) session->target, g_strerror (errno));
  return fd;
}

/* The file the process runs, which changes when it execs; NULL if gone */
static char *
process_exe (GPid pid)
{
  g_autofree char *link = g_strdup_printf ("/proc/%d/exe", (int) pid);

  return g_file_read_link (link, NULL);
}

/* Records the running process @pid_text (as --pid gave it) until it ends
 * or we are told to detach; the exit status to return. */
int
_ht_record_attach (const char *symbolizer,
                   const char *preload,
                   const char *pid_text)
{
  g_autofree char *name = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gdb = NULL;
  g_autofree char *complaint = NULL;
  g_autofree char *exe = NULL;
  HtRecordSession *session;
  char *end;
  long pid;
  int fd, code = 0;

  errno = 0;
  pid = strtol (pid_text, &end, 10);
  if (errno != 0 || *end != '\0' || end == pid_text || pid <= 0 || pid > G_MAXINT)
    {
      _ht_record_error ("--pid %s: not a process id", pid_text);
      return EXIT_RECORDER_ERROR;
    }
  name = check_target ((GPid) pid, preload);
  if (name == NULL)
    return EXIT_RECORDER_ERROR;
  gdb = g_find_program_in_path ("gdb");
  if (gdb == NULL)
    {
      _ht_record_error ("attaching needs gdb, which is not on PATH: install the gdb package "
                        "(sudo apt install gdb)");
      return EXIT_RECORDER_ERROR;
    }
  if (!g_file_test (preload, G_FILE_TEST_EXISTS))
    {
      _ht_record_error ("the recorder library %s is missing", preload);
      return EXIT_RECORDER_ERROR;
    }
  if (!gdb_can_call_functions (gdb, &complaint))
    {
      _ht_record_error ("%s cannot call functions in a process on this machine, so it cannot "
                        "load the recorder; process %ld was left untouched%s", gdb, pid, complaint);
      return EXIT_RECORDER_ERROR;
    }
  output = _ht_record_output_name ((GPid) pid, name);
  if (!_ht_record_check_output_folder (output))
    return EXIT_RECORDER_ERROR;

  session = _ht_record_session_new (symbolizer);
  session->target = (GPid) pid;
  session->preload = g_strdup (preload);
  session->tmpdir = _ht_record_make_private_dir ();
  if (session->tmpdir == NULL)
    {
      _ht_record_session_free (session);
      return EXIT_RECORDER_ERROR;
    }

  /* from now on Ctrl+C detaches, once we are attached */
  session->signal_sources[0] = g_unix_signal_add (SIGINT, detach_cb, session);
  session->signal_sources[1] = g_unix_signal_add (SIGTERM, detach_cb, session);

  exe = process_exe ((GPid) pid);
  _ht_record_note ("attaching to process %ld (%s) with gdb", pid, name);
  fd = inject (session);
  if (fd < 0)
    {
      _ht_record_session_free (session);
      return EXIT_RECORDER_ERROR;
    }
  if (_ht_record_start_symbolizer (session, fd, output, (GPid) pid, &error) == NULL)
    {
      _ht_record_error ("cannot start %s: %s", symbolizer, error->message);
      close (fd);
      /* the stream has no reader: detach at once */
      detach (session);
      _ht_record_session_free (session);
      return EXIT_RECORDER_ERROR;
    }
  session->stream_fd = fd;

  _ht_record_status ("started", (GPid) pid, NULL);
  _ht_record_note ("recording process %ld (%s), output will be written to %s", pid, name, output);
  _ht_record_note ("press Ctrl+C to stop recording; the process keeps running");
  g_main_loop_run (session->loop);

  if (!session->detaching && kill ((GPid) pid, 0) == 0)
    {
      g_autofree char *exe_now = process_exe ((GPid) pid);

      if (g_strcmp0 (exe_now, exe) != 0)
        {
          /* the new image has none of our library, and nothing to detach */
          _ht_record_note ("process %ld exec'ed %s: the recording ends there (the new program "
                           "does not have the recorder in it; record it from its start instead)",
                           pid, exe_now ? exe_now : "another program");
          _ht_record_status ("detached", (GPid) pid, NULL);
        }
      else
        {
          /* the stream broke off (the symbolizer failed): our hooks would
           * only pass calls through from now on; put the process back as
           * it was */
          session->detaching = TRUE;
          if (detach (session))
            _ht_record_status ("detached", (GPid) pid, NULL);
        }
    }
  else if (!session->detaching)
    _ht_record_note ("process %ld ended", pid);
  if (!_ht_record_report (session))
    code = EXIT_RECORDER_ERROR;
  _ht_record_session_free (session);
  return code;
}
