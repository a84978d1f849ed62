/* wl-timeline.c: a program whose heap changes over a second and a half, for the charts
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recorded into tests/fixtures/wl-timeline.zst (built with -O0 -g, so that
 * every call stays as written):
 *   gcc -O0 -g -o wl-timeline tests/workloads/wl-timeline.c
 *   heaptrack-gtk-record -o tests/fixtures/wl-timeline.zst ./wl-timeline
 * Phases: records load and stay; lines are parsed into temporary buffers;
 * a cache grows, then drops half of what it holds; an index is built and
 * freed; at the end the records are freed but for a few that leak.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_RECORDS 300
#define N_CACHE   200

static void *records[N_RECORDS];
static void *cache[N_CACHE];
static void * volatile sink;

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

  nanosleep (&ts, NULL);
}

__attribute__((noinline)) static void *
load_record (size_t n)
{
  void *p = malloc (n);

  memset (p, 1, n);
  return p;
}

__attribute__((noinline)) static void
parse_line (int i)
{
  char *line = malloc (64 + i % 32);

  line[0] = (char) i;
  sink = line;
  free (line);
}

__attribute__((noinline)) static void *
cache_insert (size_t n)
{
  return calloc (1, n);
}

__attribute__((noinline)) static void *
build_index (size_t n)
{
  return malloc (n);
}

int
main (void)
{
  void *index[8];

  for (int i = 0; i < N_RECORDS; i++)
    {
      records[i] = load_record (2048);
      if (i % 10 == 0)
        sleep_ms (10);
    }
  for (int i = 0; i < 3000; i++)
    {
      parse_line (i);
      if (i % 100 == 0)
        sleep_ms (8);
    }
  for (int i = 0; i < N_CACHE; i++)
    {
      cache[i] = cache_insert (4096);
      if (i % 10 == 0)
        sleep_ms (10);
    }
  for (int i = 0; i < N_CACHE; i += 2)
    {
      free (cache[i]);
      if (i % 20 == 0)
        sleep_ms (10);
    }
  for (int i = 0; i < 8; i++)
    {
      index[i] = build_index (65536);
      sleep_ms (15);
    }
  for (int i = 0; i < 8; i++)
    free (index[i]);
  sleep_ms (50);
  for (int i = 0; i < N_RECORDS - 5; i++)
    {
      free (records[i]);
      if (i % 30 == 0)
        sleep_ms (10);
    }
  for (int i = 1; i < N_CACHE; i += 2)
    free (cache[i]);
  return 0;
}
