/* ht-stream-reader.c: reads the recorder's binary stream (ht-stream.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input, read ahead on a thread of its own (or bytes in memory, for
 * tests and the fuzzer) and decompressed when it is zstd; the header; the
 * messages; and each chunk checked record by record, its stack
 * definitions handed over as they come. Nothing here prints or exits:
 * every fault is a GError that says what was wrong and at which byte of
 * the stream, and the symbolizer decides what it means.
 */

#define G_LOG_DOMAIN "ht-stream-reader"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "ht-stream-reader.h"

G_DEFINE_QUARK (ht-stream-error-quark, ht_stream_error)

/* ---- reading ahead ------------------------------------------------------- */

/* The recording's stream is read on a thread of its own, up to
 * AHEAD_MAX bytes ahead of the symbolizer. Without it the program waits on
 * a full socket whenever the symbolizer works through the events of a
 * watermark, which can take tens of milliseconds: the two then take turns
 * instead of running side by side on two cores. In the first tenth of a
 * second, when every stack is new and its modules are being read, the
 * symbolizer falls behind by more than 4 MiB (alloc_cxx stopped for 20 ms
 * there); the bytes only wait here while it does. At 32 MiB, and blocks kept
 * whole, the symbolizer of alloc_threads (which cannot keep up) held
 * 103 MiB; as it is, 62. */
#define AHEAD_BLOCK (256 * 1024)
#define AHEAD_MAX   (16 * 1024 * 1024)

typedef struct
{
  gsize  len, pos;
  guint8 data[];
} Block;

typedef struct
{
  int      fd;
  GMutex   lock;
  GCond    cond;
  GQueue   blocks;    /* Block, oldest first */
  gsize    pending;   /* bytes in blocks */
  int      error;     /* the errno of a failed read */
  gboolean done;      /* the thread met the end or an error, and returned */
  gboolean abandoned; /* the reader is gone: the thread frees this */
} ReadAhead;

static void
read_ahead_destroy (ReadAhead *ra)
{
  g_queue_clear_full (&ra->blocks, g_free);
  g_mutex_clear (&ra->lock);
  g_cond_clear (&ra->cond);
  g_free (ra);
}

static gpointer
read_ahead_thread (gpointer data)
{
  ReadAhead *ra = data;

  for (;;)
    {
      Block *block = g_malloc (sizeof (Block) + AHEAD_BLOCK);
      ssize_t n;
      int error;

      do
        n = read (ra->fd, block->data, AHEAD_BLOCK);
      while (n < 0 && errno == EINTR);
      error = n < 0 ? errno : 0;

      g_mutex_lock (&ra->lock);
      if (ra->abandoned)
        {
          g_free (block);
          g_mutex_unlock (&ra->lock);
          read_ahead_destroy (ra);
          return NULL;
        }
      if (n <= 0)
        {
          g_free (block);
          ra->error = error;
          ra->done = TRUE;
          g_cond_broadcast (&ra->cond);
          g_mutex_unlock (&ra->lock);
          return NULL;
        }
      /* reads from a socket come a chunk at a time, far smaller than the
       * block: what waits here takes the memory of its bytes */
      if ((gsize) n < AHEAD_BLOCK / 2)
        block = g_realloc (block, sizeof (Block) + n);
      block->len = n;
      block->pos = 0;
      g_queue_push_tail (&ra->blocks, block);
      ra->pending += n;
      g_cond_broadcast (&ra->cond);
      while (ra->pending >= AHEAD_MAX && !ra->abandoned)
        g_cond_wait (&ra->cond, &ra->lock);
      if (ra->abandoned)
        {
          g_mutex_unlock (&ra->lock);
          read_ahead_destroy (ra);
          return NULL;
        }
      g_mutex_unlock (&ra->lock);
    }
}

/* Starts reading @fd ahead. The thread is never joined: when the reader
 * stops early it may wait in read () until the process exits. */
