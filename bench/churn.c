/* churn.c: allocation workload for bench/read-bench.sh
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three call sites, each a dozen frames deep, allocate and free blocks of
 * a few sizes in a tight loop (CHURN_PAIRS pairs in all, 12 million by
 * default), so that a heaptrack recording of it holds tens of millions
 * of + and - events over a small number of traces.  A ring of blocks stays
 * alive for a while, so the peak is well above a single block, and a few
 * blocks are never freed, so that "total memory leaked" is not zero.
 *
 * Build: gcc -O2 -g -o churn churn.c
 * Run:   ./churn [PAIRS]
 */

#include <stdio.h>
#include <stdlib.h>

/* noipa: no inlining, cloning or merging of identical functions, so each
 * frame shows in the trace under its own name */
#define NOINLINE __attribute__ ((noipa))
#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

/* blocks kept alive at once by site C; odd, so that the block a call frees
 * has the other size (another allocation-info) and is not "temporary" */
#define RING 4095

static void *ring[RING];
static unsigned long ring_pos;

/* The leaf: one malloc/free pair, or a block parked in the ring. */
static NOINLINE void
leaf_a (size_t size)
{
  void *p = malloc (size);

  KEEP (p);
  free (p);
}

static NOINLINE void
leaf_b (size_t size)
{
  char *p = malloc (size);

  p[0] = (char) size;
  KEEP (p);
  free (p);
}

static NOINLINE void
leaf_c (size_t size)
{
  void *p = malloc (size);
  unsigned long slot = ring_pos++ % RING;

  KEEP (p);
  free (ring[slot]);       /* free (NULL) is not recorded by heaptrack */
  ring[slot] = p;
}

/* Eleven frames above each leaf; the depth argument keeps gcc from folding
 * them together. */
#define FRAME(name, next)                       \
  static NOINLINE void                          \
  name (size_t size, int depth)                 \
  {                                             \
    next (size, depth + 1);                     \
    KEEP (depth);                               \
  }

#define CHAIN(x, leaf)                                                  \
  static NOINLINE void x##_11 (size_t size, int depth)                  \
  { leaf (size); KEEP (depth); }                                        \
  FRAME (x##_10, x##_11) FRAME (x##_9, x##_10) FRAME (x##_8, x##_9)     \
  FRAME (x##_7, x##_8) FRAME (x##_6, x##_7) FRAME (x##_5, x##_6)        \
  FRAME (x##_4, x##_5) FRAME (x##_3, x##_4) FRAME (x##_2, x##_3)        \
  FRAME (x##_1, x##_2) FRAME (x##_0, x##_1)

CHAIN (site_a, leaf_a)
CHAIN (site_b, leaf_b)
CHAIN (site_c, leaf_c)

static NOINLINE void
leak_some (void)
{
  for (int i = 0; i < 100; i++)
    {
      void *p = malloc (1000 + i);

      KEEP (p);
    }
}

int
main (int   argc,
      char *argv[])
{
  unsigned long pairs = argc > 1 ? strtoul (argv[1], NULL, 10) : 12000000;

  for (unsigned long i = 0; i < pairs; i++)
    {
      switch (i % 3)
        {
        case 0:
          site_a_0 (16 + (i & 7) * 8, 0);
          break;
        case 1:
          site_b_0 (64 + (i & 3) * 32, 0);
          break;
        default:
          site_c_0 (256 + (i & 1) * 256, 0);
          break;
        }
    }

  /* half the ring stays alive to the end: leaked */
  for (unsigned long i = 0; i < RING / 2; i++)
    {
      free (ring[i]);
      ring[i] = NULL;
    }
  leak_some ();
  printf ("churn: %lu malloc/free pairs\n", pairs);
  return 0;
}
