/* launch-fork.c: a parent and two children for --follow-fork
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent leaks malloc (10). The first child leaks three malloc (20)
 * and exits; the second child execs /bin/true. The parent prints
 * "child1 PID" and "child2 PID" on stdout, waits for both and exits 0.
 */

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

int
main (void)
{
  pid_t child1, child2;
  int status;

  KEEP (malloc (10));

  child1 = fork ();
  if (child1 == 0)
    {
      for (int i = 0; i < 3; i++)
        KEEP (malloc (20));
      /* exit, not _exit: the recorder flushes at exit */
      exit (0);
    }
  child2 = fork ();
  if (child2 == 0)
    {
      execl ("/bin/true", "true", (char *) NULL);
      _exit (127);
    }
  printf ("child1 %d\nchild2 %d\n", (int) child1, (int) child2);
  fflush (stdout);
  if (child1 < 0 || child2 < 0
      || waitpid (child1, &status, 0) != child1 || status != 0
      || waitpid (child2, &status, 0) != child2 || status != 0)
    return 1;
  return 0;
}
