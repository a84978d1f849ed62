/* mixed.c: the other allocation functions, for bench/record-bench.sh
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * About 400,000 calls (with the default ROUNDS of 40) besides plain malloc:
 *
 * - realloc growth: buffers that start with realloc (NULL, ...) and grow by
 *   a few bytes at a time (often in place) or double (often moving);
 * - calloc of arrays of varying element counts and sizes, freed in FIFO
 *   order;
 * - aligned blocks: posix_memalign, aligned_alloc, valloc and memalign,
 *   alignments from 16 bytes to a page.
 *
 * Every block is freed except a few per round (leaked on purpose). The
 * program prints how many allocation calls it made and how many of them
 * were memalign, which heaptrack 1.4 does not intercept.
 *
 * Build: gcc -O2 -g -o mixed mixed.c
 * Run:   ./mixed [ROUNDS]
 */

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__ ((noipa))
#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

#define BUFFERS 64         /* buffers grown side by side */
#define SMALL_STEPS 60     /* +24 bytes each */
#define DOUBLINGS 10       /* 32 bytes to 32 KiB */
#define CALLOCS 2048
#define FIFO 256
#define ALIGNED 1024

static unsigned long calls;     /* allocation calls made */
static unsigned long memaligns; /* of which memalign */

/* --- realloc --------------------------------------------------------------- */

static NOINLINE char *
grow (char *buf, size_t size)
{
  char *p = realloc (buf, size);

  if (p == NULL)
    abort ();
  p[size - 1] = 'x';
  KEEP (p);
  calls++;
  return p;
}

static NOINLINE void
realloc_small_steps (void)
{
  char *bufs[BUFFERS];

  for (int b = 0; b < BUFFERS; b++)
    bufs[b] = grow (NULL, 8 + b);
  /* interleaved, so the neighbours are in the way and some moves happen */
  for (int step = 1; step <= SMALL_STEPS; step++)
    for (int b = 0; b < BUFFERS; b++)
      bufs[b] = grow (bufs[b], 8 + b + 24 * step);
  for (int b = 0; b < BUFFERS; b++)
    free (bufs[b]);
}

static NOINLINE void
realloc_doubling (void)
{
  char *bufs[BUFFERS];

  for (int b = 0; b < BUFFERS; b++)
    bufs[b] = grow (NULL, 32);
  for (int d = 1; d <= DOUBLINGS; d++)
    for (int b = 0; b < BUFFERS; b++)
      bufs[b] = grow (bufs[b], (size_t) 32 << d);
  for (int b = 0; b < BUFFERS; b++)
    free (bufs[b]);
}

/* --- calloc ---------------------------------------------------------------- */

static NOINLINE void *
zeroed (size_t count, size_t size)
{
  unsigned char *p = calloc (count, size);

  if (p == NULL)
    abort ();
  KEEP (p);
  if (p[count * size - 1] != 0)
    abort ();
  calls++;
  return p;
}

static NOINLINE void
calloc_fifo (void)
{
  void *fifo[FIFO] = { NULL };

  for (unsigned i = 0; i < CALLOCS; i++)
    {
      unsigned slot = i % FIFO;

      free (fifo[slot]);
      fifo[slot] = zeroed (1 + i % 37, 4 << (i % 5));
    }
  for (unsigned i = 0; i < FIFO; i++)
    free (fifo[i]);
}

/* --- aligned --------------------------------------------------------------- */

static NOINLINE void *
aligned_posix (size_t align, size_t size)
{
  void *p = NULL;

  if (posix_memalign (&p, align, size) != 0)
    abort ();
  KEEP (p);
  calls++;
  return p;
}

static NOINLINE void *
aligned_c11 (size_t align, size_t size)
{
  /* C11 wants size to be a multiple of the alignment */
  void *p = aligned_alloc (align, (size + align - 1) / align * align);

  if (p == NULL)
    abort ();
  KEEP (p);
  calls++;
  return p;
}

static NOINLINE void *
aligned_page (size_t size)
{
  void *p = valloc (size);

  if (p == NULL)
    abort ();
  KEEP (p);
  calls++;
  return p;
}

static NOINLINE void *
aligned_old (size_t align, size_t size)
{
  void *p = memalign (align, size);

  if (p == NULL)
    abort ();
  KEEP (p);
  calls++;
  memaligns++;
  return p;
}

static NOINLINE void
aligned_mix (void)
{
  void *live[16] = { NULL };

  for (unsigned i = 0; i < ALIGNED; i++)
    {
      size_t align = (size_t) 16 << (i % 9);     /* 16 .. 4096 */
      size_t size = 24 + (i * 40) % 2000;
      unsigned slot = i % 16;
      void *p;

      switch (i % 8)
        {
        case 0: case 1: case 2:
          p = aligned_posix (align, size);
          break;
        case 3: case 4: case 5:
          p = aligned_c11 (align, size);
          break;
        case 6:
          p = (i / 8) % 8 == 0 ? aligned_page (size) : aligned_posix (64, size);
          break;
        default:
          p = aligned_old (align, size);
          break;
        }
      free (live[slot]);
      live[slot] = p;
    }
  for (unsigned i = 0; i < 16; i++)
    free (live[i]);
}

static NOINLINE void
leak_some (unsigned round)
{
  void *p = malloc (200 + round);
  void *q = zeroed (3, 50 + round);

  KEEP (p);
  KEEP (q);
  calls++;
}

int
main (int   argc,
      char *argv[])
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 40;

  for (unsigned long r = 0; r < rounds; r++)
    {
      realloc_small_steps ();
      realloc_doubling ();
      calloc_fifo ();
      aligned_mix ();
      leak_some (r);
    }
  printf ("mixed: %lu allocation calls, %lu of them memalign\n", calls, memaligns);
  return 0;
}
