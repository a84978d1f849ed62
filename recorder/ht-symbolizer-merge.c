/* ht-symbolizer-merge.c: the threads' events merged into one order
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The threads' events arrive in per-thread chunks; each thread's events
 * wait in a queue until a watermark says that every event numbered below
 * it has arrived, and then go out merged in number order (a heap over the
 * queues' heads): allocations, frees and timestamps become `a`, `+`, `-`,
 * `c` and `R` lines, a module list replaces the symbols' modules. Here
 * too the live-pointer map and the statistics. This is the symbolizer's
 * busiest path, once for every event of the program: what it needs of
 * the other rooms per event is inline or one call.
 */

#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <string.h>

#include "ht-symbolizer-private.h"

/* a chunk's records, as they came */
typedef struct
{
  gsize  len;
  guint8 data[];
} Chunk;

/* A thread's events waiting for their watermark. Between two watermarks
 * hundreds of thousands of events can wait: they stay in their chunks'
 * bytes, some 6 an event where a decoded record takes 40, and are decoded
 * one at a time as they go out. */
typedef struct
{
  GQueue         chunks;    /* Chunk, oldest first */
  const guint8  *pos;       /* the next record of the first chunk, NULL before it */
  const guint8  *end;
  guint64        seq, ptr;  /* that chunk's delta bases */
  HtStreamRecord head;      /* the next event, if has_head */
  gboolean       has_head;
  gboolean       ended;
} Queue;

/* ---- events in seq order ------------------------------------------------- */

static guint
info_key_hash (gconstpointer key)
{
  const InfoKey *k = key;

  return (guint) (k->size * 0x9e3779b97f4a7c15ull) ^ k->trace * 0x85ebca6bu;
}

static gboolean
info_key_equal (gconstpointer a,
                gconstpointer b)
{
  const InfoKey *ka = a, *kb = b;

  return ka->size == kb->size && ka->trace == kb->trace;
}

static inline gsize
ptr_slot (const PtrMap *map,
          guint64       key)
{
  return (gsize) ((key * 0x9e3779b97f4a7c15ull) >> 20) & map->mask;
}

static void
ptr_map_grow (PtrMap *map)
{
  PtrMap bigger = { 0 };

  bigger.mask = map->slots ? map->mask * 2 + 1 : 65535;
  bigger.slots = g_new0 (PtrSlot, bigger.mask + 1);
  bigger.count = map->count;
  for (gsize i = 0; map->slots != NULL && i <= map->mask; i++)
    if (map->slots[i].key != 0)
      {
        gsize j = ptr_slot (&bigger, map->slots[i].key);

        while (bigger.slots[j].key != 0)
          j = (j + 1) & bigger.mask;
        bigger.slots[j] = map->slots[i];
      }
  g_free (map->slots);
  *map = bigger;
}

/* maps @key to @value; returns the value it replaced, 0 for none */
static guint32
ptr_map_set (PtrMap  *map,
             guint64  key,
             guint32  value)
{
  gsize j;

  if ((map->count + 1) * 4 > (map->mask + 1) * 3 || map->slots == NULL)
    ptr_map_grow (map);
  for (j = ptr_slot (map, key); map->slots[j].key != 0; j = (j + 1) & map->mask)
    if (map->slots[j].key == key)
      {
        guint32 old = map->slots[j].value;

        map->slots[j].value = value;
        return old;
      }
  map->slots[j].key = key;
  map->slots[j].value = value;
  map->count++;
  return 0;
}

/* removes @key; returns its value, 0 when it was not there */
static guint32
ptr_map_take (PtrMap  *map,
              guint64  key)
{
  gsize j, next;
  guint32 value;

  if (map->slots == NULL)
    return 0;
  for (j = ptr_slot (map, key); map->slots[j].key != key; j = (j + 1) & map->mask)
    if (map->slots[j].key == 0)
      return 0;
  value = map->slots[j].value;
  map->count--;
  /* shift the following entries of the run back, so no lookup stops early */
  for (next = (j + 1) & map->mask; map->slots[next].key != 0; next = (next + 1) & map->mask)
    {
      gsize home = ptr_slot (map, map->slots[next].key);

      /* move it if its home is not within (j, next] */
      if ((next > j && (home <= j || home > next)) || (next < j && home <= j && home > next))
        {
          map->slots[j] = map->slots[next];
          j = next;
        }
    }
  map->slots[j].key = 0;
  return value;
}