static ReadAhead *
read_ahead_new (int fd)
{
  ReadAhead *ra = g_new0 (ReadAhead, 1);

  ra->fd = fd;
  g_mutex_init (&ra->lock);
  g_cond_init (&ra->cond);
  g_queue_init (&ra->blocks);
  g_thread_unref (g_thread_new ("read-ahead", read_ahead_thread, ra));
  return ra;
}

/* Frees @ra now if its thread has returned, else leaves that to the
 * thread, when its read returns. */
static void
read_ahead_free (ReadAhead *ra)
{
  gboolean done;

  g_mutex_lock (&ra->lock);
  done = ra->done;
  ra->abandoned = TRUE;
  g_cond_broadcast (&ra->cond);
  g_mutex_unlock (&ra->lock);
  if (done)
    read_ahead_destroy (ra);
}

/* read (2) on the bytes read ahead */
static gssize
read_ahead_read (ReadAhead *ra,
                 guint8    *buf,
                 gsize      size)
{
  gsize copied = 0;
  Block *block;
  int error;

  g_mutex_lock (&ra->lock);
  while (g_queue_is_empty (&ra->blocks) && !ra->done)
    g_cond_wait (&ra->cond, &ra->lock);
  while (copied < size && (block = g_queue_peek_head (&ra->blocks)) != NULL)
    {
      gsize n = MIN (size - copied, block->len - block->pos);

      memcpy (buf + copied, block->data + block->pos, n);
      copied += n;
      block->pos += n;
      if (block->pos == block->len)
        g_free (g_queue_pop_head (&ra->blocks));
    }
  ra->pending -= copied;
  error = ra->error;
  g_cond_broadcast (&ra->cond);
  g_mutex_unlock (&ra->lock);
  if (copied == 0 && error != 0)
    {
      errno = error;
      return -1;
    }
  return copied;
}

/* ---- the input ----------------------------------------------------------- */

#define INPUT_CHUNK (256 * 1024)

struct _HtStreamReader
{
  char             *name;       /* for messages */
  ReadAhead        *ahead;      /* reads the descriptor; NULL for data */
  const guint8     *data;       /* the bytes in memory */
  gsize             data_len, data_pos;
  ZSTD_DCtx        *zstd;
  guint8           *raw;        /* compressed bytes read */
  gsize             raw_len, raw_pos;
  guint8           *buf;        /* stream bytes */
  gsize             len, pos, cap;
  guint64           offset;     /* of buf[0] in the stream */
  gboolean          zstd_more;  /* the decompressor holds more output */
  gboolean          eof;
  GError           *failure;    /* the input could not be read or decompressed */
  GByteArray       *tap;        /* while set, every byte taken is copied here */
  GByteArray       *header_bytes;
  GArray           *frames;     /* guint64: a stack definition's, decoded */
  guint64           n_stacks;   /* stack definitions so far */
  HtStreamStackFunc stack_func;
  gpointer          stack_data;
};

static HtStreamReader *
reader_new (const char *name)
{
  HtStreamReader *reader = g_new0 (HtStreamReader, 1);

  reader->name = g_strdup (name);
  reader->cap = 2 * INPUT_CHUNK;
  reader->buf = g_malloc (reader->cap);
  reader->frames = g_array_new (FALSE, FALSE, sizeof (guint64));
  return reader;
}

/* A reader of @fd, which it reads ahead on a thread of its own and never
 * closes; @name (the file's, or "standard input") goes into messages. */
HtStreamReader *
ht_stream_reader_new_for_fd (int         fd,
                             const char *name)
{
  HtStreamReader *reader = reader_new (name);

  reader->ahead = read_ahead_new (fd);
  return reader;
}

/* A reader of @len bytes at @data, which must stay until it is freed. */
HtStreamReader *
ht_stream_reader_new_for_data (const guint8 *data,
                               gsize         len,
                               const char   *name)
{
  HtStreamReader *reader = reader_new (name);

  reader->data = data;
  reader->data_len = len;
  return reader;
}

