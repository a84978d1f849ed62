/* ht-record-launch.c: heaptrack-gtk-record PROGRAM [ARGS...]
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running a program under the recorder, from the checks of the program to
 * its exit status. A socketpair connects the program (LD_PRELOAD=our
 * library, HT_OUTPUT_FD=<its end>) to the symbolizer (stdin = the other
 * end), which writes the trace. The program waits at a gate until the
 * symbolizer runs: the file name holds the program's pid. Its exit status
 * becomes ours (128+N when signal N killed it).
 *
 * The checks come first: a missing program gets the shell's 127 or 126,
 * and one the dynamic loader would not preload us into (static, setuid,
 * the other word size) would run unrecorded, so the user gets the reason
 * instead. The ELF check serves attaching too.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gelf.h>
#include <glib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ht-record-private.h"

/* the fd number the program sees; the preload library moves it up at once */
#define CHILD_OUTPUT_FD 3

/* ---- what LD_PRELOAD can record ----------------------------------------- */

typedef enum
{
  ELF_OK,
  ELF_STATIC,
  ELF_OTHER_CLASS,
} ElfKind;

/* Not an ELF file (a script, say) counts as OK: its interpreter runs. */
static ElfKind
program_kind (const char *path)
{
  ElfKind kind = ELF_OK;
  Elf *elf;
  size_t phnum;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ELF_OK;
  elf_version (EV_CURRENT);
  elf = elf_begin (fd, ELF_C_READ, NULL);
  if (elf != NULL && elf_kind (elf) == ELF_K_ELF)
    {
      if (gelf_getclass (elf) != (sizeof (void *) == 8 ? ELFCLASS64 : ELFCLASS32))
        kind = ELF_OTHER_CLASS;
      else if (elf_getphdrnum (elf, &phnum) == 0)
        {
          /* the dynamic loader, which reads LD_PRELOAD, runs only for PT_INTERP */
          kind = ELF_STATIC;
          for (size_t i = 0; i < phnum; i++)
            {
              GElf_Phdr phdr;

              if (gelf_getphdr (elf, i, &phdr) != NULL && phdr.p_type == PT_INTERP)
                kind = ELF_OK;
            }
        }
    }
  if (elf != NULL)
    elf_end (elf);
  close (fd);
  return kind;
}

gboolean
_ht_record_check_elf (const char *path,
                      const char *what)
{
  switch (program_kind (path))
    {
    case ELF_STATIC:
      _ht_record_error ("%s is statically linked: the recorder gets into a program through "
                        "the dynamic loader (LD_PRELOAD, or dlopen when attaching), which a "
                        "static program does not have, so it cannot be recorded", what);
      return FALSE;
    case ELF_OTHER_CLASS:
      _ht_record_error ("%s is a %d-bit program and the recorder library is %d-bit: "
                        "it cannot be recorded", what,
                        sizeof (void *) == 8 ? 32 : 64, (int) sizeof (void *) * 8);
      return FALSE;
    case ELF_OK:
    default:
      return TRUE;
    }
}

