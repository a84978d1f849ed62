/* unwind-nofp.c: walk steps built without frame pointers (see unwind-helpers.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <alloca.h>

#include "unwind-helpers.h"

__attribute__ ((noinline)) void
unwind_nofp_small (Walk *w, int depth)
{
  volatile int x = depth;

  walk_next (w, depth);
  x++;
}

__attribute__ ((noinline)) void
unwind_nofp_big (Walk *w, int depth)
{
  volatile char buf[700];

  buf[depth % sizeof buf] = 1;
  walk_next (w, depth);
  buf[0]++;
}

/* variable-length frames need RBP even here */
__attribute__ ((noinline)) void
unwind_nofp_vla (Walk *w, int depth)
{
  volatile char buf[8 + depth * 40];

  buf[depth] = 1;
  walk_next (w, depth);
  buf[0]++;
}

__attribute__ ((noinline)) void
unwind_nofp_alloca (Walk *w, int depth)
{
  volatile char *buf = alloca (32 + (depth % 7) * 100);

  buf[0] = 1;
  walk_next (w, depth);
  buf[0]++;
}

/* a frame above 64 KiB, and callee-saved registers pushed around it */
__attribute__ ((noinline)) void
unwind_nofp_huge (Walk *w, int depth)
{
  volatile char buf[70000];
  int a = depth * 3, b = depth * 5, c = depth * 7;

  buf[depth] = 1;
  walk_next (w, depth);
  buf[a % 100] += (char) (b + c);
}
