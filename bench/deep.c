/* deep.c: many distinct deep stacks, for bench/gui-bench.sh
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 4,096 distinct call paths (12 levels of a choice between two functions)
 * under a recursion 18 to 48 frames deep, 240 allocations each: 983,040
 * allocations from 4,096 stacks of 30 to 60 frames. Every tenth block is
 * kept until the end of its path, every hundredth is leaked.
 *
 * Build: gcc -O2 -g -o deep deep.c
 */

#include <stdlib.h>

#define NOINLINE __attribute__ ((noipa))
#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

#define LEVELS 12
#define PER_PATH 240

static NOINLINE void
allocate (unsigned path)
{
  void *kept[PER_PATH / 10];
  unsigned n_kept = 0;

  for (unsigned i = 0; i < PER_PATH; i++)
    {
      void *p = malloc (16 + (path % 61) * 8 + i % 3);

      KEEP (p);
      if (i % 100 == 99)
        continue;                 /* leaked */
      if (i % 10 == 0)
        kept[n_kept++] = p;
      else
        free (p);
    }
  for (unsigned i = 0; i < n_kept; i++)
    free (kept[i]);
}

static NOINLINE void recurse (unsigned path, unsigned depth);
static NOINLINE void step_b (unsigned path, unsigned level);

static NOINLINE void
step_a (unsigned path, unsigned level)
{
  if (level == LEVELS)
    recurse (path, 18 + path % 31);
  else if (path >> level & 1)
    step_a (path, level + 1);
  else
    step_b (path, level + 1);
  KEEP (path);
}

static NOINLINE void
step_b (unsigned path, unsigned level)
{
  if (level == LEVELS)
    recurse (path, 18 + path % 31);
  else if (path >> level & 1)
    step_a (path, level + 1);
  else
    step_b (path, level + 1);
  KEEP (path);
}

static NOINLINE void
recurse (unsigned path, unsigned depth)
{
  if (depth == 0)
    allocate (path);
  else
    recurse (path, depth - 1);
  KEEP (depth);
}

int
main (void)
{
  for (unsigned path = 0; path < 1u << LEVELS; path++)
    step_a (path, 0);
  return 0;
}
