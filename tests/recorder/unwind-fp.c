/* unwind-fp.c: walk steps built with frame pointers (see unwind-helpers.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "unwind-helpers.h"

/* The volatile buffers give each frame its size; the sum after the call
 * keeps the call out of tail position. */

__attribute__ ((noinline)) void
unwind_fp_small (Walk *w, int depth)
{
  volatile int x = depth;

  walk_next (w, depth);
  x++;
}

__attribute__ ((noinline)) void
unwind_fp_big (Walk *w, int depth)
{
  volatile char buf[3000];

  buf[depth % sizeof buf] = 1;
  walk_next (w, depth);
  buf[0]++;
}

__attribute__ ((noinline)) void
unwind_fp_vla (Walk *w, int depth)
{
  volatile char buf[16 + depth * 24];

  buf[depth] = 1;
  walk_next (w, depth);
  buf[0]++;
}
