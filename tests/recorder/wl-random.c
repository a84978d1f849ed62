/* wl-random.c: allocations of sizes at random, freed in random order
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace text that hardly compresses: about 4 MiB of it, which zstd's
 * level 6 cannot bring below an eighth, so the symbolizer goes on at level
 * 4 in a second frame. The sequence is fixed (xorshift with a fixed seed),
 * and the program prints its own figures: "calls N peak P leaked L".
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CALLS 300000
#define SLOTS 1024

static uint64_t state = 88172645463325252ull;

static uint64_t
next (void)
{
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

int
main (void)
{
  static void *slot[SLOTS];
  static size_t size[SLOTS];
  uint64_t live = 0, peak = 0, leaked = 0;
  char line[80];
  int n;

  for (int i = 0; i < CALLS; i++)
    {
      int k = next () % SLOTS;

      if (slot[k] != NULL)
        {
          free (slot[k]);
          live -= size[k];
        }
      size[k] = 1 + next () % 4096;
      slot[k] = malloc (size[k]);
      if (slot[k] == NULL)
        return 1;
      live += size[k];
      if (live > peak)
        peak = live;
    }
  /* every other slot leaks */
  for (int k = 0; k < SLOTS; k++)
    {
      if (k % 2 == 0)
        free (slot[k]);
      else
        leaked += size[k];
    }
  /* not printf: stdout's buffer would be one more allocation */
  n = snprintf (line, sizeof line, "calls %d peak %llu leaked %llu\n", CALLS,
                (unsigned long long) peak, (unsigned long long) leaked);
  return write (STDOUT_FILENO, line, n) == n ? 0 : 1;
}
