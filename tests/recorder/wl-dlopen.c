/* wl-dlopen.c: two libraries, one after the other, at the same address
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * wl-dlopen LIB-ONE LIB-TWO: loads LIB-ONE, allocates 3 x 11 bytes through
 * its alloc_in_lib_one, unloads it, loads LIB-TWO and allocates 5 x 13
 * bytes through alloc_in_lib_two; all leaked. Exits with 3 when the second
 * library did not come at the first one's address (the test then has
 * nothing to check), 1 on any other failure.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>

typedef void *(*AllocFunc) (size_t);

static void * volatile sink;

static int
use_library (const char *path,
             const char *function,
             size_t      size,
             int         times,
             ElfW(Addr) *base)
{
  void *handle = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  struct link_map *map = NULL;
  AllocFunc alloc;

  if (handle == NULL)
    {
      fprintf (stderr, "wl-dlopen: %s\n", dlerror ());
      return 1;
    }
  alloc = (AllocFunc) dlsym (handle, function);
  if (alloc == NULL || dlinfo (handle, RTLD_DI_LINKMAP, &map) != 0)
    return 1;
  *base = map->l_addr;
  for (int i = 0; i < times; i++)
    sink = alloc (size);
  return dlclose (handle) == 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  ElfW(Addr) one = 0, two = 0;

  if (argc != 3)
    return 1;
  if (use_library (argv[1], "alloc_in_lib_one", 11, 3, &one) != 0
      || use_library (argv[2], "alloc_in_lib_two", 13, 5, &two) != 0)
    return 1;
  return one == two ? 0 : 3;
}
