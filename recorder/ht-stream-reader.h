/* ht-stream-reader.h: reads the recorder's binary stream (ht-stream.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading half of ht-stream.h, a unit of its own so that it can be
 * tested on streams made by hand and fuzzed without libdwfl. A reader
 * takes the input (plain or zstd), the header and then one message at a
 * time; each chunk is checked record by record when it comes, so that its
 * events can wait in their bytes and be decoded one at a time, when their
 * turn comes, by the inline ht_stream_decode_record () without checks of
 * their own. What is wrong with a stream is a GError in HT_STREAM_ERROR
 * that names the input and the byte offset in the stream (after
 * decompression).
 */

#pragma once

#include <glib.h>

#include "ht-stream.h"

G_BEGIN_DECLS

#define HT_STREAM_ERROR (ht_stream_error_quark ())

typedef enum
{
  HT_STREAM_ERROR_READ,            /* the input could not be read */
  HT_STREAM_ERROR_DECOMPRESS,      /* corrupt zstd data */
  HT_STREAM_ERROR_EMPTY,           /* not one byte */
  HT_STREAM_ERROR_BAD_MAGIC,       /* not a heaptrack-gtk stream at all */
  HT_STREAM_ERROR_BAD_VERSION,     /* a heaptrack-gtk stream of another format */
  HT_STREAM_ERROR_BAD_HEADER,      /* no header message, or one out of bounds */
  HT_STREAM_ERROR_TRUNCATED,       /* the stream ends inside a message */
  HT_STREAM_ERROR_BAD_VARINT,      /* a varint of more than 64 bits */
  HT_STREAM_ERROR_UNKNOWN_MESSAGE, /* a message type ht-stream.h does not know */
  HT_STREAM_ERROR_OVERSIZED_CHUNK, /* a chunk longer than HT_STREAM_CHUNK_MAX */
  HT_STREAM_ERROR_UNKNOWN_RECORD,  /* a record type ht-stream.h does not know */
  HT_STREAM_ERROR_BAD_RECORD,      /* a record past its chunk's end, or out of bounds */
} HtStreamError;

/* the longest chunk taken: the recorder writes 32 KiB at most, and a
 * length beyond this is a corrupt stream rather than a reason to allocate */
#define HT_STREAM_CHUNK_MAX (64 * 1024 * 1024)

/* the longest executable path and command line in a header */
#define HT_STREAM_HEADER_STRING_MAX 4096

/* How far a stack id may run ahead of the definitions seen so far: a
 * thread's unflushed 32 KiB buffer holds at most some 10,000 of them */
#define HT_STREAM_STACK_ID_SLACK (4u << 20)

typedef struct _HtStreamReader HtStreamReader;

typedef struct
{
  guint64   version;    /* the recorder's version code */
  guint64   pid;
  guint64   page_size;
  guint64   pages;      /* of physical memory */
  gboolean  attached;
  char     *exe;        /* the executable's path; "" when unknown */
  char    **argv;       /* the command line's arguments */
} HtStreamHeader;

typedef struct
{
  guint8        type;         /* HT_MSG_CHUNK, _WATERMARK, _TICK or _END */
  guint64       offset;       /* of its type byte in the stream */
  guint64       seq;          /* WATERMARK, TICK, END */
  guint64       ms;           /* TICK, END */
  guint64       rss;          /* TICK, END: resident pages + 1, 0: unknown */
  guint64       thread;       /* CHUNK */
  const guint8 *data;         /* CHUNK: its records, until the reader's next call */
  gsize         len;
  guint64       data_offset;  /* of data[0] in the stream */
  gboolean      has_events;   /* CHUNK: records other than stacks and a thread's end */
  gboolean      thread_ended; /* CHUNK: holds a HT_REC_THREAD_END */
} HtStreamMessage;

/* one module of a HT_REC_MODULES list */
typedef struct
{
  char   *name;      /* "": the main executable */
  guint64 base;      /* load base */
  GArray *segments;  /* guint64 pairs, p_vaddr and p_memsz of each PT_LOAD */
} HtStreamModule;

/* a record decoded; the per-thread queues of the symbolizer keep one each */
typedef struct
{
  guint64 seq;
  guint64 ptr;        /* ALLOC, FREE */
  union
  {
    struct
    {
      guint64 size;
      guint64 stack;
    } alloc;
    struct
    {
      guint64 ms;
      guint64 rss;    /* resident pages + 1, 0: unknown */
    } mark;
    GPtrArray *modules; /* MODULES: HtStreamModule, owned by the record */
  };
  guint8  type;       /* HT_REC_* */
} HtStreamRecord;

/* Called for each stack definition of a chunk as the chunk is checked:
 * @frames are the return addresses, leaf first; @id is never 0. */
typedef void (*HtStreamStackFunc) (guint32        id,
                                   const guint64 *frames,
                                   guint          n_frames,
                                   gpointer       user_data);

