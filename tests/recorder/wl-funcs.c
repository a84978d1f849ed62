/* wl-funcs.c: every hooked allocator function once, plus fork and exec
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures our recorder must give (heaptrack 1.4 misses memalign, pvalloc and
 * realloc (p, 0), docs/raw-stream.md §7):
 *   calls   12: malloc, calloc, realloc x2, posix_memalign, aligned_alloc,
 *               memalign, valloc, pvalloc, reallocarray x2, malloc
 *   peak    10 + 21 + 40 + 50 + 64 + 70 + 80 + 90 + 125 + 17 = 567
 *   leaked  10 (the first malloc); realloc (p, 0) frees p
 * The forked child's allocation and the exec'ed shell are not recorded.
 */

#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void * volatile sink;

int
main (void)
{
  void *a, *b, *c, *d = NULL, *e, *f, *g, *h, *i, *z;
  pid_t pid;

  a = malloc (10);
  b = calloc (3, 7);
  c = realloc (NULL, 30);
  c = realloc (c, 40);
  if (posix_memalign (&d, 64, 50) != 0)
    return 1;
  e = aligned_alloc (64, 64);
  f = memalign (32, 70);
  g = valloc (80);
  h = pvalloc (90);
  i = reallocarray (NULL, 4, 25);
  i = reallocarray (i, 5, 25);
  z = malloc (17);
  sink = z;
  z = realloc (z, 0);   /* frees and returns NULL on glibc */
  sink = z;

  pid = fork ();
  if (pid == 0)
    {
      sink = malloc (1000);
      execl ("/bin/sh", "sh", "-c", "exit 0", (char *) NULL);
      _exit (1);
    }
  if (pid < 0 || waitpid (pid, NULL, 0) != pid)
    return 1;

  sink = a;
  free (b);
  free (c);
  free (d);
  free (e);
  free (f);
  free (g);
  free (h);
  free (i);
  return 0;
}
