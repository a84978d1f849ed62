/* unwind-shlib.c: a walk step in a shared library (see unwind-helpers.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "unwind-helpers.h"

__attribute__ ((noinline)) void
unwind_shlib_step (Walk *w, int depth)
{
  volatile char buf[100];

  buf[depth % sizeof buf] = 1;
  walk_next (w, depth);
  buf[0]++;
}
