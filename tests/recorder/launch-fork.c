/* launch-fork.c: a parent and two children for --follow-fork
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent leaks malloc (10). The first child leaks three malloc (20)
 * and exits; the second child execs /bin/true. The parent prints
 * "child1 PID" and "child2 PID" on stdout, waits for both and exits 0.
 *
 * launch-fork fake: the same children, but instead of recording they play
 * the preload library's part of --follow-fork for the launcher's sake:
 * each connects to HT_FOLLOW_FORK_SOCKET and sends "PID NAME"; the second
 * does so twice, as "launch-fork" and as "true", like a fork and an exec.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

/* one stream as the preload library would open it, with a stand-in for
 * its contents */
static void
fake_stream (const char *name)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  const char *path = getenv ("HT_FOLLOW_FORK_SOCKET");
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);

  if (path == NULL || fd < 0 || strlen (path) >= sizeof address.sun_path)
    _exit (3);
  strcpy (address.sun_path, path);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    _exit (3);
  if (dprintf (fd, "%d %s\n", (int) getpid (), name) < 0)
    _exit (3);
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  int fake = argc > 1 && strcmp (argv[1], "fake") == 0;
  pid_t child1, child2;
  int status;

  KEEP (malloc (10));

  child1 = fork ();
  if (child1 == 0)
    {
      if (fake)
        fake_stream ("launch-fork");
      for (int i = 0; i < 3; i++)
        KEEP (malloc (20));
      /* exit, not _exit: the recorder flushes at exit */
      exit (0);
    }
  child2 = fork ();
  if (child2 == 0)
    {
      if (fake)
        {
          fake_stream ("launch-fork");
          fake_stream ("true");
          exit (0);
        }
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