static void
emit_alloc (Symbolizer *self,
            guint64     size,
            guint64     stack,
            guint64     pointer)
{
  InfoKey key = { size, _ht_symbols_stack_trace (self, stack) };
  InfoCacheEntry *cached = &self->info_cache[(size * 0x9e3779b97f4a7c15ull ^ key.trace * 0xc2b2ae3d27d4eb4full)
                                             >> 52 & (INFO_CACHE_SIZE - 1)];
  guint32 info;
  guint64 idx;

  if (cached->info != 0 && cached->key.size == size && cached->key.trace == key.trace)
    info = cached->info;
  else
    info = GPOINTER_TO_UINT (g_hash_table_lookup (self->infos, &key));
  if (info == 0)
    {
      guint64 a[2] = { size, key.trace };

      _ht_writer_record (self, 'a', 2, a);
      g_hash_table_insert (self->infos, g_memdup2 (&key, sizeof key),
                           GUINT_TO_POINTER (++self->n_infos));
      info = self->n_infos;
    }
  cached->key = key;
  cached->info = info;
  idx = info - 1;
  _ht_writer_record (self, '+', 1, &idx);
  _ht_totals_alloc (self, (guint32) idx);

  ptr_map_set (&self->pointers, pointer, info);
}

static void
emit_free (Symbolizer *self,
           guint64     pointer)
{
  guint32 info = ptr_map_take (&self->pointers, pointer);

  if (info != 0)
    {
      guint64 idx = info - 1;

      _ht_writer_record (self, '-', 1, &idx);
      _ht_totals_free (self, (guint32) idx);
    }
}

static void
emit_timestamp (Symbolizer *self,
                guint64     ms,
                guint64     rss)
{
  /* the clock thread and an _exit or exec may take their times in one
   * order and their numbers in the other: timestamps never go back */
  ms = MAX (ms, self->last_ms);
  self->last_ms = ms;
  _ht_writer_record (self, 'c', 1, &ms);
  if (rss > 0)
    {
      rss--;
      _ht_writer_record (self, 'R', 1, &rss);
      _ht_totals_rss (self, rss);
    }
}

static void
emit_event (Symbolizer     *self,
            HtStreamRecord *event)
{
  switch (event->type)
    {
    case HT_REC_ALLOC:
      emit_alloc (self, event->alloc.size, event->alloc.stack, event->ptr);
      break;
    case HT_REC_FREE:
      emit_free (self, event->ptr);
      break;
    case HT_REC_MARK:
      emit_timestamp (self, event->mark.ms, event->mark.rss);
      break;
    case HT_REC_MODULES:
      _ht_symbols_replace_modules (self, event->modules);
      g_ptr_array_unref (event->modules);
      break;
    default:
      break;
    }
}

static inline guint64
queue_head_seq (Queue *q)
{
  return q->head.seq;
}

/* The next event of @q into q->head, if it has one. Its chunks were
 * checked when they came (ht_stream_reader_next). */
static void
queue_advance (Queue *q)
{
  Chunk *chunk;

  q->has_head = FALSE;
  while ((chunk = g_queue_peek_head (&q->chunks)) != NULL)
    {
      if (q->pos == NULL)
        {
          q->pos = chunk->data;
          q->end = chunk->data + chunk->len;
          q->seq = q->ptr = 0;
        }
      while (q->pos < q->end && ht_stream_decode_record (&q->pos, q->end, &q->seq, &q->ptr, &q->head))
        if (q->head.type != HT_REC_STACK && q->head.type != HT_REC_THREAD_END)
          {
            q->has_head = TRUE;
            return;
          }
      g_free (g_queue_pop_head (&q->chunks));
      q->pos = NULL;
    }
}

static void
heap_push (GPtrArray *heap,
           Queue     *q)
{
  guint i = heap->len;

  g_ptr_array_add (heap, q);
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      Queue *p = g_ptr_array_index (heap, parent);

      if (queue_head_seq (p) <= queue_head_seq (q))
        break;
      heap->pdata[i] = p;
      heap->pdata[parent] = q;
      i = parent;
    }
}

static Queue *
heap_pop (GPtrArray *heap)
{
  Queue *top = g_ptr_array_index (heap, 0);
  Queue *last = g_ptr_array_steal_index (heap, heap->len - 1);
  guint i = 0;

  if (heap->len == 0)
    return top;
  heap->pdata[0] = last;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < heap->len && queue_head_seq (heap->pdata[l]) < queue_head_seq (heap->pdata[m]))
        m = l;
      if (r < heap->len && queue_head_seq (heap->pdata[r]) < queue_head_seq (heap->pdata[m]))
        m = r;
      if (m == i)
        break;
      heap->pdata[i] = heap->pdata[m];
      heap->pdata[m] = last;
      i = m;
    }
  return top;
}

