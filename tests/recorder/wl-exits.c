/* wl-exits.c: ways to end without exit handlers
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * wl-exits MODE: allocates 7 blocks of 100 bytes (leaked), then
 *   _exit    _exit (0)
 *   abort    abort ()
 *   exec     execl ("/bin/true")
 *   kill     waits 100 ms, raises SIGKILL
 *   signal   raise (SIGTERM), default action
 *   sigexit  allocates and frees in a loop until a timer's signal handler
 *            calls exit (0), likely inside a recorder's hook
 * Every mode but kill, signal and sigexit ends right after the last
 * allocation.
 */

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void * volatile sink;

static void
exit_now (int sig)
{
  exit (0);
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = argc > 1 ? argv[1] : "";

  for (int i = 0; i < 7; i++)
    sink = malloc (100);

  if (strcmp (mode, "_exit") == 0)
    _exit (0);
  if (strcmp (mode, "abort") == 0)
    abort ();
  if (strcmp (mode, "exec") == 0)
    {
      execl ("/bin/true", "true", (char *) NULL);
      return 1;
    }
  if (strcmp (mode, "kill") == 0)
    {
      struct timespec wait = { 0, 100 * 1000 * 1000 };

      nanosleep (&wait, NULL);
      raise (SIGKILL);
    }
  if (strcmp (mode, "signal") == 0)
    raise (SIGTERM);
  if (strcmp (mode, "sigexit") == 0)
    {
      struct itimerval soon = { { 0, 0 }, { 0, 2000 } };

      signal (SIGALRM, exit_now);
      setitimer (ITIMER_REAL, &soon, NULL);
      for (;;)
        {
          sink = malloc (32);
          free (sink);
        }
    }
  return 1;
}
