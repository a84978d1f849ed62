/* ht-symbolizer-writer.c: the symbolizer's output, the interpreted trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes heaptrack's interpreted text (docs/trace-format.md §10): the
 * records, the interned strings, the header lines; compresses it with
 * zstd on a thread of its own, at a level chosen from the bytes; or stores
 * a raw stream as it came. Also creates the output file (never an
 * existing file when the name is templated), written in place as it grows:
 * every eighth of a second at most what was written is flushed, a zstd
 * frame left open until the end, so that at any moment the file is a
 * trace that readers open as cut short, and a recording that fails keeps
 * what it had. On its own because it is where the symbolizer's time goes
 * after the symbols, and because what it writes is what every reader of
 * traces reads.
 */

#define _GNU_SOURCE  /* renameat2 */
#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-symbolizer-private.h"

/* ---- compressing --------------------------------------------------------- */

static void
write_out (Symbolizer   *self,
           const guint8 *data,
           gsize         len)
{
  for (gsize off = 0; off < len && !g_atomic_int_get (&self->write_failed); )
    {
      ssize_t n = write (self->out_fd, data + off, len - off);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_printerr (PROGRAM ": cannot write %s: %s\n", self->output, g_strerror (errno));
          g_atomic_int_set (&self->write_failed, TRUE);
          return;
        }
      off += n;
    }
}

static void
compress_bytes (Symbolizer       *self,
                const void       *data,
                gsize             len,
                ZSTD_EndDirective mode)
{
  ZSTD_inBuffer in = { data, len, 0 };
  gboolean done = FALSE;

  while (!done && !g_atomic_int_get (&self->write_failed))
    {
      ZSTD_outBuffer zout = { self->zbuf->data, self->zbuf->len, 0 };
      size_t remaining = ZSTD_compressStream2 (self->zstd, &zout, &in, mode);

      if (ZSTD_isError (remaining))
        {
          g_printerr (PROGRAM ": cannot write %s: compression failed: %s\n",
                      self->output, ZSTD_getErrorName (remaining));
          g_atomic_int_set (&self->write_failed, TRUE);
          return;
        }
      write_out (self, self->zbuf->data, zout.pos);
      self->level_out += zout.pos;
      if (mode == ZSTD_e_continue)
        done = in.pos == in.size;
      else
        done = remaining == 0;
    }
}

/* Compressing took a fifth of the symbolizer's work, on the thread that has
 * to keep up with the program: a thread of its own does it, on one zstd
 * stream (zstd's own workers cut the stream into jobs, which made some
 * traces half again as big). OUT_BUFFERS buffers of text take turns. */
#define OUT_BUFFERS 4
#define OUT_BUFFER_SIZE (256 * 1024)

/* zstd level 6 (lazy matching) makes most traces a third to a half smaller
 * than level 3 in about the same time. On text that hardly compresses (sizes
 * and stacks at random) it gains nothing and takes twice the time, which on
 * a busy machine comes out of the program's share: once a trace is that
 * kind of text (RATIO_FAST_FROM), the frame ends and the rest goes out at
 * level 4, which is there 2 % smaller than level 3 and no slower. A zstd
 * file may hold several frames and every reader of traces takes them
 * (docs/trace-format.md §2). Deciding from the bytes alone keeps the output
 * the same for the same input. A raw stream goes out at level 3, zstd's
 * default: level 4 takes a quarter longer on it, for 2 %. */
#define LEVEL_SMALL 6
#define LEVEL_FAST 4
#define LEVEL_RAW 3
#define LEVEL_JUDGED_AFTER (2 << 20)
#define RATIO_FAST_FROM 8   /* compressed to more than an eighth */

static void
compressor_set_level (Symbolizer *self,
                      int         level)
{
  self->level = level;
  self->level_in = self->level_out = 0;
  ZSTD_CCtx_setParameter (self->zstd, ZSTD_c_compressionLevel, level);
}

static char end_of_text;
static char flush_now;
static char stop_open;

/* At most this long between two flushes: the file is a readable trace
 * an eighth of a second after anything happened, at worst, as a failed
 * recording needs, and a live view that refreshes five times a second
 * (bench/live-bench.sh); a flush costs a zstd block's header, a few hundred
 * bytes a second at this rate. */
#define FLUSH_INTERVAL (G_USEC_PER_SEC / 8)

