/* ht-preload-modules.c: the module list, an event like the others
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The symbolizer resolves the stacks' addresses against the objects loaded
 * at the time: the list of them, with their load addresses and PT_LOAD
 * segments, goes into the stream as an event with a number: when the
 * stream starts, in a child that follows forks, and after each dlopen and
 * dlclose (ht-preload-libc.c), before they return, so before the program
 * can call into new code. The list is built in memory from mmap, outside
 * our locks.
 */

#define _GNU_SOURCE

#include <link.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "ht-preload-private.h"
#include "ht-stream.h"

/* ---- bytes on mmap ------------------------------------------------------- */

static bool
bytes_reserve (ByteBuf *bb,
               size_t   extra)
{
  size_t cap;
  unsigned char *p;

  if (bb->len + extra <= bb->cap)
    return true;
  cap = bb->cap ? bb->cap * 2 : 16384;
  while (cap < bb->len + extra)
    cap *= 2;
  p = map_zeroed (cap);
  if (p == NULL)
    return false;
  if (bb->data)
    {
      memcpy (p, bb->data, bb->len);
      munmap (bb->data, bb->cap);
    }
  bb->data = p;
  bb->cap = cap;
  return true;
}

void
_ht_bytes_free (ByteBuf *bb)
{
  if (bb->data)
    munmap (bb->data, bb->cap);
  bb->data = NULL;
  bb->len = bb->cap = 0;
}

static void
bytes_u (ByteBuf  *bb,
         uint64_t  v)
{
  if (bytes_reserve (bb, HT_VARINT_MAX))
    bb->len = put_u (bb->data + bb->len, v) - bb->data;
}

static void
bytes_string (ByteBuf    *bb,
              const char *s,
              size_t      len)
{
  bytes_u (bb, len);
  if (bytes_reserve (bb, len))
    {
      memcpy (bb->data + bb->len, s, len);
      bb->len += len;
    }
}

/* ---- module map ---------------------------------------------------------- */

static int
count_modules_cb (struct dl_phdr_info *info,
                  size_t               size,
                  void                *user_data)
{
  (*(uint64_t *) user_data)++;
  return 0;
}

static int
module_cb (struct dl_phdr_info *info,
           size_t               size,
           void                *user_data)
{
  ByteBuf *bb = user_data;
  const char *name = info->dlpi_name ? info->dlpi_name : "";
  uint64_t n_load = 0;

  bytes_string (bb, name, strlen (name));
  bytes_u (bb, info->dlpi_addr);
  for (int i = 0; i < info->dlpi_phnum; i++)
    n_load += info->dlpi_phdr[i].p_type == PT_LOAD;
  bytes_u (bb, n_load);
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

      if (ph->p_type != PT_LOAD)
        continue;
      bytes_u (bb, ph->p_vaddr);
      bytes_u (bb, ph->p_memsz);
    }
  return 0;
}

/* The body of a HT_REC_MODULES record (after its seq), built outside our
 * locks: dl_iterate_phdr takes the loader lock, and a thread inside dlopen
 * may be waiting for one of ours. */
void
_ht_build_modules (ByteBuf *bb)
{
  uint64_t count = 0;

  bytes_reserve (bb, 1024);
  /* room for the chunk head, the record type and its seq */
  bb->len = CHUNK_HEAD_ROOM + 1 + HT_VARINT_MAX;
  dl_iterate_phdr (count_modules_cb, &count);
  bytes_u (bb, count);
  dl_iterate_phdr (module_cb, bb);
}

/* Writes the module list built by _ht_build_modules as an event of @tb. A
 * list larger than the buffer goes out as a chunk of its own. */
void
_ht_emit_modules (ThreadBuf     *tb,
                  const ByteBuf *bb)
{
  size_t body = bb->len - (CHUNK_HEAD_ROOM + 1 + HT_VARINT_MAX);
  const unsigned char *src = bb->data + CHUNK_HEAD_ROOM + 1 + HT_VARINT_MAX;

  if (bb->data == NULL)
    return;
  uint64_t seq = hold (tb);

  if (atomic_load (&ht_stream.recording))
    {
      if (body + 1 + HT_VARINT_MAX <= THREAD_BUFFER_SIZE)
        {
          unsigned char *p = reserve (tb, body + 1 + HT_VARINT_MAX);

          *p++ = HT_REC_MODULES;
          p = put_z (p, tb->prev_seq, seq);
          tb->prev_seq = seq;
          memcpy (p, src, body);
          commit (tb, p + body);
        }
      else
        {
          /* the type and seq go right before the body, the chunk head before them */
          unsigned char rec[1 + HT_VARINT_MAX], *p = rec;
          size_t rec_len;
          unsigned char *start;

          flush_locked (tb);
          *p++ = HT_REC_MODULES;
          p = put_z (p, 0, seq);
          rec_len = p - rec;
          start = (unsigned char *) src - rec_len;
          memcpy (start, rec, rec_len);
          _ht_write_chunk (start - CHUNK_HEAD_ROOM, rec_len + body, tb->id);
        }
    }
  unhold (tb);
}

void
_ht_record_modules (void)
{
  ByteBuf bb = { 0 };

  _ht_build_modules (&bb);
  _ht_emit_modules (thread_buf (), &bb);
  _ht_bytes_free (&bb);
}
