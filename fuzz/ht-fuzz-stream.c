/* ht-fuzz-stream.c: libFuzzer target for the recorder's binary stream reader
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is read as a stream from the preload library (ht-stream.h),
 * plain or zstd, the way the symbolizer reads it short of the symbols:
 * the header, every message, and every record of every chunk decoded as
 * the symbolizer's queues decode them when their turn comes, which must
 * never fail on a chunk the reader gave out. A stream either reads to its
 * end or fails with an HT_STREAM_ERROR that names the input. It is then
 * read once more the way --raw stores it, which must give back the bytes
 * that went in. AddressSanitizer, LeakSanitizer and
 * UndefinedBehaviorSanitizer catch the rest. tests/unit/test-stream-corpus.c
 * replays the saved corpus (fuzz/corpus-stream/) through this same
 * function.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ht-fuzz.h"
#include "ht-stream-reader.h"

#define INPUT_NAME "fuzz-input"

/* A few bytes of zstd can stand for gigabytes of stream (a run of 'W' is
 * one watermark after the other): reading stops past this many, which
 * holds any stream a recording would put in a fuzzer's input many times
 * over. */
#define MAX_STREAM_BYTES (4 << 20)

/* where what was read goes, so that no read is optimized away */
static volatile guint64 sink;

static void
check_error (const GError *error)
{
  if (error->domain != HT_STREAM_ERROR || strstr (error->message, INPUT_NAME) == NULL)
    abort ();
}

/* every frame read, so that a frame handed over from outside the reader's
 * memory shows */
static void
sum_stack (guint32        id,
           const guint64 *frames,
           guint          n_frames,
           gpointer       user_data)
{
  guint64 *sum = user_data;

  if (id == 0)
    abort ();
  for (guint i = 0; i < n_frames; i++)
    *sum += frames[i];
}

static void
sum_modules (GPtrArray *modules,
             guint64   *sum)
{
  for (guint i = 0; i < modules->len; i++)
    {
      const HtStreamModule *module = g_ptr_array_index (modules, i);

      *sum += strlen (module->name) + module->base;
      for (guint k = 0; k < module->segments->len; k++)
        *sum += g_array_index (module->segments, guint64, k);
    }
}

/* The chunk's records one at a time, as the symbolizer decodes them. */
static void
decode_chunk (const HtStreamMessage *chunk,
              guint64               *sum)
{
  const guint8 *p = chunk->data, *end = chunk->data + chunk->len;
  guint64 seq = 0, ptr = 0;
  gboolean has_events = FALSE, thread_ended = FALSE;

  while (p < end)
    {
      HtStreamRecord record = { 0 };

      if (!ht_stream_decode_record (&p, end, &seq, &ptr, &record))
        abort ();
      switch (record.type)
        {
        case HT_REC_MODULES:
          sum_modules (record.modules, sum);
          g_ptr_array_unref (record.modules);
          has_events = TRUE;
          break;
        case HT_REC_STACK:
          break;
        case HT_REC_THREAD_END:
          thread_ended = TRUE;
          break;
        default:
          *sum += record.seq + record.ptr;
          has_events = TRUE;
          break;
        }
    }
  if (has_events != chunk->has_events || thread_ended != chunk->thread_ended)
    abort ();
}

/* A reader of the input, its header read; NULL when it has none. */
static HtStreamReader *
open_stream (const guint8 *data,
             size_t        size)
{
  g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_data (data, size, INPUT_NAME);
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GError) error = NULL;

  if (!ht_stream_reader_read_header (reader, &header, &error))
    {
      check_error (error);
      return NULL;
    }
  if (header.exe == NULL || header.argv == NULL)
    abort ();
  return g_steal_pointer (&reader);
}

static void
read_messages (const guint8 *data,
               size_t        size)
{
  g_autoptr(HtStreamReader) reader = open_stream (data, size);
  g_autoptr(GError) error = NULL;
  HtStreamMessage message;
  guint64 sum = 0;

  if (reader == NULL)
    return;
  ht_stream_reader_set_stack_func (reader, sum_stack, &sum);
  while (ht_stream_reader_next (reader, &message, &error))
    {
      if (message.type == HT_MSG_CHUNK)
        decode_chunk (&message, &sum);
      if (message.type == HT_MSG_END || message.offset > MAX_STREAM_BYTES)
        break;
    }
  if (error != NULL)
    check_error (error);
  sink = sum;
}

/* --raw's reading: the header's bytes, then the rest, unread */
static void
read_bytes (const guint8 *data,
            size_t        size)
{
  g_autoptr(HtStreamReader) reader = open_stream (data, size);
  g_autoptr(GError) error = NULL;
  gboolean plain = size < 4 || memcmp (data, "\x28\xb5\x2f\xfd", 4) != 0;
  const guint8 *bytes;
  gsize len, total;

  if (reader == NULL)
    return;
  bytes = ht_stream_reader_get_header_bytes (reader, &len);
  if (plain && (len > size || memcmp (bytes, data, len) != 0))
    abort ();
  total = len;
  while (total <= MAX_STREAM_BYTES && ht_stream_reader_next_bytes (reader, &bytes, &len, &error))
    {
      if (plain && (total + len > size || memcmp (bytes, data + total, len) != 0))
        abort ();
      total += len;
    }
  if (error != NULL)
    check_error (error);
  else if (plain && total != size)
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  read_messages (data, size);
  read_bytes (data, size);
  return 0;
}