static gboolean
queue_drop_if_done (gpointer key,
                    gpointer value,
                    gpointer user_data)
{
  Queue *q = value;

  return q->ended && !q->has_head;
}

static void
queue_free (gpointer data)
{
  Queue *q = data;

  /* a module list decoded that never got its turn */
  if (q->has_head && q->head.type == HT_REC_MODULES)
    g_ptr_array_unref (q->head.modules);
  g_queue_clear_full (&q->chunks, g_free);
  g_free (q);
}

/* Emits every queued event numbered below @watermark, in number order. */
void
_ht_merge_release (Symbolizer *self,
                   guint64     watermark)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Queue *q = value;

      if (q->has_head && queue_head_seq (q) < watermark)
        heap_push (self->heap, q);
    }
  while (self->heap->len > 0)
    {
      Queue *q = heap_pop (self->heap);
      /* the queue's events go out up to the next queue's head at once */
      guint64 bound = self->heap->len > 0
                      ? MIN (watermark, queue_head_seq (g_ptr_array_index (self->heap, 0)))
                      : watermark;

      do
        {
          emit_event (self, &q->head);
          queue_advance (q);
        }
      while (q->has_head && queue_head_seq (q) < bound);
      if (q->has_head && queue_head_seq (q) < watermark)
        heap_push (self->heap, q);
    }
  g_hash_table_foreach_remove (self->queues, queue_drop_if_done, NULL);
}

/* ---- the stream ---------------------------------------------------------- */

static Queue *
queue_for (Symbolizer *self,
           guint64     thread)
{
  Queue *q = g_hash_table_lookup (self->queues, GSIZE_TO_POINTER (thread));

  if (q == NULL)
    {
      q = g_new0 (Queue, 1);
      g_hash_table_insert (self->queues, GSIZE_TO_POINTER (thread), q);
    }
  return q;
}

/* A chunk of @message's thread, checked and its stacks defined by the
 * reader: its events are kept, in their bytes, for their turn. */
static void
take_chunk (Symbolizer            *self,
            const HtStreamMessage *message)
{
  Queue *q = queue_for (self, message->thread);
  Chunk *chunk;

  if (message->thread_ended)
    q->ended = TRUE;
  if (!message->has_events)
    return;
  /* the reader's buffer moves on with its next message */
  chunk = g_malloc (sizeof (Chunk) + message->len);
  chunk->len = message->len;
  memcpy (chunk->data, message->data, message->len);
  g_queue_push_tail (&q->chunks, chunk);
  if (!q->has_head)
    queue_advance (q);
}

/* Everything after the header: each chunk's events queued, the queued
 * events released in seq order at each watermark, a timestamp at each
 * tick. *@complete says whether the stream came to its end message (or
 * the output failed, which ends the reading); FALSE, with @error set,
 * when the stream is at fault. */
gboolean
_ht_merge_stream (Symbolizer     *self,
                  HtStreamReader *reader,
                  gboolean       *complete,
                  GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  HtStreamMessage message;

  *complete = FALSE;
  ht_stream_reader_set_stack_func (reader, _ht_symbols_define_stack, self);
  while (ht_stream_reader_next (reader, &message, &local_error))
    {
      switch (message.type)
        {
        case HT_MSG_CHUNK:
          take_chunk (self, &message);
          break;
        case HT_MSG_WATERMARK:
          _ht_merge_release (self, message.seq);
          break;
        case HT_MSG_TICK:
        case HT_MSG_END:
          _ht_merge_release (self, message.seq);
          emit_timestamp (self, message.ms, message.rss);
          break;
        }
      if (message.type == HT_MSG_END || g_atomic_int_get (&self->write_failed))
        {
          *complete = TRUE;
          return TRUE;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- setting up ---------------------------------------------------------- */

void
_ht_merge_init (Symbolizer *self)
{
  self->infos = g_hash_table_new_full (info_key_hash, info_key_equal, g_free, NULL);
  self->queues = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, queue_free);
  self->heap = g_ptr_array_new ();
}

void
_ht_merge_clear (Symbolizer *self)
{
  g_clear_pointer (&self->infos, g_hash_table_unref);
  g_clear_pointer (&self->pointers.slots, g_free);
  g_clear_pointer (&self->queues, g_hash_table_unref);
  g_clear_pointer (&self->heap, g_ptr_array_unref);
}
