/* wl-suppress.c: leaks that the program's own LSan suppressions cover
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked with -rdynamic so the recorder finds __lsan_default_suppressions.
 * Own figures: 3 calls; known_leak leaks 300 bytes (suppressed by the
 * embedded "leak:known_leak"), real_leak leaks 40 bytes.
 */

#include <stdlib.h>

static void * volatile sink;

const char *
__lsan_default_suppressions (void)
{
  return "leak:known_leak\n";
}

__attribute__((noinline)) void
known_leak (void)
{
  sink = malloc (100);
  sink = malloc (200);
}

__attribute__((noinline)) void
real_leak (void)
{
  sink = malloc (40);
}

int
main (void)
{
  known_leak ();
  real_leak ();
  return 0;
}
