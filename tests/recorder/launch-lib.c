/* launch-lib.c: a library launch-target dlopens after the attach
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its calls to malloc and free are recorded only if the GOT slots of
 * objects loaded after the attach get patched too.
 */

#include <stdlib.h>

#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

void launch_lib_alloc (void);

/* three temporary allocations of 1000 bytes, one of 7 bytes leaked */
void
launch_lib_alloc (void)
{
  for (int i = 0; i < 3; i++)
    {
      char *p = malloc (1000);

      p[0] = 1;
      KEEP (p);
      free (p);
    }
  KEEP (malloc (7));
}
