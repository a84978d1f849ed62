/* wl-builds.c: one small program in two builds, for the comparison
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built twice, into two folders (build-a/ and build-b/, both named
 * wl-builds): WL_BUILD 1 is the run before, 2 the run after. What changed
 * from the first to the second, exactly (test-recorder's two-builds):
 *
 *   make_buffer: 10 blocks of 100 bytes, all leaked, then 20: +10 calls,
 *     +1000 bytes leaked;
 *   old_cache: one block of 5000 bytes, leaked, only in the first: removed;
 *   new_cache: one block of 7000 bytes, leaked, only in the second: added;
 *   scratch: 5 temporary blocks of 64 bytes in both: no change.
 *
 * The two programs live in different folders: the functions pair by their
 * names and the module's file name, not its path.
 */

#include <stdlib.h>

static void *volatile kept[32];

__attribute__((noinline)) static void *
make_buffer (size_t size)
{
  return malloc (size);
}

#if WL_BUILD == 1
__attribute__((noinline)) static void
old_cache (void)
{
  kept[0] = malloc (5000);
}
#else
__attribute__((noinline)) static void
new_cache (void)
{
  kept[0] = malloc (7000);
}
#endif

__attribute__((noinline)) static void
scratch (void)
{
  for (int i = 0; i < 5; i++)
    {
      void *volatile block = malloc (64);

      free (block);
    }
}

int
main (void)
{
  for (int i = 0; i < WL_BUILD * 10; i++)
    kept[1 + i] = make_buffer (100);
#if WL_BUILD == 1
  old_cache ();
#else
  new_cache ();
#endif
  scratch ();
  return 0;
}
