/* wl-closefds.c: a program that closes every file descriptor it can
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Allocates 10 bytes, closes every descriptor from 3 up with close() in a
 * loop, allocates 20, closes them again with close_range(), allocates 30,
 * with closefrom(), allocates 40, then dup2()s stderr onto 1000 to 1009
 * (where a recorder keeps its own) and allocates 50. All leaked: calls 5,
 * leaked 150. Exits with 1 when a call fails as it would not without a
 * recorder.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static void * volatile sink;

int
main (void)
{
  struct rlimit limit;
  int max = 4096;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t) max)
    max = (int) limit.rlim_cur;

  sink = malloc (10);
  for (int fd = 3; fd < max; fd++)
    if (close (fd) != 0 && errno != EBADF)
      return 1;
  sink = malloc (20);
  if (close_range (3, ~0u, 0) != 0)
    return 1;
  sink = malloc (30);
  closefrom (3);
  sink = malloc (40);
  for (int fd = 1000; fd < 1010; fd++)
    if (dup2 (STDERR_FILENO, fd) != fd)
      return 1;
  sink = malloc (50);
  return 0;
}