static gpointer
compressor_thread (gpointer data)
{
  Symbolizer *self = data;

  for (;;)
    {
      GString *text = g_async_queue_pop (self->to_compress);

      if (text == (gpointer) &end_of_text)
        {
          compress_bytes (self, NULL, 0, ZSTD_e_end);
          return NULL;
        }
      if (text == (gpointer) &flush_now)
        {
          compress_bytes (self, NULL, 0, ZSTD_e_flush);
          continue;
        }
      if (text == (gpointer) &stop_open)
        return NULL;
      if (self->level == LEVEL_SMALL && self->level_in >= LEVEL_JUDGED_AFTER
          && self->level_out * RATIO_FAST_FROM > self->level_in)
        {
          compress_bytes (self, NULL, 0, ZSTD_e_end);
          ZSTD_CCtx_reset (self->zstd, ZSTD_reset_session_only);
          compressor_set_level (self, LEVEL_FAST);
        }
      compress_bytes (self, text->str, text->len, ZSTD_e_continue);
      self->level_in += text->len;
      g_string_truncate (text, 0);
      g_async_queue_push (self->compressed, text);
    }
}

static void
compressor_start (Symbolizer *self)
{
  self->to_compress = g_async_queue_new ();
  self->compressed = g_async_queue_new ();
  for (int i = 1; i < OUT_BUFFERS; i++)
    g_async_queue_push (self->compressed, g_string_sized_new (2 * OUT_BUFFER_SIZE));
  self->compressor = g_thread_new ("compressor", compressor_thread, self);
}

/* The text so far goes to the compressor; with ZSTD_e_flush, out to the
 * file too; with ZSTD_e_end, the last. */
static void
compress_out (Symbolizer       *self,
              ZSTD_EndDirective mode)
{
  self->last_flush = g_get_monotonic_time ();
  if (self->compressor == NULL)
    {
      compress_bytes (self, self->out->str, self->out->len, mode);
      g_string_truncate (self->out, 0);
      return;
    }
  g_async_queue_push (self->to_compress, self->out);
  if (mode != ZSTD_e_end)
    {
      if (mode == ZSTD_e_flush)
        g_async_queue_push (self->to_compress, &flush_now);
      self->out = g_async_queue_pop (self->compressed);
      return;
    }
  g_async_queue_push (self->to_compress, &end_of_text);
  g_thread_join (g_steal_pointer (&self->compressor));
  for (int i = 1; i < OUT_BUFFERS; i++)
    g_string_free (g_async_queue_pop (self->compressed), TRUE);
  self->out = g_async_queue_pop (self->compressed);
  g_clear_pointer (&self->to_compress, g_async_queue_unref);
  g_clear_pointer (&self->compressed, g_async_queue_unref);
}

static inline void
maybe_flush (Symbolizer *self)
{
  if (self->out->len >= OUT_BUFFER_SIZE)
    compress_out (self, ZSTD_e_continue);
}

/* Called with each timestamp (every 10 ms of the program's, even while it
 * is idle): out to the file, when the last flush is FLUSH_INTERVAL ago */
static void
flush_if_due (Symbolizer *self)
{
  if (g_get_monotonic_time () - self->last_flush >= FLUSH_INTERVAL)
    compress_out (self, ZSTD_e_flush);
}

static inline void
out_hex (Symbolizer *self,
         guint64     value)
{
  char digits[16];
  int n = 0;

  do
    {
      digits[n++] = "0123456789abcdef"[value & 0xf];
      value >>= 4;
    }
  while (value != 0);
  while (n > 0)
    g_string_append_c (self->out, digits[--n]);
}

/* ---- text ---------------------------------------------------------------- */

/* the busiest writer: formats into the buffer's spare room at once */
void
_ht_writer_record (Symbolizer    *self,
                   char           type,
                   guint          n,
                   const guint64 *values)
{
  GString *out = self->out;
  char *p;

  /* g_string_set_size () on every record took a tenth of the time */
  if (G_UNLIKELY (out->len + 2 + n * 17 >= out->allocated_len))
    {
      gsize len = out->len;

      g_string_set_size (out, len + 2 + n * 17);
      g_string_truncate (out, len);
    }
  _ht_totals_record (self, type, values);
  p = out->str + out->len;
  *p++ = type;
  for (guint i = 0; i < n; i++)
    {
      guint64 v = values[i];
      int digits = 1;

      while (digits < 16 && (v >> (4 * digits)) != 0)
        digits++;
      *p++ = ' ';
      for (int d = digits - 1; d >= 0; d--)
        *p++ = "0123456789abcdef"[(v >> (4 * d)) & 0xf];
    }
  *p++ = '\n';
  *p = '\0';
  out->len = p - out->str;
  if (type == 'c')
    flush_if_due (self);
  maybe_flush (self);
}

/* the index of @str, writing its `s` line when it is new; 0 for none */
guint32
_ht_writer_intern (Symbolizer *self,
                   const char *str)
{
  gpointer value;

  if (str == NULL || *str == '\0')
    return 0;
  if (g_hash_table_lookup_extended (self->strings, str, NULL, &value))
    return GPOINTER_TO_UINT (value);

  /* strings never hold a newline: cut there */
  size_t len = strcspn (str, "\n");
  g_string_append (self->out, "s ");
  out_hex (self, len);
  g_string_append_c (self->out, ' ');
  g_string_append_len (self->out, str, len);
  g_string_append_c (self->out, '\n');
  _ht_totals_string (self, str, len);
  self->n_strings++;
  g_hash_table_insert (self->strings, g_strdup (str), GUINT_TO_POINTER (self->n_strings));
  return self->n_strings;
}