/* PROGRAM as the shell would find it; sets the exit code on failure */
static char *
resolve_program (const char *program,
                 int        *code)
{
  g_autofree char *path = NULL;
  struct stat st;

  if (strchr (program, '/') != NULL)
    path = g_strdup (program);
  else
    path = g_find_program_in_path (program);

  if (path == NULL || stat (path, &st) != 0)
    {
      _ht_record_error ("%s: command not found", program);
      *code = EXIT_NOT_FOUND;
      return NULL;
    }
  if (S_ISDIR (st.st_mode) || access (path, X_OK) != 0)
    {
      _ht_record_error ("%s: cannot execute: %s", program,
                        S_ISDIR (st.st_mode) ? "it is a folder" : g_strerror (EACCES));
      *code = EXIT_NOT_EXECUTABLE;
      return NULL;
    }
  /* the loader runs setuid/setgid programs in secure mode, which drops an
   * LD_PRELOAD of a library outside the system folders */
  if (((st.st_mode & S_ISUID) && st.st_uid != getuid ())
      || ((st.st_mode & S_ISGID) && st.st_gid != getgid ()))
    {
      _ht_record_error ("%s is set-user-ID or set-group-ID: the dynamic loader ignores "
                        "LD_PRELOAD for it, so it cannot be recorded (run it as its owner, "
                        "or record a copy without the setuid/setgid bit)", program);
      *code = EXIT_RECORDER_ERROR;
      return NULL;
    }
  if (!_ht_record_check_elf (path, program))
    {
      *code = EXIT_RECORDER_ERROR;
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* ---- running a program --------------------------------------------------- */

/* A copy of @fd at 10 or above, close-on-exec: out of the way of the
 * numbers the child sets up. */
static int
move_high (int fd)
{
  int high = fcntl (fd, F_DUPFD_CLOEXEC, 10);

  close (fd);
  return high;
}

typedef struct
{
  int    gate;       /* read end: the parent's go */
  int    report;     /* write end: errno if exec fails */
  int    output;     /* becomes CHILD_OUTPUT_FD */
  char **argv;
  char **env;
  char  *pid_slot;   /* in env: room for HT_FOLLOW_PID's digits, or NULL */
} ProgramStart;

/* In the forked child, so async-signal-safe calls only: wait for the go,
 * set up the output fd, exec. */
static void G_GNUC_NORETURN
program_child (const ProgramStart *start)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  sigset_t none;
  char c = 0;
  int err;

  /* what we ignore is not ignored by the program */
  sigaction (SIGINT, &dfl, NULL);
  sigaction (SIGQUIT, &dfl, NULL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  while (read (start->gate, &c, 1) < 0 && errno == EINTR)
    ;
  if (c != 'g')
    _exit (EXIT_RECORDER_ERROR);
  if (dup2 (start->output, CHILD_OUTPUT_FD) < 0)
    _exit (EXIT_RECORDER_ERROR);
  if (start->pid_slot != NULL)
    {
      /* HT_FOLLOW_PID: our pid, which the programs we exec keep */
      char digits[24], *slot = start->pid_slot;
      int n = 0;

      for (long pid = (long) getpid (); pid > 0; pid /= 10)
        digits[n++] = '0' + pid % 10;
      while (n > 0)
        *slot++ = digits[--n];
      *slot = '\0';
    }
  execve (start->argv[0], start->argv, start->env);
  err = errno;
  while (write (start->report, &err, sizeof err) < 0 && errno == EINTR)
    ;
  _exit (err == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE);
}

static void
program_exited_cb (GPid     pid,
                   int      status,
                   gpointer user_data)
{
  HtRecordSession *session = user_data;

  session->program_status = status;
  session->program_running = FALSE;
  session->program_end = g_get_monotonic_time ();
  g_spawn_close_pid (pid);
  _ht_record_session_maybe_quit (session);
}

static gboolean
stop_waiting_cb (gpointer user_data)
{
  HtRecordSession *session = user_data;

  /* the program is gone; followed children may live on */
  if (!session->program_running)
    g_main_loop_quit (session->loop);
  return G_SOURCE_CONTINUE;
}

/* Our environment for the program: our library first in LD_PRELOAD
 * (before the user's own), and the fd it writes its stream to, with the
 * socket's inode, so that a program it execs with the variable still set
 * does not take whatever has that number then for its stream. */
static char **
preload_environ (const char *preload,
                 int         stream_fd)
{
  char **env = g_get_environ ();
  const char *old_preload = g_environ_getenv (env, "LD_PRELOAD");
  g_autofree char *value = old_preload && *old_preload
                           ? g_strconcat (preload, ":", old_preload, NULL)
                           : g_strdup (preload);
  g_autofree char *output = NULL;
  struct stat st;

  if (fstat (stream_fd, &st) != 0)
    st.st_ino = 0;
  output = g_strdup_printf ("%d:%" G_GUINT64_FORMAT, CHILD_OUTPUT_FD, (guint64) st.st_ino);
  env = g_environ_setenv (env, "LD_PRELOAD", value, TRUE);
  return g_environ_setenv (env, "HT_OUTPUT_FD", output, TRUE);
}

/* Records PROGRAM (@argv) from its start; the exit status to return. */
int
_ht_record_run_program (const char *symbolizer,
                        const char *preload,
                        char      **argv)
{
  g_autofree char *program = NULL;
  g_autofree char *program_name = g_path_get_basename (argv[0]);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  HtRecordSession *session;
  int fds[2], gate[2], report[2];
  int code = 0, exec_failed = 0;
  GPid program_pid;

  program = resolve_program (argv[0], &code);
  if (program == NULL)
    return code;

  /* the name holds the pid, which only the spawned program has: check the
   * folder with a stand-in */
  {
    g_autofree char *sample = _ht_record_output_name (0, program_name);

    if (!_ht_record_check_output_folder (sample))
      return EXIT_RECORDER_ERROR;
  }
  if (!g_file_test (preload, G_FILE_TEST_EXISTS))
    {
      _ht_record_error ("the recorder library %s is missing", preload);
      return EXIT_RECORDER_ERROR;
    }

  session = _ht_record_session_new (symbolizer);

  /* The program waits at a gate until the symbolizer runs: the trace's
   * name holds the program's pid. g_spawn would wait for the exec. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0
      || !g_unix_open_pipe (gate, FD_CLOEXEC, NULL)
      || !g_unix_open_pipe (report, FD_CLOEXEC, NULL))
    {
      _ht_record_error ("cannot create a socket or pipe: %s", g_strerror (errno));
      goto recorder_error;
    }
  /* only the program writes, only the symbolizer reads */
  shutdown (fds[0], SHUT_WR);
  fds[1] = move_high (fds[1]);
  gate[0] = move_high (gate[0]);
  report[1] = move_high (report[1]);
  env = preload_environ (preload, fds[1]);

  /* Each program image gets its trace: a wrapper script, env or nice that
   * execs the real program is followed into it, and with --follow-fork so
   * is every child. Otherwise HT_FOLLOW_PID limits it to the program's own
   * pid, which the child writes in before it execs. */
  {
    g_autofree char *socket_path = _ht_record_follow_forks (session);

    if (socket_path == NULL)
      goto recorder_error;
    env = g_environ_setenv (env, "HT_FOLLOW_FORK_SOCKET", socket_path, TRUE);
    if (!_ht_record_options.follow_fork)
      env = g_environ_setenv (env, "HT_FOLLOW_PID", "12345678901234567890", TRUE);
    else
      env = g_environ_unsetenv (env, "HT_FOLLOW_PID");
  }

  /* The program gets the terminal's signals; we stay to report. With
   * --follow-fork, once the program is gone they stop the waiting for its
   * children. */
  signal (SIGINT, SIG_IGN);
  signal (SIGQUIT, SIG_IGN);
  if (_ht_record_options.follow_fork)
    {
      session->signal_sources[0] = g_unix_signal_add (SIGINT, stop_waiting_cb, session);
      session->signal_sources[1] = g_unix_signal_add (SIGTERM, stop_waiting_cb, session);
    }

  argv[0] = program;
  {
    ProgramStart start = { gate[0], report[1], fds[1], argv, env, NULL };

    for (char **e = env; *e != NULL; e++)
      if (g_str_has_prefix (*e, "HT_FOLLOW_PID="))
        start.pid_slot = *e + strlen ("HT_FOLLOW_PID=");

    program_pid = fork ();
    if (program_pid == 0)
      program_child (&start);
  }
  close (fds[1]);
  close (gate[0]);
  close (report[1]);
  if (program_pid < 0)
    {
      _ht_record_error ("cannot start %s: %s", program, g_strerror (errno));
      close (fds[0]);
      close (gate[1]);
      close (report[0]);
      goto recorder_error;
    }
  session->program_pid = program_pid;
  session->program_running = TRUE;
  g_child_watch_add (program_pid, program_exited_cb, session);

  output = _ht_record_output_name (program_pid, program_name);
  if (_ht_record_start_symbolizer (session, fds[0], output, program_pid, &error) == NULL)
    {
      /* the gate closes unopened: the program ends without running */
      close (gate[1]);
      close (fds[0]);
      close (report[0]);
      _ht_record_error ("cannot start %s: %s", symbolizer, error->message);
      g_main_loop_run (session->loop);
      _ht_record_session_free (session);
      return EXIT_RECORDER_ERROR;
    }
  close (fds[0]);

  _ht_record_note ("recording %s (pid %d), output will be written to %s",
                   program, (int) program_pid, output);
  if (_ht_record_options.follow_fork)
    _ht_record_note ("following forks and execs: their traces go to %s", session->fork_pattern);
  else
    _ht_record_note ("a program it execs goes to %s", session->fork_pattern);

  session->program_start = g_get_monotonic_time ();
  if (write (gate[1], "g", 1) != 1)
    _ht_record_error ("cannot start %s: %s", program, g_strerror (errno));
  close (gate[1]);
  {
    int err;
    ssize_t n;

    while ((n = read (report[0], &err, sizeof err)) < 0 && errno == EINTR)
      ;
    close (report[0]);
    if (n == sizeof err)
      {
        /* it never ran: no trace either */
        _ht_record_error ("%s: cannot execute: %s", program, g_strerror (err));
        exec_failed = err == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
      }
    else
      _ht_record_status ("started", program_pid, NULL);
  }

  g_main_loop_run (session->loop);

  if (WIFSIGNALED (session->program_status))
    {
      int sig = WTERMSIG (session->program_status);

      /* not the recorder's error: the exit status tells it */
      _ht_record_complain ("%s was killed by signal %d (%s)", program, sig, g_strsignal (sig));
      code = 128 + sig;
    }
  else
    code = WEXITSTATUS (session->program_status);

  if (exec_failed != 0)
    {
      /* nothing was recorded: no trace for a program that never ran */
      g_unlink (output);
      code = exec_failed;
    }
  else
    {
      /* a recorder that failed says so; the program's status is its own */
      _ht_record_report (session);
    }
  _ht_record_session_free (session);
  return code;

recorder_error:
  _ht_record_session_free (session);
  return EXIT_RECORDER_ERROR;
}
