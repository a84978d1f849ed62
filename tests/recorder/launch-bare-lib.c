/* launch-bare-lib.c: a library without symbols, for launch-missing.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built stripped and with hidden visibility: its one exported function
 * calls a function that has no name anywhere, neither in .symtab (gone)
 * nor in .dynsym (hidden), as in a library installed without its -dbgsym
 * package.
 */

#include <stdlib.h>

#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

__attribute__ ((noinline)) static void
bare_alloc (void)
{
  for (int i = 0; i < 10; i++)
    KEEP (malloc (100));
}

__attribute__ ((visibility ("default"))) void launch_bare_lib_run (void);

void
launch_bare_lib_run (void)
{
  bare_alloc ();
  KEEP (malloc (1));
}