void
ht_stream_reader_free (HtStreamReader *reader)
{
  if (reader == NULL)
    return;
  g_clear_pointer (&reader->ahead, read_ahead_free);
  ZSTD_freeDCtx (reader->zstd);
  g_free (reader->raw);
  g_free (reader->buf);
  g_clear_error (&reader->failure);
  g_clear_pointer (&reader->tap, g_byte_array_unref);
  g_clear_pointer (&reader->header_bytes, g_byte_array_unref);
  g_array_unref (reader->frames);
  g_free (reader->name);
  g_free (reader);
}

/* Every stack definition goes to @func as its chunk is read. */
void
ht_stream_reader_set_stack_func (HtStreamReader   *reader,
                                 HtStreamStackFunc func,
                                 gpointer          user_data)
{
  reader->stack_func = func;
  reader->stack_data = user_data;
}

/* read (2) on the input */
static gssize
input_read (HtStreamReader *reader,
            guint8         *buf,
            gsize           size)
{
  gsize n;

  if (reader->ahead != NULL)
    return read_ahead_read (reader->ahead, buf, size);
  n = MIN (size, reader->data_len - reader->data_pos);
  if (n > 0)
    memcpy (buf, reader->data + reader->data_pos, n);
  reader->data_pos += n;
  return n;
}

/* More stream bytes into reader->buf; FALSE at the end or on a failure. */
static gboolean
input_fill (HtStreamReader *reader)
{
  if (reader->pos > 0)
    {
      memmove (reader->buf, reader->buf + reader->pos, reader->len - reader->pos);
      reader->len -= reader->pos;
      reader->offset += reader->pos;
      reader->pos = 0;
    }
  while (!reader->eof && reader->failure == NULL)
    {
      gssize n;

      if (reader->zstd != NULL && (reader->raw_pos < reader->raw_len || reader->zstd_more))
        {
          ZSTD_inBuffer zin = { reader->raw, reader->raw_len, reader->raw_pos };
          ZSTD_outBuffer zout = { reader->buf + reader->len, reader->cap - reader->len, 0 };
          size_t ret;

          if (reader->cap - reader->len < INPUT_CHUNK)
            {
              reader->cap *= 2;
              reader->buf = g_realloc (reader->buf, reader->cap);
              continue;
            }
          ret = ZSTD_decompressStream (reader->zstd, &zout, &zin);
          reader->raw_pos = zin.pos;
          reader->zstd_more = !ZSTD_isError (ret) && zout.pos == zout.size;
          if (ZSTD_isError (ret))
            {
              g_set_error (&reader->failure, HT_STREAM_ERROR, HT_STREAM_ERROR_DECOMPRESS,
                           "%s: corrupt zstd data: %s", reader->name, ZSTD_getErrorName (ret));
              return FALSE;
            }
          reader->len += zout.pos;
          if (zout.pos > 0)
            return TRUE;
          continue;
        }

      if (reader->cap - reader->len < INPUT_CHUNK)
        {
          reader->cap = MAX (reader->cap * 2, 2 * INPUT_CHUNK);
          reader->buf = g_realloc (reader->buf, reader->cap);
        }
      if (reader->zstd != NULL)
        n = input_read (reader, reader->raw, INPUT_CHUNK);
      else
        n = input_read (reader, reader->buf + reader->len, INPUT_CHUNK);
      if (n < 0)
        {
          int errsv = errno;

          g_set_error (&reader->failure, HT_STREAM_ERROR, HT_STREAM_ERROR_READ,
                       "cannot read %s: %s", reader->name, g_strerror (errsv));
          return FALSE;
        }
      if (n == 0)
        {
          reader->eof = TRUE;
          return FALSE;
        }
      if (reader->zstd != NULL)
        {
          reader->raw_len = n;
          reader->raw_pos = 0;
          continue;
        }
      reader->len += n;
      return TRUE;
    }
  return FALSE;
}

