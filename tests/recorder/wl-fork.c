/* wl-fork.c: a forked child and an exec'ed program, for follow-fork
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent allocates 100 bytes, forks and waits, then allocates 400.
 * The child allocates 2 x 200 and execs this program again with the
 * argument "exec", which allocates 3 x 300. All leaked. Followed, that is
 * three traces: parent 2 calls, 500 B; child 2 calls, 400 B; exec'ed
 * program 3 calls, 900 B.
 *
 * With the argument "vfork", the parent allocates 100 bytes, then vforks
 * twice: one child execs this program with "exec", the other calls
 * _exit; then it allocates 400. Both children run in the parent's memory,
 * and our hooks for exec and _exit run in them: the parent's trace must
 * still hold its 2 calls and 500 B.
 */

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void * volatile sink;

/* whether the child @pid (-1: none) ended with status 0 */
static int
child_ok (pid_t pid)
{
  int status;

  return pid > 0 && waitpid (pid, &status, 0) == pid && WIFEXITED (status)
         && WEXITSTATUS (status) == 0;
}

int
main (int   argc,
      char *argv[])
{
  pid_t pid;

  if (argc > 1 && strcmp (argv[1], "exec") == 0)
    {
      for (int i = 0; i < 3; i++)
        sink = malloc (300);
      return 0;
    }
  if (argc > 1 && strcmp (argv[1], "vfork") == 0)
    {
      sink = malloc (100);
      for (int i = 0; i < 2; i++)
        {
          pid = vfork ();
          if (pid == 0 && i == 0)
            {
              execl ("/proc/self/exe", argv[0], "exec", (char *) NULL);
              _exit (1);
            }
          if (pid == 0)
            _exit (0);
          if (!child_ok (pid))
            return 1;
        }
      sink = malloc (400);
      return 0;
    }

  sink = malloc (100);
  pid = fork ();
  if (pid == 0)
    {
      sink = malloc (200);
      sink = malloc (200);
      execl ("/proc/self/exe", argv[0], "exec", (char *) NULL);
      _exit (1);
    }
  if (!child_ok (pid))
    return 1;
  sink = malloc (400);
  return 0;
}
