/* ht-line-source.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-line-source"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <zlib.h>
#include <zstd.h>

#include "ht-line-source.h"
#include "ht-trace-error.h"

#define IN_CHUNK  (256 * 1024)
#define OUT_CHUNK (256 * 1024)

struct _HtLineSource
{
  char          *name;
  int            fd;          /* -1 when reading from bytes */
  GBytes        *bytes;
  gsize          bytes_pos;
  guint64        in_total;    /* size of the input, for progress */
  guint64        in_consumed;

  HtCompression  compression;
  ZSTD_DStream  *zstd;
  z_stream       gz;
  gboolean       gz_live;
  gboolean       frame_open;  /* inside a compressed frame that has not ended */

  guint8        *in_buf;
  gsize          in_pos;
  gsize          in_len;
  gboolean       in_eof;

  char          *out_buf;
  guint64        out_base;    /* offset of out_buf[0] in the decompressed stream */
  guint64        line_offset; /* offset of the line last returned */
  gsize          out_cap;
  gsize          out_pos;     /* start of the next line */
  gsize          out_len;
  gboolean       out_eof;

  gboolean       unterminated;
  gboolean       following;   /* the end of the file is only where the writer is now */
};

G_DEFINE_QUARK (ht-trace-error-quark, ht_trace_error)

static HtLineSource *
ht_line_source_new (const char *name)
{
  HtLineSource *self = g_new0 (HtLineSource, 1);

  self->name = g_strdup (name);
  self->fd = -1;
  self->in_buf = g_malloc (IN_CHUNK);
  self->out_cap = OUT_CHUNK;
  self->out_buf = g_malloc (self->out_cap);
  return self;
}

/* Lines of a trace are mostly a few bytes long ("+ 1f"): a short loop finds
 * their end sooner than a call to memchr () does. */
static inline const char *
find_newline (const char *p,
              gsize       len)
{
  gsize n = MIN (len, 16);

  for (gsize i = 0; i < n; i++)
    if (p[i] == '\n')
      return p + i;
  return len > n ? memchr (p + n, '\n', len - n) : NULL;
}

/* Refills the input buffer; returns FALSE on a read error. */
static gboolean
fill_input (HtLineSource  *self,
            GError       **error)
{
  if (self->in_pos < self->in_len || self->in_eof)
    return TRUE;

  self->in_pos = 0;
  self->in_len = 0;

  if (self->bytes != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (self->bytes, &size);
      gsize n = MIN (IN_CHUNK, size - self->bytes_pos);

      /* empty bytes have a NULL data pointer, and NULL + 0 is undefined */
      if (n > 0)
        memcpy (self->in_buf, data + self->bytes_pos, n);
      self->bytes_pos += n;
      self->in_len = n;
    }
  else
    {
      gssize n;

      do
        n = read (self->fd, self->in_buf, IN_CHUNK);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          int errsv = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "%s: read failed: %s", self->name, g_strerror (errsv));
          return FALSE;
        }
      self->in_len = n;
    }

  if (self->in_len == 0)
    self->in_eof = TRUE;
  self->in_consumed += self->in_len;
  return TRUE;
}

