/* ht-preload-stacks.c: the global table of stacks
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each distinct stack gets an id, and its definition goes into the stream
 * once, before the first event that uses it. A hook captures the stack and
 * looks it up in its thread's cache first (capture and stack_id, inline in
 * ht-preload-private.h, as they run on every allocation); only on a miss
 * does it come here, under table_lock, to the table every thread shares.
 * The frames the table keeps never move, so that the caches can compare
 * against them without the lock.
 */

#define _GNU_SOURCE

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "ht-preload-private.h"

/* frames of the stack table, in segments that never move */
#define POOL_SEGMENT (1 << 20)
#define POOL_SEGMENTS 256

typedef struct
{
  uint64_t hash;
  uint32_t id;     /* 0 = empty slot */
  uint32_t epoch;
  uint32_t n;
  const uintptr_t *frames;
} StackSlot;

HtStacks ht_stacks = {
  .table_lock = PTHREAD_MUTEX_INITIALIZER,
};

static StackSlot *stack_slots;
static size_t stack_capacity;  /* power of two */
static size_t stack_count;
static uintptr_t *pool_segments[POOL_SEGMENTS];
static size_t pool_segment, pool_used;  /* the current segment, frames used in it */
static uint32_t next_stack_id = 1;

static bool
table_grow (void)
{
  size_t cap = stack_capacity ? stack_capacity * 2 : 16384;
  StackSlot *slots = map_zeroed (cap * sizeof (StackSlot));

  if (slots == NULL)
    return false;
  for (size_t i = 0; i < stack_capacity; i++)
    {
      StackSlot *s = &stack_slots[i];
      size_t j;

      if (s->id == 0)
        continue;
      j = s->hash & (cap - 1);
      while (slots[j].id != 0)
        j = (j + 1) & (cap - 1);
      slots[j] = *s;
    }
  if (stack_slots)
    munmap (stack_slots, stack_capacity * sizeof (StackSlot));
  stack_slots = slots;
  stack_capacity = cap;
  return true;
}

/* Under table_lock: a lasting copy of @n frames. The per-thread caches
 * compare against it without the lock, so it never moves. */
static const uintptr_t *
pool_store (const uintptr_t *frames,
            size_t           n)
{
  uintptr_t *p;

  if (pool_segments[pool_segment] != NULL && pool_used + n > POOL_SEGMENT)
    {
      if (pool_segment + 1 == POOL_SEGMENTS)
        return NULL;
      pool_segment++;
      pool_used = 0;
    }
  if (pool_segments[pool_segment] == NULL)
    pool_segments[pool_segment] = map_zeroed (POOL_SEGMENT * sizeof (uintptr_t));
  if (pool_segments[pool_segment] == NULL)
    return NULL;
  p = pool_segments[pool_segment] + pool_used;
  memcpy (p, frames, n * sizeof (uintptr_t));
  pool_used += n;
  return p;
}

/* Under table_lock: the id of @stack in @ep, its stored @frames, and
 * whether it is new. */
uint32_t
_ht_table_lookup (const Stack      *stack,
                  uint32_t          ep,
                  const uintptr_t **frames,
                  bool             *is_new)
{
  uint64_t hash = stack->hash ^ ep;
  size_t j;

  *is_new = false;
  if ((stack_count + 1) * 4 > stack_capacity * 3 && !table_grow ())
    return 0;
  j = hash & (stack_capacity - 1);
  while (stack_slots[j].id != 0)
    {
      StackSlot *s = &stack_slots[j];

      if (s->hash == hash && s->epoch == ep && s->n == (uint32_t) stack->n
          && memcmp (s->frames, stack->frames, stack->n * sizeof (uintptr_t)) == 0)
        {
          *frames = s->frames;
          return s->id;
        }
      j = (j + 1) & (stack_capacity - 1);
    }
  *frames = pool_store (stack->frames, stack->n);
  if (*frames == NULL)
    return 0;
  stack_slots[j].hash = hash;
  stack_slots[j].epoch = ep;
  stack_slots[j].n = stack->n;
  stack_slots[j].frames = *frames;
  stack_slots[j].id = next_stack_id++;
  stack_count++;
  *is_new = true;
  return stack_slots[j].id;
}

/* Forgets every stack id: a new stream defines its stacks again. */
void
_ht_reset_stacks (void)
{
  if (stack_slots)
    memset (stack_slots, 0, stack_capacity * sizeof (StackSlot));
  stack_count = 0;
  pool_segment = 0;
  pool_used = 0;
  next_stack_id = 1;
  /* the per-thread caches hold ids of the old epoch */
  atomic_fetch_add (&ht_stacks.epoch, 1);
}