/* @n bytes of the stream, NULL when it ends before or cannot be read */
static const guint8 *
input_take (HtStreamReader *reader,
            gsize           n)
{
  const guint8 *p;

  while (reader->len - reader->pos < n)
    if (!input_fill (reader))
      return NULL;
  p = reader->buf + reader->pos;
  reader->pos += n;
  if (reader->tap != NULL)
    g_byte_array_append (reader->tap, p, n);
  return p;
}

static inline guint64
input_offset (const HtStreamReader *reader)
{
  return reader->offset + reader->pos;
}

/* The error of the stream ending inside @what, which starts at @start:
 * the input's failure when it has one. */
static gboolean
input_short (HtStreamReader *reader,
             const char     *what,
             guint64         start,
             GError        **error)
{
  if (reader->failure != NULL)
    g_propagate_error (error, g_error_copy (reader->failure));
  else
    g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_TRUNCATED,
                 "%s is truncated: it ends at byte %" G_GUINT64_FORMAT ", inside %s that "
                 "starts at byte %" G_GUINT64_FORMAT, reader->name, reader->offset + reader->len,
                 what, start);
  return FALSE;
}

/* a varint of @what, which starts at @start */
static gboolean
input_varint (HtStreamReader *reader,
              guint64        *value,
              const char     *what,
              guint64         start,
              GError        **error)
{
  guint64 at = input_offset (reader);
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      const guint8 *b = input_take (reader, 1);

      if (b == NULL)
        return input_short (reader, what, start, error);
      v |= (guint64) (*b & 0x7f) << shift;
      if ((*b & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_BAD_VARINT,
               "%s is corrupt at byte %" G_GUINT64_FORMAT ": a varint of more than 64 bits "
               "in %s at byte %" G_GUINT64_FORMAT,
               reader->name, at, what, start);
  return FALSE;
}

/* ---- the header ---------------------------------------------------------- */

#define ZSTD_FRAME_MAGIC "\x28\xb5\x2f\xfd"

/* A zstd file (a --raw recording) is read through the decompressor. */
static void
detect_zstd (HtStreamReader *reader)
{
  const guint8 *peek = input_take (reader, 4);

  if (peek != NULL && memcmp (peek, ZSTD_FRAME_MAGIC, 4) == 0)
    {
      reader->zstd = ZSTD_createDCtx ();
      /* a pipe may have given more than a read's worth by now */
      reader->raw = g_malloc (MAX (INPUT_CHUNK, reader->len));
      reader->raw_len = reader->len;
      memcpy (reader->raw, reader->buf, reader->len);
      reader->raw_pos = 0;
      reader->len = reader->pos = 0;
    }
  else
    reader->pos = 0;
}

/* Why the stream's first bytes are no magic. */
static gboolean
bad_magic (HtStreamReader *reader,
           GError        **error)
{
  const guint8 *have = reader->buf + reader->pos;
  gsize n = MIN (reader->len - reader->pos, HT_STREAM_MAGIC_LEN);

  if (reader->failure != NULL)
    g_propagate_error (error, g_error_copy (reader->failure));
  else if (reader->offset + reader->len == 0)
    g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_EMPTY,
                 "%s: not a heaptrack-gtk recording (no stream header): it is empty", reader->name);
  else if (n == HT_STREAM_MAGIC_LEN && memcmp (have, HT_STREAM_MAGIC, n - 1) == 0)
    g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_BAD_VERSION,
                 "%s: a heaptrack-gtk stream of another format (byte %d is 0x%02x, where this "
                 "symbolizer reads " HT_STREAM_MAGIC ")", reader->name, HT_STREAM_MAGIC_LEN - 1,
                 have[n - 1]);
  else if (memcmp (have, HT_STREAM_MAGIC, n) != 0)
    g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_BAD_MAGIC,
                 "%s: not a heaptrack-gtk recording (no stream header): it does not start "
                 "with " HT_STREAM_MAGIC, reader->name);
  else
    return input_short (reader, "the stream header", 0, error);
  return FALSE;
}