static void
detect_compression (HtLineSource *self)
{
  const guint8 *b = self->in_buf;

  if (self->in_len >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
    {
      self->compression = HT_COMPRESSION_ZSTD;
      self->zstd = ZSTD_createDStream ();
      ZSTD_initDStream (self->zstd);
    }
  else if (self->in_len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
    {
      self->compression = HT_COMPRESSION_GZIP;
      /* 16 + MAX_WBITS: gzip wrapper only */
      inflateInit2 (&self->gz, 16 + MAX_WBITS);
      self->gz_live = TRUE;
    }
  else
    self->compression = HT_COMPRESSION_NONE;
}

/* Appends decompressed bytes to out_buf[out_len..out_cap). */
static gboolean
decompress_some (HtLineSource  *self,
                 GError       **error)
{
  gsize space = self->out_cap - self->out_len;

  while (!self->out_eof)
    {
      gsize produced = 0;

      if (!fill_input (self, error))
        return FALSE;

      /* An open frame may still hold output the last call had no room
       * for: it is asked once more, with no input, before the end. */
      if (self->in_eof && self->in_pos == self->in_len
          && (self->compression == HT_COMPRESSION_NONE || !self->frame_open))
        {
          self->out_eof = TRUE;
          break;
        }

      if (self->compression == HT_COMPRESSION_NONE)
        {
          gsize n = MIN (space, self->in_len - self->in_pos);

          memcpy (self->out_buf + self->out_len, self->in_buf + self->in_pos, n);
          self->in_pos += n;
          produced = n;
        }
      else if (self->compression == HT_COMPRESSION_ZSTD)
        {
          ZSTD_inBuffer in = { self->in_buf, self->in_len, self->in_pos };
          ZSTD_outBuffer out = { self->out_buf + self->out_len, space, 0 };
          size_t ret = ZSTD_decompressStream (self->zstd, &out, &in);

          if (ZSTD_isError (ret))
            {
              g_set_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_DECOMPRESS,
                           "%s: corrupt zstd data near byte %" G_GUINT64_FORMAT ": %s",
                           self->name, self->in_consumed - (self->in_len - in.pos),
                           ZSTD_getErrorName (ret));
              return FALSE;
            }
          self->in_pos = in.pos;
          self->frame_open = ret != 0;
          produced = out.pos;
        }
      else
        {
          int ret;

          self->gz.next_in = self->in_buf + self->in_pos;
          self->gz.avail_in = self->in_len - self->in_pos;
          self->gz.next_out = (Bytef *) self->out_buf + self->out_len;
          self->gz.avail_out = space;
          ret = inflate (&self->gz, Z_NO_FLUSH);
          self->in_pos = self->in_len - self->gz.avail_in;
          produced = space - self->gz.avail_out;

          if (ret == Z_STREAM_END)
            {
              /* Concatenated gzip members form one stream, as gzip(1) reads them. */
              inflateReset (&self->gz);
              self->frame_open = FALSE;
            }
          else if (ret == Z_OK || ret == Z_BUF_ERROR)
            self->frame_open = TRUE;
          else
            {
              g_set_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_DECOMPRESS,
                           "%s: corrupt gzip data near byte %" G_GUINT64_FORMAT ": %s",
                           self->name, self->in_consumed - self->gz.avail_in,
                           self->gz.msg ? self->gz.msg : "inflate failed");
              return FALSE;
            }
        }

      if (produced > 0)
        {
          self->out_len += produced;
          return TRUE;
        }
      if (self->in_eof && self->in_pos == self->in_len)
        {
          self->out_eof = TRUE;
          break;
        }
    }

  return TRUE;
}

static HtLineSource *
ht_line_source_start (HtLineSource  *self,
                      GError       **error)
{
  if (!fill_input (self, error))
    {
      ht_line_source_free (self);
      return NULL;
    }
  detect_compression (self);
  return self;
}

HtLineSource *
ht_line_source_open (const char  *path,
                     GError     **error)
{
  HtLineSource *self;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s: cannot open: %s", path, g_strerror (errsv));
      return NULL;
    }

  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "%s: is a directory, not a trace file", path);
      close (fd);
      return NULL;
    }

  self = ht_line_source_new (path);
  self->fd = fd;
  self->in_total = S_ISREG (st.st_mode) ? (guint64) st.st_size : 0;
  return ht_line_source_start (self, error);
}

HtLineSource *
ht_line_source_new_for_bytes (GBytes     *bytes,
                              const char *name)
{
  HtLineSource *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = ht_line_source_new (name);
  self->bytes = g_bytes_ref (bytes);
  self->in_total = g_bytes_get_size (bytes);
  /* reading from memory cannot fail */
  return ht_line_source_start (self, NULL);
}

void
ht_line_source_free (HtLineSource *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->zstd, ZSTD_freeDStream);
  if (self->gz_live)
    inflateEnd (&self->gz);
  g_free (self->in_buf);
  g_free (self->out_buf);
  g_free (self->name);
  g_free (self);
}

/**
 * ht_line_source_next:
 * @line: (out): the line, without its newline, valid until the next call
 *
 * Returns: %TRUE with a line, %FALSE at the end (with @error set on failure)
 */
