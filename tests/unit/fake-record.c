/* fake-record.c: heaptrack-gtk-record as test-recorder-process sees it
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speaks the status protocol of recorder/README.md on --status-fd and
 * records nothing: its "trace" is a few bytes. PROGRAM names what the
 * forked program does:
 *   hello       prints a line on stdout and one on stderr, exits 3
 *   exec        prints, "execs" (a second trace), prints, exits 0
 *   env         prints its working folder and $HT_TEST_VARIABLE, exits 0
 *   missing     is not found: `error` and exit 127, nothing runs
 *   slow        the launcher says "preparing" on stderr and takes 10 s
 *               before it starts it: a SIGINT then ends the launcher
 *   wait        prints "ready", then waits for a signal that ends it
 *   deaf        the same, but ignores SIGINT
 *   stubborn    the same, but ignores SIGINT and SIGTERM
 * and says each signal it gets ("got signal 2", "ignored signal 15").
 * --pid PID attaches to nothing: it waits for SIGINT or SIGTERM, which
 * detaches. Like the real launcher it ignores SIGINT while a program runs;
 * its exit status is the program's, 128+N for a signal N.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

static FILE *status;

static void
status_line (const char *keyword,
             int         pid,
             const char *last)
{
  g_autofree char *escaped = last != NULL ? g_strescape (last, NULL) : NULL;

  if (pid != 0)
    fprintf (status, "%s %d%s%s\n", keyword, pid, escaped ? " " : "", escaped ? escaped : "");
  else
    fprintf (status, "%s %s\n", keyword, escaped);
  fflush (status);
}

/* -o NAME with %n and %p, as the launcher expands it, and a few bytes in it */
static char *
write_trace (const char *pattern,
             const char *program,
             int         pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autoptr(GString) name = g_string_new (pattern);

  g_string_replace (name, "%n", program, 0);
  g_string_replace (name, "%p", pid_text, 0);
  g_string_append (name, ".zst");
  if (!g_file_set_contents (name->str, "fake trace\n", -1, NULL))
    exit (125);
  return g_strdup (name->str);
}

/* what the program does with a signal, said on its stdout */
static void
say (const char *what,
     int         signum)
{
  char text[48];
  int length = snprintf (text, sizeof text, "%s signal %d\n", what, signum);

  if (write (STDOUT_FILENO, text, length) < 0)
    _exit (1);
}

static void
die_of (int signum)
{
  say ("got", signum);
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
ignore (int signum)
{
  say ("ignored", signum);
}

/* The program: stdout and stderr are the launcher's, the status pipe is not its */
static int
run_program (const char *program,
             int         gate)
{
  char go;

  if (read (gate, &go, 1) != 1)
    return 1;
  if (g_str_equal (program, "hello"))
    {
      /* "é" split over two writes: the reader must join it again */
      printf ("hello on stdout\n");
      fflush (stdout);
      fprintf (stderr, "h\xc3");
      usleep (100000);
      fprintf (stderr, "\xa9llo on stderr, then \xff bad\n");
      return 3;
    }
  if (g_str_equal (program, "env"))
    {
      g_autofree char *cwd = g_get_current_dir ();

      printf ("cwd=%s HT_TEST_VARIABLE=%s\n", cwd, g_getenv ("HT_TEST_VARIABLE"));
      return 0;
    }
  if (g_str_equal (program, "exec"))
    {
      printf ("before exec\n");
      fflush (stdout);
      /* the launcher announces the second trace when told */
      if (read (gate, &go, 1) != 1)
        return 1;
      printf ("after exec\n");
      return 0;
    }
  signal (SIGINT, g_str_equal (program, "wait") ? die_of : ignore);
  signal (SIGTERM, g_str_equal (program, "stubborn") ? ignore : die_of);
  printf ("ready\n");
  fflush (stdout);
  for (;;)
    pause ();
}

int
main (int    argc,
      char **argv)
{
  int status_fd = -1;
  const char *output = NULL;
  int attach = 0;
  int first = argc;
  int gate[2];
  int pid;
  int wait_status;
  g_autofree char *trace = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--status-fd="))
        status_fd = atoi (argv[i] + strlen ("--status-fd="));
      else if (g_str_equal (argv[i], "-o") && i + 1 < argc)
        output = argv[++i];
      else if (g_str_equal (argv[i], "--pid") && i + 1 < argc)
        attach = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--"))
        {
          first = i + 1;
          break;
        }
    }
  status = fdopen (status_fd, "w");
  if (status == NULL || output == NULL || (attach == 0 && first >= argc))
    return 125;

  if (attach != 0)
    {
      sigset_t set;
      int signum;

      sigemptyset (&set);
      sigaddset (&set, SIGINT);
      sigaddset (&set, SIGTERM);
      sigprocmask (SIG_BLOCK, &set, NULL);
      status_line ("started", attach, NULL);
      trace = write_trace (output, "attached", attach);
      status_line ("trace", attach, trace);
      fprintf (stderr, "attached\n");
      sigwait (&set, &signum);
      fprintf (stderr, "detaching after signal %d\n", signum);
      status_line ("detached", attach, NULL);
      status_line ("written", attach, trace);
      status_line ("exit", 0, "0");
      return 0;
    }

  if (g_str_equal (argv[first], "missing"))
    {
      fprintf (stderr, "heaptrack-gtk-record: missing: no such program\n");
      status_line ("error", 0, "missing: no such program");
      status_line ("exit", 0, "127");
      return 127;
    }

  if (g_str_equal (argv[first], "slow"))
    {
      fprintf (stderr, "preparing\n");
      sleep (10);
    }

  if (pipe (gate) != 0)
    return 125;
  pid = fork ();
  if (pid == 0)
    {
      fclose (status);
      close (gate[1]);
      exit (run_program (argv[first], gate[0]));
    }
  close (gate[0]);
  /* the program gets the signals: we stay to report */
  signal (SIGINT, SIG_IGN);
  status_line ("started", pid, NULL);
  trace = write_trace (output, argv[first], pid);
  status_line ("trace", pid, trace);
  if (write (gate[1], "g", 1) != 1)
    return 125;
  if (g_str_equal (argv[first], "exec"))
    {
      /* the program's first output comes before the exec */
      usleep (200000);
      status_line ("written", pid, trace);
      g_free (trace);
      trace = write_trace (output, "exec-after", pid);
      status_line ("trace", pid, trace);
      if (write (gate[1], "g", 1) != 1)
        return 125;
    }
  while (waitpid (pid, &wait_status, 0) < 0 && errno == EINTR)
    ;
  status_line ("written", pid, trace);
  {
    g_autofree char *exit_text = g_strdup_printf ("%d", WIFEXITED (wait_status)
                                                        ? WEXITSTATUS (wait_status)
                                                        : 128 + WTERMSIG (wait_status));

    status_line ("exit", 0, exit_text);
    return atoi (exit_text);
  }
}