/* a string of the header: u length, then its bytes */
static const guint8 *
header_string (HtStreamReader *reader,
               const char     *what,
               gsize          *len,
               GError        **error)
{
  guint64 at = input_offset (reader);
  const guint8 *data;
  guint64 n;

  if (!input_varint (reader, &n, "the stream header", HT_STREAM_MAGIC_LEN, error))
    return NULL;
  if (n > HT_STREAM_HEADER_STRING_MAX)
    {
      g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_BAD_HEADER,
                   "%s is corrupt at byte %" G_GUINT64_FORMAT ": %s of %" G_GUINT64_FORMAT
                   " bytes in the stream header, more than %d",
                   reader->name, at, what, n, HT_STREAM_HEADER_STRING_MAX);
      return NULL;
    }
  if ((data = input_take (reader, n)) == NULL)
    {
      input_short (reader, "the stream header", HT_STREAM_MAGIC_LEN, error);
      return NULL;
    }
  *len = n;
  return data;
}

/* /proc/self/cmdline's NUL-separated arguments */
static char **
split_arguments (const guint8 *data,
                 gsize         len)
{
  GPtrArray *args = g_ptr_array_new ();

  for (gsize i = 0; i < len; )
    {
      gsize arg = strnlen ((const char *) data + i, len - i);

      g_ptr_array_add (args, g_strndup ((const char *) data + i, arg));
      i += arg + 1;
    }
  g_ptr_array_add (args, NULL);
  return (char **) g_ptr_array_free (args, FALSE);
}

static gboolean
read_header (HtStreamReader *reader,
             HtStreamHeader *header,
             GError        **error)
{
  const guint8 *magic = input_take (reader, HT_STREAM_MAGIC_LEN);
  const guint8 *type, *data;
  guint64 attached;
  gsize len;

  if (magic == NULL || memcmp (magic, HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN) != 0)
    {
      if (magic != NULL)
        reader->pos -= HT_STREAM_MAGIC_LEN;
      return bad_magic (reader, error);
    }
  type = input_take (reader, 1);
  if (type == NULL)
    return input_short (reader, "the stream header", HT_STREAM_MAGIC_LEN, error);
  if (*type != HT_MSG_HEADER)
    {
      g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_BAD_HEADER,
                   "%s: not a heaptrack-gtk recording (no stream header): byte %d is 0x%02x, "
                   "not the header message", reader->name, HT_STREAM_MAGIC_LEN, *type);
      return FALSE;
    }
  if (!input_varint (reader, &header->version, "the stream header", HT_STREAM_MAGIC_LEN, error)
      || !input_varint (reader, &header->pid, "the stream header", HT_STREAM_MAGIC_LEN, error)
      || !input_varint (reader, &header->page_size, "the stream header", HT_STREAM_MAGIC_LEN, error)
      || !input_varint (reader, &header->pages, "the stream header", HT_STREAM_MAGIC_LEN, error)
      || !input_varint (reader, &attached, "the stream header", HT_STREAM_MAGIC_LEN, error)
      || (data = header_string (reader, "an executable path", &len, error)) == NULL)
    return FALSE;
  header->attached = attached != 0;
  header->exe = g_strndup ((const char *) data, len);
  if ((data = header_string (reader, "a command line", &len, error)) == NULL)
    return FALSE;
  header->argv = split_arguments (data, len);
  return TRUE;
}

/* The magic and the header message, into @header (cleared with
 * ht_stream_header_clear () whether this succeeds or not). Called first,
 * once. */
gboolean
ht_stream_reader_read_header (HtStreamReader *reader,
                              HtStreamHeader *header,
                              GError        **error)
{
  gboolean ok;

  detect_zstd (reader);
  reader->tap = g_byte_array_new ();
  ok = read_header (reader, header, error);
  reader->header_bytes = g_steal_pointer (&reader->tap);
  return ok;
}