GQuark          ht_stream_error_quark              (void);

HtStreamReader *ht_stream_reader_new_for_fd        (int                 fd,
                                                    const char         *name);
HtStreamReader *ht_stream_reader_new_for_data      (const guint8       *data,
                                                    gsize               len,
                                                    const char         *name);
void            ht_stream_reader_free              (HtStreamReader     *reader);
void            ht_stream_reader_set_stack_func    (HtStreamReader     *reader,
                                                    HtStreamStackFunc   func,
                                                    gpointer            user_data);
gboolean        ht_stream_reader_read_header       (HtStreamReader     *reader,
                                                    HtStreamHeader     *header,
                                                    GError            **error);
gboolean        ht_stream_reader_next              (HtStreamReader     *reader,
                                                    HtStreamMessage    *message,
                                                    GError            **error);
const guint8   *ht_stream_reader_get_header_bytes  (HtStreamReader     *reader,
                                                    gsize              *len);
gboolean        ht_stream_reader_next_bytes        (HtStreamReader     *reader,
                                                    const guint8      **data,
                                                    gsize              *len,
                                                    GError            **error);

void            ht_stream_header_clear             (HtStreamHeader     *header);
GPtrArray      *ht_stream_decode_modules           (const guint8      **p,
                                                    const guint8       *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtStreamReader, ht_stream_reader_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HtStreamHeader, ht_stream_header_clear)

/* Per record, on the symbolizer's busiest path: inline. */

/* a varint from memory; FALSE when it runs past @end or over 64 bits */
static inline gboolean
ht_stream_get_u (const guint8 **p,
                 const guint8  *end,
                 guint64       *value)
{
  guint64 v = 0;

  /* most are one byte: seq deltas, sizes, stack ids */
  if (G_LIKELY (*p < end && **p < 0x80))
    {
      *value = *(*p)++;
      return TRUE;
    }
  for (guint shift = 0; shift < 64 && *p < end; shift += 7)
    {
      guint8 b = *(*p)++;

      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}

/* steps over a varint as ht_stream_get_u () would read it; *@p stays
 * where it was when that fails */
static inline gboolean
ht_stream_skip_u (const guint8 **p,
                  const guint8  *end)
{
  const guint8 *q = *p, *last = q + MIN ((gsize) (end - q), HT_VARINT_MAX);

  while (q < last)
    if ((*q++ & 0x80) == 0)
      {
        *p = q;
        return TRUE;
      }
  return FALSE;
}

/* a zigzag delta from @base */
static inline gboolean
ht_stream_get_z (const guint8 **p,
                 const guint8  *end,
                 guint64        base,
                 guint64       *value)
{
  guint64 z;

  if (!ht_stream_get_u (p, end, &z))
    return FALSE;
  *value = base + ((z >> 1) ^ -(z & 1));
  return TRUE;
}

/* Decodes the record at *@p, with the delta bases *@seq and *@ptr, into
 * @record: an event (a MODULES record owns its list), or only the type of
 * a stack definition, stepped over, or of a thread's end. FALSE when it is
 * malformed, which a chunk the reader gave out never is. */
static inline gboolean
ht_stream_decode_record (const guint8  **p,
                         const guint8   *end,
                         guint64        *seq,
                         guint64        *ptr,
                         HtStreamRecord *record)
{
  record->type = *(*p)++;
  switch (record->type)
    {
    case HT_REC_ALLOC:
      if (!ht_stream_get_z (p, end, *seq, seq) || !ht_stream_get_u (p, end, &record->alloc.size)
          || !ht_stream_get_u (p, end, &record->alloc.stack) || !ht_stream_get_z (p, end, *ptr, ptr))
        return FALSE;
      break;
    case HT_REC_FREE:
      if (!ht_stream_get_z (p, end, *seq, seq) || !ht_stream_get_z (p, end, *ptr, ptr))
        return FALSE;
      break;
    case HT_REC_MARK:
      if (!ht_stream_get_z (p, end, *seq, seq) || !ht_stream_get_u (p, end, &record->mark.ms)
          || !ht_stream_get_u (p, end, &record->mark.rss))
        return FALSE;
      break;
    case HT_REC_MODULES:
      if (!ht_stream_get_z (p, end, *seq, seq)
          || (record->modules = ht_stream_decode_modules (p, end)) == NULL)
        return FALSE;
      break;
    case HT_REC_STACK:
      {
        guint64 id, n, frame;

        if (!ht_stream_get_u (p, end, &id) || !ht_stream_get_u (p, end, &n) || n > (guint64) (end - *p))
          return FALSE;
        for (guint64 i = 0; i < n; i++)
          if (!ht_stream_get_u (p, end, &frame))
            return FALSE;
      }
      return TRUE;
    case HT_REC_THREAD_END:
      return TRUE;
    default:
      return FALSE;
    }
  record->seq = *seq;
  record->ptr = *ptr;
  return TRUE;
}

G_END_DECLS