/* One `i` line: @ip in @module, and when known its @function, @file and
 * @line and the (function, file, line) triples of @inlined
 * (docs/trace-format.md §4.7). */
void
_ht_writer_ip (Symbolizer *self,
               guint64     ip,
               guint32     module,
               guint32     function,
               guint32     file,
               int         line,
               GArray     *inlined)
{
  _ht_totals_ip (self, ip, module, function, file, line > 0 ? (guint32) line : 0, inlined);
  g_string_append (self->out, "i ");
  out_hex (self, ip);
  g_string_append_c (self->out, ' ');
  out_hex (self, module);
  if (function != 0 || file != 0)
    {
      g_string_append_c (self->out, ' ');
      out_hex (self, function);
      if (file != 0)
        {
          g_string_append_c (self->out, ' ');
          out_hex (self, file);
          g_string_append_c (self->out, ' ');
          out_hex (self, line > 0 ? (guint64) line : 0);
          for (guint i = 0; i < inlined->len; i++)
            {
              const guint32 *t = (const guint32 *) (inlined->data + i * sizeof (guint32) * 3);

              for (int k = 0; k < 3; k++)
                {
                  g_string_append_c (self->out, ' ');
                  out_hex (self, t[k]);
                }
            }
        }
    }
  g_string_append_c (self->out, '\n');
}

/* ---- the trace ----------------------------------------------------------- */

/* Output to @fd, named @output in messages: a trace, or with @raw the
 * stream as it came. */
void
_ht_writer_open (Symbolizer *self,
                 int         fd,
                 const char *output,
                 gboolean    raw)
{
  self->out_fd = fd;
  self->output = output;
  self->zstd = ZSTD_createCCtx ();
  compressor_set_level (self, raw ? LEVEL_RAW : LEVEL_SMALL);
  ZSTD_CCtx_setParameter (self->zstd, ZSTD_c_checksumFlag, 1);
  self->out = g_string_sized_new (2 * OUT_BUFFER_SIZE);
  self->zbuf = g_byte_array_sized_new (ZSTD_CStreamOutSize ());
  g_byte_array_set_size (self->zbuf, ZSTD_CStreamOutSize ());
}

/* The lines before the events: version, command line, memory, attached. */
void
_ht_writer_start_trace (Symbolizer           *self,
                        const HtStreamHeader *header)
{
  guint64 v[2] = { header->version, 3 };

  self->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  compressor_start (self);

  _ht_writer_record (self, 'v', 2, v);
  if (header->argv[0] != NULL)
    {
      /* as heaptrack's X: ` arg0 arg1...`, on one line */
      g_autoptr(GString) cmdline = g_string_new (NULL);

      for (char **arg = header->argv; *arg != NULL; arg++)
        {
          g_string_append_c (cmdline, ' ');
          g_string_append (cmdline, *arg);
        }
      g_strdelimit (cmdline->str, "\n\r", ' ');
      g_string_append_printf (self->out, "X%s\n", cmdline->str);
    }
  v[0] = header->page_size;
  v[1] = header->pages;
  if (header->page_size > 0)
    _ht_writer_record (self, 'I', 2, v);
  if (header->attached)
    g_string_append (self->out, "A\n");
}

/* The closing comment, and the last of the text compressed; unless
 * @complete is FALSE (the stream could not be read to its end): then the
 * text so far goes out and the frame stays open, so that readers see a
 * trace cut short, as it is. */
void
_ht_writer_end_trace (Symbolizer *self,
                      gboolean    complete)
{
  if (complete)
    g_string_append_printf (self->out, "\n# strings: %u\n# ips: %u\n", self->n_strings, self->n_ips);
  compress_out (self, complete ? ZSTD_e_end : ZSTD_e_flush);
  if (!complete && self->compressor != NULL)
    {
      g_async_queue_push (self->to_compress, &stop_open);
      g_thread_join (g_steal_pointer (&self->compressor));
      /* every buffer but ours came back */
      for (int i = 1; i < OUT_BUFFERS; i++)
        g_string_free (g_async_queue_pop (self->compressed), TRUE);
      g_clear_pointer (&self->to_compress, g_async_queue_unref);
      g_clear_pointer (&self->compressed, g_async_queue_unref);
    }
}

/* The stream as it came (--raw), compressed: the bytes the header was read
 * from, then the rest. */