void
ht_stream_header_clear (HtStreamHeader *header)
{
  g_clear_pointer (&header->exe, g_free);
  g_clear_pointer (&header->argv, g_strfreev);
}

/* The bytes the header was read from, as they came: for storing the
 * stream unread, with ht_stream_reader_next_bytes (). */
const guint8 *
ht_stream_reader_get_header_bytes (HtStreamReader *reader,
                                   gsize          *len)
{
  *len = reader->header_bytes != NULL ? reader->header_bytes->len : 0;
  return reader->header_bytes != NULL ? reader->header_bytes->data : NULL;
}

/* The stream's bytes after those taken so far, unread, a buffer at a
 * time (valid until the next call); FALSE at the end (@error unset) or
 * when the input fails. */
gboolean
ht_stream_reader_next_bytes (HtStreamReader *reader,
                             const guint8  **data,
                             gsize          *len,
                             GError        **error)
{
  if (reader->pos == reader->len && !input_fill (reader))
    {
      if (reader->failure != NULL)
        g_propagate_error (error, g_error_copy (reader->failure));
      return FALSE;
    }
  *data = reader->buf + reader->pos;
  *len = reader->len - reader->pos;
  reader->pos = reader->len;
  return TRUE;
}

/* ---- records ------------------------------------------------------------- */

/* a chunk being checked, for the messages */
typedef struct
{
  HtStreamReader        *reader;
  const HtStreamMessage *chunk;
  const guint8          *end;
  const char            *what;    /* the record being checked */
} Check;

static gboolean G_GNUC_PRINTF (5, 6)
check_fail (const Check  *check,
            const guint8 *at,
            HtStreamError code,
            GError      **error,
            const char   *format,
            ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  /* decoding without a check: only the answer counts */
  if (check == NULL)
    return FALSE;
  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HT_STREAM_ERROR, code,
               "%s is corrupt at byte %" G_GUINT64_FORMAT ": %s (in thread %" G_GUINT64_FORMAT
               "'s chunk at byte %" G_GUINT64_FORMAT ")",
               check->reader->name, check->chunk->data_offset + (at - check->chunk->data),
               problem, check->chunk->thread, check->chunk->offset);
  return FALSE;
}

/* why the varint at @at does not read */
static gboolean
varint_error (const Check  *check,
              const guint8 *at,
              GError      **error)
{
  if (check->end - at >= HT_VARINT_MAX)
    return check_fail (check, at, HT_STREAM_ERROR_BAD_VARINT, error,
                       "a varint of more than 64 bits in %s", check->what);
  return check_fail (check, at, HT_STREAM_ERROR_BAD_RECORD, error,
                     "%s runs past the end of its chunk", check->what);
}

/* a varint, checked when @check is set */
static inline gboolean
check_u (const Check   *check,
         const guint8 **p,
         const guint8  *end,
         guint64       *value,
         GError       **error)
{
  const guint8 *at = *p;

  if (G_LIKELY (ht_stream_get_u (p, end, value)))
    return TRUE;
  if (check != NULL)
    varint_error (check, at, error);
  return FALSE;
}

/* steps over a varint of the record being checked */
static inline gboolean
check_skip (const Check   *check,
            const guint8 **p,
            GError       **error)
{
  if (G_LIKELY (ht_stream_skip_u (p, check->end)))
    return TRUE;
  return varint_error (check, *p, error);
}

/* @what of @n @units (bytes, or items of a byte at least) fits before @end */
static inline gboolean
check_fits (const Check   *check,
            const guint8  *p,
            const guint8  *end,
            guint64        n,
            const char    *what,
            const char    *units,
            GError       **error)
{
  if (n <= (guint64) (end - p))
    return TRUE;
  return check_fail (check, p, HT_STREAM_ERROR_BAD_RECORD, error,
                     "%s of %" G_GUINT64_FORMAT " %s runs past the end of its chunk",
                     what, n, units);
}

