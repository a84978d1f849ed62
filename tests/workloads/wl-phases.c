/* wl-phases.c: a program whose heap rises, peaks, falls and leaks over 1.2 s,
 * for the fixture the pictures are tested and shown with
 * (tests/fixtures/wl-phases.zst)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -O0 so that every function stays a frame of its own. Every
 * 10 ms tick:
 *   - ticks 0-59: build_index adds 40 nodes of 64 to 1,024 bytes;
 *   - tick 60: drop_index frees every node but each eighth one;
 *   - ticks 60-119: render_frame makes 200 temporary allocations of 16 to
 *     4,096 bytes;
 *   - every tick: remember_result leaks 2,048 bytes;
 *   - at the start load_config allocates 100 blocks of 4,096 bytes and
 *     frees them at the end.
 * Figures (heaptrack-gtk-print): 14,620 calls, 12,000 temporary, peak
 * 1,484,800 B at the end of the index (409,600 + 952,320 + 122,880),
 * leaked 364,800 B. Recorded with
 *   gcc -O0 -g -o wl-phases wl-phases.c
 *   heaptrack-gtk-record -o wl-phases.zst ./wl-phases
 */

#include <stdlib.h>
#include <time.h>

#define TICKS 120
#define INDEX_TICKS 60
#define NODES_PER_TICK 40

static void * volatile sink;
static void *config[100];
static void *index_nodes[INDEX_TICKS * NODES_PER_TICK];

__attribute__((noinline)) static void
load_config (void)
{
  for (int i = 0; i < 100; i++)
    config[i] = malloc (4096);
}

__attribute__((noinline)) static void
free_config (void)
{
  for (int i = 0; i < 100; i++)
    free (config[i]);
}

__attribute__((noinline)) static void *
new_node (size_t size)
{
  return malloc (size);
}

__attribute__((noinline)) static void
build_index (int tick)
{
  for (int i = 0; i < NODES_PER_TICK; i++)
    index_nodes[tick * NODES_PER_TICK + i] = new_node (64 << (i % 5));
}

__attribute__((noinline)) static void
drop_index (void)
{
  for (int i = 0; i < INDEX_TICKS * NODES_PER_TICK; i++)
    if (i % 8 != 0)
      free (index_nodes[i]);
}

__attribute__((noinline)) static void
render_frame (int tick)
{
  for (int i = 0; i < 200; i++)
    {
      sink = malloc (16 << ((tick + i) % 9));
      free (sink);
    }
}

__attribute__((noinline)) static void
remember_result (void)
{
  sink = malloc (2048);
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { 0, ms * 1000000 };

  nanosleep (&ts, NULL);
}

int
main (void)
{
  load_config ();
  for (int tick = 0; tick < TICKS; tick++)
    {
      if (tick < INDEX_TICKS)
        build_index (tick);
      else
        {
          if (tick == INDEX_TICKS)
            drop_index ();
          render_frame (tick);
        }
      remember_result ();
      sleep_ms (10);
    }
  free_config ();
  return 0;
}