gboolean
ht_line_source_next (HtLineSource  *self,
                     const char   **line,
                     gsize         *len,
                     GError       **error)
{
  gsize scanned = 0;

  for (;;)
    {
      const char *start = self->out_buf + self->out_pos;
      gsize avail = self->out_len - self->out_pos;
      const char *nl = find_newline (start + scanned, avail - scanned);

      if ((nl != NULL ? (gsize) (nl - start) : avail) > HT_LINE_SOURCE_MAX_LINE)
        {
          g_set_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_LINE_TOO_LONG,
                       "%s: a line is longer than %d MiB: not a heaptrack trace",
                       self->name, HT_LINE_SOURCE_MAX_LINE / (1024 * 1024));
          return FALSE;
        }
      if (nl != NULL)
        {
          *line = start;
          *len = nl - start;
          self->line_offset = self->out_base + self->out_pos;
          self->out_pos += *len + 1;
          return TRUE;
        }
      scanned = avail;

      if (self->out_eof)
        {
          /* Following: the partial line (and frame) wait for the rest, and
           * the next call reads the file on from where this one stopped. */
          if (self->following)
            {
              self->in_eof = FALSE;
              self->out_eof = FALSE;
              return FALSE;
            }
          if (avail == 0)
            return FALSE;
          /* The last line lacks its newline: the writer was cut off, or a hand-written file. */
          self->unterminated = TRUE;
          *line = start;
          *len = avail;
          self->line_offset = self->out_base + self->out_pos;
          self->out_pos = self->out_len;
          return TRUE;
        }

      /* Make room: move the partial line to the front, grow the buffer if it is full. */
      if (self->out_pos > 0)
        {
          memmove (self->out_buf, start, avail);
          self->out_base += self->out_pos;
          self->out_pos = 0;
          self->out_len = avail;
        }
      if (self->out_cap - self->out_len < OUT_CHUNK / 4)
        {
          /* the check above keeps this below twice the longest line */
          self->out_cap *= 2;
          self->out_buf = g_realloc (self->out_buf, self->out_cap);
        }

      if (!decompress_some (self, error))
        return FALSE;
    }
}

/**
 * ht_line_source_peek:
 * @len: (out): how many bytes are buffered
 *
 * Returns: the text buffered from the next line's start on, for a reader
 *   to take whole lines from it with ht_line_source_consume (); it may end
 *   inside a line
 */
const char *
ht_line_source_peek (HtLineSource *self,
                     gsize        *len)
{
  *len = self->out_len - self->out_pos;
  return self->out_buf + self->out_pos;
}

/* Skips @n bytes of what ht_line_source_peek () gave: whole lines, each
 * with its newline */
void
ht_line_source_consume (HtLineSource *self,
                        gsize         n)
{
  self->out_pos += n;
}

/* Where the line last returned starts in the decompressed stream, for
 * ht_line_source_skip_to () */
guint64
ht_line_source_get_line_offset (HtLineSource *self)
{
  return self->line_offset;
}

/**
 * ht_line_source_skip_to:
 * @offset: where a line starts in the decompressed stream, at or after the
 *   next line, as ht_line_source_get_line_offset () gave it
 *
 * Goes on reading at @offset, decompressing what comes before it without
 * looking at it: much quicker than reading its lines.
 *
 * Returns: %FALSE with @error set if the stream ends before @offset
 */
gboolean
ht_line_source_skip_to (HtLineSource  *self,
                        guint64        offset,
                        GError       **error)
{
  g_return_val_if_fail (offset >= self->out_base + self->out_pos, FALSE);

  while (self->out_base + self->out_len < offset)
    {
      if (self->out_eof)
        {
          g_set_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_CORRUPT,
                       "%s: the file ends before byte %" G_GUINT64_FORMAT " of its text: "
                       "it changed since it was opened", self->name, offset);
          return FALSE;
        }
      self->out_base += self->out_len;
      self->out_pos = 0;
      self->out_len = 0;
      if (!decompress_some (self, error))
        return FALSE;
    }
  self->out_pos = offset - self->out_base;
  return TRUE;
}

/**
 * ht_line_source_set_following:
 * @following: whether the file is still being written
 *
 * While following, the end of the file is where its writer has got to:
 * ht_line_source_next () returns %FALSE there, without @error, keeping a
 * partial last line and a partial compressed frame, and a later call reads
 * on from there as the file grows. Once the writer is done, following is
 * turned off: the next calls read to the real end, and a cut-off last line
 * or frame is seen as in a file read at once.
 */
void
ht_line_source_set_following (HtLineSource *self,
                              gboolean      following)
{
  self->following = following;
}

gboolean
ht_line_source_is_following (HtLineSource *self)
{
  return self->following;
}

/* Whether the compressed stream stopped inside a frame (the file was cut off). */
gboolean
ht_line_source_is_truncated (HtLineSource *self)
{
  return self->out_eof && self->frame_open;
}

gboolean
ht_line_source_last_line_unterminated (HtLineSource *self)
{
  return self->unterminated;
}

HtCompression
ht_line_source_get_compression (HtLineSource *self)
{
  return self->compression;
}

double
ht_line_source_get_fraction (HtLineSource *self)
{
  if (self->in_total == 0)
    return 0.0;
  return MIN (1.0, (double) (self->in_consumed - (self->in_len - self->in_pos)) / self->in_total);
}

const char *
ht_line_source_get_name (HtLineSource *self)
{
  return self->name;
}