static void
stream_module_free (gpointer data)
{
  HtStreamModule *module = data;

  g_free (module->name);
  g_array_unref (module->segments);
  g_free (module);
}

/* The module list at *@p (after the seq): the one parser, for the check
 * (@check set, with its errors) and for the decoding (@check NULL). */
static GPtrArray *
parse_modules (const guint8 **p,
               const guint8  *end,
               const Check   *check,
               GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (stream_module_free);
  guint64 count;

  if (!check_u (check, p, end, &count, error)
      || !check_fits (check, *p, end, count, "a module list", "modules", error))
    return NULL;
  for (guint64 i = 0; i < count; i++)
    {
      HtStreamModule *module = g_new0 (HtStreamModule, 1);
      guint64 len, n_load;

      module->segments = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_ptr_array_add (list, module);
      if (!check_u (check, p, end, &len, error)
          || !check_fits (check, *p, end, len, "a module name", "bytes", error))
        return NULL;
      module->name = g_strndup ((const char *) *p, len);
      *p += len;
      if (!check_u (check, p, end, &module->base, error)
          || !check_u (check, p, end, &n_load, error)
          || !check_fits (check, *p, end, n_load, "a module", "segments", error))
        return NULL;
      for (guint64 k = 0; k < 2 * n_load; k++)
        {
          guint64 v;

          if (!check_u (check, p, end, &v, error))
            return NULL;
          g_array_append_val (module->segments, v);
        }
    }
  return g_steal_pointer (&list);
}

/* The module list of a HT_REC_MODULES record at *@p, after its seq delta:
 * a GPtrArray of HtStreamModule, NULL when it is malformed. */
GPtrArray *
ht_stream_decode_modules (const guint8 **p,
                          const guint8  *end)
{
  return parse_modules (p, end, NULL, NULL);
}

/* a HT_REC_STACK record's fields, after its type, decoded and handed over */
static gboolean
check_stack (const Check   *check,
             const guint8 **p,
             GError       **error)
{
  HtStreamReader *reader = check->reader;
  const guint8 *at = *p;
  guint64 id, n, frame = 0;

  if (!check_u (check, p, check->end, &id, error) || !check_u (check, p, check->end, &n, error)
      || !check_fits (check, *p, check->end, n, "a stack", "frames", error))
    return FALSE;
  if (id == 0 || id > G_MAXUINT32)
    return check_fail (check, at, HT_STREAM_ERROR_BAD_RECORD, error,
                       "stack id %" G_GUINT64_FORMAT ", out of 1 to %u", id, G_MAXUINT32);
  /* The recorder numbers stacks 1, 2, 3...; threads' chunks bring their
   * definitions out of order, but never millions ahead. The symbolizer
   * keeps them in an array by id: a corrupt id must not make it tens of
   * GiB long. */
  if (id > reader->n_stacks + HT_STREAM_STACK_ID_SLACK)
    return check_fail (check, at, HT_STREAM_ERROR_BAD_RECORD, error,
                       "stack id %" G_GUINT64_FORMAT ", far beyond the %" G_GUINT64_FORMAT
                       " stacks defined so far", id, reader->n_stacks);
  reader->n_stacks++;
  g_array_set_size (reader->frames, 0);
  for (guint64 i = 0; i < n; i++)
    {
      const guint8 *frame_at = *p;
      guint64 z;

      if (!ht_stream_get_u (p, check->end, &z))
        return varint_error (check, frame_at, error);
      frame += (z >> 1) ^ -(z & 1);
      g_array_append_val (reader->frames, frame);
    }
  if (reader->stack_func != NULL)
    reader->stack_func (id, (const guint64 *) reader->frames->data, n, reader->stack_data);
  return TRUE;
}

/* Checks the records of @chunk, notes what it holds and hands its stack
 * definitions over. The events are only stepped over: they are decoded
 * when their turn comes, which takes half the time. */