void
_ht_writer_store_raw (Symbolizer     *self,
                      HtStreamReader *reader)
{
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;

  data = ht_stream_reader_get_header_bytes (reader, &len);
  compress_bytes (self, data, len, ZSTD_e_continue);
  self->last_flush = g_get_monotonic_time ();
  while (!g_atomic_int_get (&self->write_failed)
         && ht_stream_reader_next_bytes (reader, &data, &len, &error))
    {
      gboolean due = g_get_monotonic_time () - self->last_flush >= FLUSH_INTERVAL;

      compress_bytes (self, data, len, due ? ZSTD_e_flush : ZSTD_e_continue);
      if (due)
        self->last_flush = g_get_monotonic_time ();
    }
  if (error != NULL)
    g_printerr (PROGRAM ": %s\n", error->message);
  compress_bytes (self, NULL, 0, ZSTD_e_end);
  if (error != NULL)
    g_atomic_int_set (&self->write_failed, TRUE);
}

/* Closes the output; FALSE when anything could not be written. */
gboolean
_ht_writer_close_file (Symbolizer *self)
{
  if (close (self->out_fd) != 0 && !g_atomic_int_get (&self->write_failed))
    {
      g_printerr (PROGRAM ": cannot write %s: %s\n", self->output, g_strerror (errno));
      g_atomic_int_set (&self->write_failed, TRUE);
    }
  return !g_atomic_int_get (&self->write_failed);
}

void
_ht_writer_free (Symbolizer *self)
{
  if (self->out != NULL)
    g_string_free (g_steal_pointer (&self->out), TRUE);
  g_clear_pointer (&self->zbuf, g_byte_array_unref);
  g_clear_pointer (&self->zstd, ZSTD_freeCCtx);
  g_clear_pointer (&self->strings, g_hash_table_unref);
}

/* ---- the output file ----------------------------------------------------- */

/* @name, then NAME.1.zst, NAME.2.zst, ... for @attempt 1, 2, ... */
static char *
output_candidate (const char *name,
                  guint       attempt)
{
  gboolean zst = g_str_has_suffix (name, ".zst");
  g_autofree char *stem = g_strndup (name, strlen (name) - (zst ? 4 : 0));

  if (attempt == 0)
    return g_strdup (name);
  return g_strdup_printf ("%s.%u%s", stem, attempt, zst ? ".zst" : "");
}

/* Locks the trace at @fd, named @path, for as long as it is open: the
 * exclusive flock tells readers that it is still being written
 * (docs/trace-format.md §12). A reader probing with LOCK_SH holds the lock
 * for a moment only, so we wait a little; a second writer of the file
 * holds it for good, and gets FALSE (said). A file system without flock
 * is written unlocked. */
static gboolean
lock_output (int         fd,
             const char *path)
{
  for (guint tries = 0; flock (fd, LOCK_EX | LOCK_NB) != 0; tries++)
    {
      if (errno == EINTR)
        continue;
      if (errno != EWOULDBLOCK)
        return TRUE;
      if (tries == 100)
        {
          g_printerr (PROGRAM ": cannot write %s: another recorder is writing it\n", path);
          return FALSE;
        }
      g_usleep (10 * 1000);
    }
  return TRUE;
}

/* Creates @file, named file->name, where it is written as it grows; its
 * descriptor, locked (lock_output ()) before a byte of it changes, or -1
 * (the error printed). A templated name is never overwritten: an existing
 * file (an exec'ed program keeps its pid, so two streams may want one
 * name) moves on to the next candidate. A name that is not a regular file
 * (a FIFO, /dev/stdout) is written in place. */
int
_ht_output_create (OutputFile *file)
{
  for (file->attempt = 0; ; file->attempt++)
    {
      g_autofree char *candidate = output_candidate (file->name, file->attempt);
      int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (file->templated ? O_EXCL : 0);
      gboolean truncate = FALSE;
      GStatBuf st;
      int fd;

      /* truncated once locked: a reader never sees it emptied under its
       * feet while another recorder writes it */
      if (!file->templated && g_stat (candidate, &st) == 0 && S_ISREG (st.st_mode))
        truncate = TRUE;
      fd = g_open (candidate, flags, 0644);
      if (fd < 0 && file->templated && errno == EEXIST)
        continue;
      if (fd < 0)
        g_printerr (PROGRAM ": cannot create %s: %s\n", candidate, g_strerror (errno));
      else if (!lock_output (fd, candidate))
        {
          close (fd);
          fd = -1;
        }
      else if (truncate && ftruncate (fd, 0) != 0)
        {
          g_printerr (PROGRAM ": cannot truncate %s: %s\n", candidate, g_strerror (errno));
          close (fd);
          fd = -1;
        }
      file->path = g_steal_pointer (&candidate);
      return fd;
    }
}

void
_ht_output_clear (OutputFile *file)
{
  g_clear_pointer (&file->name, g_free);
  g_clear_pointer (&file->path, g_free);
}
