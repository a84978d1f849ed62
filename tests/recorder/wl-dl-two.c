/* wl-dl-two.c: a library for wl-dlopen.c, loaded at the same address as its twin
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * wl-dl-one.c and wl-dl-two.c differ only in their function's name (of the
 * same length), so both have the same layout and the same addresses.
 */

#include <stdlib.h>

void *alloc_in_lib_two (size_t size);

void *
alloc_in_lib_two (size_t size)
{
  void *p = malloc (size);

  return p;
}