static gboolean
check_chunk (HtStreamReader  *reader,
             HtStreamMessage *chunk,
             GError         **error)
{
  Check check = { reader, chunk, chunk->data + chunk->len, NULL };
  const guint8 *p = chunk->data;

  while (p < check.end)
    {
      const guint8 *record = p;
      gboolean ok;

      switch (*p++)
        {
        case HT_REC_ALLOC:
          check.what = "an allocation";
          ok = check_skip (&check, &p, error) && check_skip (&check, &p, error)
               && check_skip (&check, &p, error) && check_skip (&check, &p, error);
          chunk->has_events = TRUE;
          break;
        case HT_REC_FREE:
          check.what = "a free";
          ok = check_skip (&check, &p, error) && check_skip (&check, &p, error);
          chunk->has_events = TRUE;
          break;
        case HT_REC_MARK:
          check.what = "a timestamp";
          ok = check_skip (&check, &p, error) && check_skip (&check, &p, error)
               && check_skip (&check, &p, error);
          chunk->has_events = TRUE;
          break;
        case HT_REC_MODULES:
          {
            g_autoptr(GPtrArray) list = NULL;

            check.what = "a module list";
            /* decoded again when its turn comes */
            ok = check_skip (&check, &p, error)
                 && (list = parse_modules (&p, check.end, &check, error)) != NULL;
            chunk->has_events = TRUE;
          }
          break;
        case HT_REC_STACK:
          check.what = "a stack definition";
          ok = check_stack (&check, &p, error);
          break;
        case HT_REC_THREAD_END:
          ok = TRUE;
          chunk->thread_ended = TRUE;
          break;
        default:
          return check_fail (&check, record, HT_STREAM_ERROR_UNKNOWN_RECORD, error,
                             "unknown record type %u", *record);
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- messages ------------------------------------------------------------ */

/* The next message after the header into @message, a chunk checked (its
 * stacks handed over). FALSE at the end of the stream, between two
 * messages, with @error unset; or with it set on a failure. The stream
 * goes no further than its HT_MSG_END. */
gboolean
ht_stream_reader_next (HtStreamReader  *reader,
                       HtStreamMessage *message,
                       GError         **error)
{
  const guint8 *type;
  const char *what;
  guint64 len;

  *message = (HtStreamMessage) { .offset = input_offset (reader) };
  type = input_take (reader, 1);
  if (type == NULL)
    {
      if (reader->failure != NULL)
        g_propagate_error (error, g_error_copy (reader->failure));
      return FALSE;
    }
  message->type = *type;
  switch (*type)
    {
    case HT_MSG_CHUNK:
      what = "a chunk";
      if (!input_varint (reader, &message->thread, what, message->offset, error)
          || !input_varint (reader, &len, what, message->offset, error))
        return FALSE;
      if (len > HT_STREAM_CHUNK_MAX)
        {
          g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_OVERSIZED_CHUNK,
                       "%s is corrupt at byte %" G_GUINT64_FORMAT ": a chunk of %" G_GUINT64_FORMAT
                       " bytes, more than %d", reader->name, message->offset, len, HT_STREAM_CHUNK_MAX);
          return FALSE;
        }
      message->data_offset = input_offset (reader);
      if ((message->data = input_take (reader, len)) == NULL)
        return input_short (reader, what, message->offset, error);
      message->len = len;
      return check_chunk (reader, message, error);

    case HT_MSG_WATERMARK:
      what = "a watermark";
      return input_varint (reader, &message->seq, what, message->offset, error);

    case HT_MSG_TICK:
    case HT_MSG_END:
      what = *type == HT_MSG_TICK ? "a tick" : "the end message";
      return input_varint (reader, &message->seq, what, message->offset, error)
             && input_varint (reader, &message->ms, what, message->offset, error)
             && input_varint (reader, &message->rss, what, message->offset, error);

    default:
      g_set_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_UNKNOWN_MESSAGE,
                   "%s is corrupt at byte %" G_GUINT64_FORMAT ": unknown message type 0x%02x",
                   reader->name, message->offset, *type);
      return FALSE;
    }
}
