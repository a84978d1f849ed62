/* test-stream-reader.c: the recorder's binary stream, made by hand, read back
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams are built record by record as recorder/ht-stream.h documents
 * them, read with recorder/ht-stream-reader.c, and checked field by field;
 * every fault a stream can have fails with its own error code, naming the
 * input and the byte where it is.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zstd.h>

#include "ht-stream-reader.h"

#define NAME "test.stream"

/* ---- building streams ---------------------------------------------------- */

static void
put_byte (GByteArray *s,
          guint8      b)
{
  g_byte_array_append (s, &b, 1);
}

static void
put_u (GByteArray *s,
       guint64     v)
{
  while (v >= 0x80)
    {
      put_byte (s, (v & 0x7f) | 0x80);
      v >>= 7;
    }
  put_byte (s, v);
}

static void
put_z (GByteArray *s,
       gint64      delta)
{
  put_u (s, ((guint64) delta << 1) ^ (guint64) (delta >> 63));
}

/* u length, then the bytes */
static void
put_string (GByteArray *s,
            const char *data,
            gsize       len)
{
  put_u (s, len);
  g_byte_array_append (s, (const guint8 *) data, len);
}

/* the magic and a header: version 0.1.0, pid 4321, 4 KiB pages, 1000
 * pages, attached; the command line `prog -x` */
static GByteArray *
stream_new (void)
{
  GByteArray *s = g_byte_array_new ();

  g_byte_array_append (s, (const guint8 *) HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN);
  put_byte (s, HT_MSG_HEADER);
  put_u (s, 0x000100);
  put_u (s, 4321);
  put_u (s, 4096);
  put_u (s, 1000);
  put_u (s, 1);
  put_string (s, "/usr/bin/prog", 13);
  put_string (s, "prog\0-x\0", 8);
  return s;
}

static guint
header_length (void)
{
  g_autoptr(GByteArray) s = stream_new ();

  return s->len;
}

static void
put_chunk (GByteArray *s,
           guint64     thread,
           GByteArray *records)
{
  put_byte (s, HT_MSG_CHUNK);
  put_u (s, thread);
  put_u (s, records->len);
  g_byte_array_append (s, records->data, records->len);
}

/* a chunk of one record, @len bytes at @record */
static void
put_chunk_of (GByteArray *s,
              const char *record,
              gsize       len)
{
  g_autoptr(GByteArray) records = g_byte_array_new ();

  g_byte_array_append (records, (const guint8 *) record, len);
  put_chunk (s, 1, records);
}

#define PUT_CHUNK_OF(s, record) put_chunk_of (s, record, sizeof record - 1)

/* ---- reading them -------------------------------------------------------- */

/* Reads @s to its end (or its HT_MSG_END), every chunk's records decoded;
 * the error, NULL when it reads. */
static GError *
read_all (const guint8 *data,
          gsize         len)
{
  g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_data (data, len, NAME);
  g_auto(HtStreamHeader) header = { 0 };
  GError *error = NULL;
  HtStreamMessage message;

  if (!ht_stream_reader_read_header (reader, &header, &error))
    return error;
  while (ht_stream_reader_next (reader, &message, &error))
    if (message.type == HT_MSG_END)
      break;
  return error;
}

static void
assert_fails (GByteArray *s,
              int         code,
              const char *message)
{
  g_autoptr(GError) error = read_all (s->data, s->len);

  g_assert_error (error, HT_STREAM_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

/* the first @len bytes of @s are truncated */
static void
assert_fails_at (GByteArray *s,
                 gsize       len,
                 const char *message)
{
  g_autoptr(GError) error = read_all (s->data, len);

  g_assert_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_TRUNCATED);
  g_assert_cmpstr (error->message, ==, message);
}

/* ---- what is decoded ----------------------------------------------------- */

static void
test_header (void)
{
  g_autoptr(GByteArray) s = stream_new ();
  g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_data (s->data, s->len, NAME);
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GError) error = NULL;
  HtStreamMessage message;

  g_assert_true (ht_stream_reader_read_header (reader, &header, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (header.version, ==, 0x000100);
  g_assert_cmpuint (header.pid, ==, 4321);
  g_assert_cmpuint (header.page_size, ==, 4096);
  g_assert_cmpuint (header.pages, ==, 1000);
  g_assert_true (header.attached);
  g_assert_cmpstr (header.exe, ==, "/usr/bin/prog");
  g_assert_cmpuint (g_strv_length (header.argv), ==, 2);
  g_assert_cmpstr (header.argv[0], ==, "prog");
  g_assert_cmpstr (header.argv[1], ==, "-x");

  /* a stream may stop right after its header: nothing more, no error */
  g_assert_false (ht_stream_reader_next (reader, &message, &error));
  g_assert_no_error (error);
}

/* empty arguments stay, a missing last NUL loses nothing */
static void
test_header_arguments (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_autoptr(HtStreamReader) reader = NULL;
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GError) error = NULL;

  g_byte_array_append (s, (const guint8 *) HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN);
  put_byte (s, HT_MSG_HEADER);
  for (int i = 0; i < 5; i++)
    put_u (s, 0);
  put_string (s, "", 0);
  put_string (s, "a\0\0b", 4);
  reader = ht_stream_reader_new_for_data (s->data, s->len, NAME);
  g_assert_true (ht_stream_reader_read_header (reader, &header, &error));
  g_assert_false (header.attached);
  g_assert_cmpstr (header.exe, ==, "");
  g_assert_cmpuint (g_strv_length (header.argv), ==, 3);
  g_assert_cmpstr (header.argv[0], ==, "a");
  g_assert_cmpstr (header.argv[1], ==, "");
  g_assert_cmpstr (header.argv[2], ==, "b");
}

typedef struct
{
  guint32 id;
  GArray *frames;
} Stack;

static void
keep_stack (guint32        id,
            const guint64 *frames,
            guint          n_frames,
            gpointer       user_data)
{
  GArray *stacks = user_data;
  Stack stack = { id, g_array_new (FALSE, FALSE, sizeof (guint64)) };

  g_array_append_vals (stack.frames, frames, n_frames);
  g_array_append_val (stacks, stack);
}

static void
stack_clear (gpointer data)
{
  g_array_unref (((Stack *) data)->frames);
}

/* the records of every kind in one chunk of thread 7 */
static GByteArray *
all_records (void)
{
  GByteArray *r = g_byte_array_new ();

  put_byte (r, HT_REC_STACK);      /* stack 3: 0x401000, 0x400f00 */
  put_u (r, 3);
  put_u (r, 2);
  put_z (r, 0x401000);
  put_z (r, -0x100);
  put_byte (r, HT_REC_MODULES);    /* seq 1: the executable, libc */
  put_z (r, 1);
  put_u (r, 2);
  put_string (r, "", 0);
  put_u (r, 0x400000);
  put_u (r, 1);
  put_u (r, 0);
  put_u (r, 0x2000);
  put_string (r, "/lib/libc.so.6", 14);
  put_u (r, 0x7f0000000000);
  put_u (r, 2);
  put_u (r, 0);
  put_u (r, 0x1000);
  put_u (r, 0x3000);
  put_u (r, 0x500);
  put_byte (r, HT_REC_ALLOC);      /* seq 5: 24 bytes at 0x5000, stack 3 */
  put_z (r, 4);
  put_u (r, 24);
  put_u (r, 3);
  put_z (r, 0x5000);
  put_byte (r, HT_REC_FREE);       /* seq 3, 0x4ff0: seqs go back within a thread's buffer too */
  put_z (r, -2);
  put_z (r, -0x10);
  put_byte (r, HT_REC_MARK);       /* seq 6: 10 ms, RSS unknown */
  put_z (r, 3);
  put_u (r, 10);
  put_u (r, 0);
  put_byte (r, HT_REC_THREAD_END);
  return r;
}

static void
check_records (const HtStreamMessage *chunk)
{
  const guint8 *p = chunk->data, *end = chunk->data + chunk->len;
  guint64 seq = 0, ptr = 0;
  HtStreamRecord record;
  const HtStreamModule *module;

  g_assert_true (ht_stream_decode_record (&p, end, &seq, &ptr, &record));
  g_assert_cmpuint (record.type, ==, HT_REC_STACK);

  g_assert_true (ht_stream_decode_record (&p, end, &seq, &ptr, &record));
  g_assert_cmpuint (record.type, ==, HT_REC_MODULES);
  g_assert_cmpuint (record.seq, ==, 1);
  g_assert_cmpuint (record.modules->len, ==, 2);
  module = g_ptr_array_index (record.modules, 0);
  g_assert_cmpstr (module->name, ==, "");
  g_assert_cmpuint (module->base, ==, 0x400000);
  g_assert_cmpuint (module->segments->len, ==, 2);
  g_assert_cmpuint (g_array_index (module->segments, guint64, 1), ==, 0x2000);
  module = g_ptr_array_index (record.modules, 1);
  g_assert_cmpstr (module->name, ==, "/lib/libc.so.6");
  g_assert_cmpuint (module->base, ==, 0x7f0000000000);
  g_assert_cmpuint (module->segments->len, ==, 4);
  g_assert_cmpuint (g_array_index (module->segments, guint64, 2), ==, 0x3000);
  g_assert_cmpuint (g_array_index (module->segments, guint64, 3), ==, 0x500);
  g_ptr_array_unref (record.modules);

  g_assert_true (ht_stream_decode_record (&p, end, &seq, &ptr, &record));
  g_assert_cmpuint (record.type, ==, HT_REC_ALLOC);
  g_assert_cmpuint (record.seq, ==, 5);
  g_assert_cmpuint (record.alloc.size, ==, 24);
  g_assert_cmpuint (record.alloc.stack, ==, 3);
  g_assert_cmpuint (record.ptr, ==, 0x5000);

  g_assert_true (ht_stream_decode_record (&p, end, &seq, &ptr, &record));
  g_assert_cmpuint (record.type, ==, HT_REC_FREE);
  g_assert_cmpuint (record.seq, ==, 3);
  g_assert_cmpuint (record.ptr, ==, 0x4ff0);

  g_assert_true (ht_stream_decode_record (&p, end, &seq, &ptr, &record));
  g_assert_cmpuint (record.type, ==, HT_REC_MARK);
  g_assert_cmpuint (record.seq, ==, 6);
  g_assert_cmpuint (record.mark.ms, ==, 10);
  g_assert_cmpuint (record.mark.rss, ==, 0);

  g_assert_true (ht_stream_decode_record (&p, end, &seq, &ptr, &record));
  g_assert_cmpuint (record.type, ==, HT_REC_THREAD_END);
  g_assert_true (p == end);
}

/* a stream of every message, every record, then the end */
static GByteArray *
full_stream (void)
{
  GByteArray *s = stream_new ();
  g_autoptr(GByteArray) records = all_records ();
  g_autoptr(GByteArray) stacks_only = g_byte_array_new ();

  put_chunk (s, 7, records);
  put_byte (stacks_only, HT_REC_STACK);
  put_u (stacks_only, 4);
  put_u (stacks_only, 0);
  put_chunk (s, 8, stacks_only);
  put_byte (s, HT_MSG_WATERMARK);
  put_u (s, 7);
  put_byte (s, HT_MSG_TICK);
  put_u (s, 9);
  put_u (s, 20);
  put_u (s, 301);
  put_byte (s, HT_MSG_END);
  put_u (s, 12);
  put_u (s, 30);
  put_u (s, 302);
  return s;
}

static void
check_messages (HtStreamReader *reader,
                gsize           stream_len)
{
  g_autoptr(GArray) stacks = g_array_new (FALSE, FALSE, sizeof (Stack));
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GError) error = NULL;
  HtStreamMessage message;
  const Stack *stack;

  g_array_set_clear_func (stacks, stack_clear);
  ht_stream_reader_set_stack_func (reader, keep_stack, stacks);
  g_assert_true (ht_stream_reader_read_header (reader, &header, &error));

  g_assert_true (ht_stream_reader_next (reader, &message, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (message.type, ==, HT_MSG_CHUNK);
  g_assert_cmpuint (message.thread, ==, 7);
  g_assert_true (message.has_events);
  g_assert_true (message.thread_ended);
  g_assert_cmpuint (message.data_offset, ==, message.offset + 3);
  /* the chunk's stacks are handed over as it is read */
  g_assert_cmpuint (stacks->len, ==, 1);
  stack = &g_array_index (stacks, Stack, 0);
  g_assert_cmpuint (stack->id, ==, 3);
  g_assert_cmpuint (stack->frames->len, ==, 2);
  g_assert_cmpuint (g_array_index (stack->frames, guint64, 0), ==, 0x401000);
  g_assert_cmpuint (g_array_index (stack->frames, guint64, 1), ==, 0x400f00);
  check_records (&message);

  g_assert_true (ht_stream_reader_next (reader, &message, &error));
  g_assert_cmpuint (message.type, ==, HT_MSG_CHUNK);
  g_assert_cmpuint (message.thread, ==, 8);
  g_assert_false (message.has_events);
  g_assert_false (message.thread_ended);
  g_assert_cmpuint (stacks->len, ==, 2);
  stack = &g_array_index (stacks, Stack, 1);
  g_assert_cmpuint (stack->id, ==, 4);
  g_assert_cmpuint (stack->frames->len, ==, 0);

  g_assert_true (ht_stream_reader_next (reader, &message, &error));
  g_assert_cmpuint (message.type, ==, HT_MSG_WATERMARK);
  g_assert_cmpuint (message.seq, ==, 7);

  g_assert_true (ht_stream_reader_next (reader, &message, &error));
  g_assert_cmpuint (message.type, ==, HT_MSG_TICK);
  g_assert_cmpuint (message.seq, ==, 9);
  g_assert_cmpuint (message.ms, ==, 20);
  g_assert_cmpuint (message.rss, ==, 301);

  g_assert_true (ht_stream_reader_next (reader, &message, &error));
  g_assert_cmpuint (message.type, ==, HT_MSG_END);
  g_assert_cmpuint (message.seq, ==, 12);
  g_assert_cmpuint (message.ms, ==, 30);
  g_assert_cmpuint (message.rss, ==, 302);
  g_assert_cmpuint (message.offset, ==, stream_len - 5);

  g_assert_false (ht_stream_reader_next (reader, &message, &error));
  g_assert_no_error (error);
}

static void
test_messages (void)
{
  g_autoptr(GByteArray) s = full_stream ();
  g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_data (s->data, s->len, NAME);

  check_messages (reader, s->len);
}

/* a --raw recording: the same stream, zstd-compressed */
static void
test_zstd (void)
{
  g_autoptr(GByteArray) s = full_stream ();
  gsize bound = ZSTD_compressBound (s->len);
  g_autofree guint8 *z = g_malloc (bound);
  gsize z_len = ZSTD_compress (z, bound, s->data, s->len, 3);
  g_autoptr(HtStreamReader) reader = NULL;

  g_assert_false (ZSTD_isError (z_len));
  reader = ht_stream_reader_new_for_data (z, z_len, NAME);
  check_messages (reader, s->len);
}

/* a descriptor, read ahead on a thread: a file, and a pipe whose writer
 * gives one byte at a time */
static void
test_fd (void)
{
  g_autoptr(GByteArray) s = full_stream ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("test-stream-XXXXXX", &path, &error);
  int pipe_fds[2];

  g_assert_no_error (error);
  g_assert_cmpint (write (fd, s->data, s->len), ==, s->len);
  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
  {
    g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_fd (fd, NAME);

    check_messages (reader, s->len);
  }
  close (fd);
  g_unlink (path);

  /* a pipe holds the whole stream, so writing it byte by byte never blocks */
  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  for (guint i = 0; i < s->len; i++)
    g_assert_cmpint (write (pipe_fds[1], s->data + i, 1), ==, 1);
  close (pipe_fds[1]);
  {
    g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_fd (pipe_fds[0], NAME);

    check_messages (reader, s->len);
  }
  close (pipe_fds[0]);
}

/* A reader freed while its thread waits in read (): the thread frees
 * what they shared once the read returns. */
static void
test_fd_abandoned (void)
{
  g_autoptr(GByteArray) s = stream_new ();
  g_autoptr(HtStreamReader) reader = NULL;
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GError) error = NULL;
  int pipe_fds[2];

  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  g_assert_cmpint (write (pipe_fds[1], s->data, s->len), ==, s->len);
  reader = ht_stream_reader_new_for_fd (pipe_fds[0], NAME);
  g_assert_true (ht_stream_reader_read_header (reader, &header, &error));
  g_clear_pointer (&reader, ht_stream_reader_free);
  /* the thread's read returns with the end of the pipe */
  close (pipe_fds[1]);
}

/* --raw: the header's bytes and then the rest, as they came */
static void
test_next_bytes (void)
{
  g_autoptr(GByteArray) s = full_stream ();
  g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_data (s->data, s->len, NAME);
  g_autoptr(GByteArray) copy = g_byte_array_new ();
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;

  g_assert_true (ht_stream_reader_read_header (reader, &header, &error));
  data = ht_stream_reader_get_header_bytes (reader, &len);
  g_assert_cmpuint (len, ==, header_length ());
  g_byte_array_append (copy, data, len);
  while (ht_stream_reader_next_bytes (reader, &data, &len, &error))
    g_byte_array_append (copy, data, len);
  g_assert_no_error (error);
  g_assert_cmpmem (copy->data, copy->len, s->data, s->len);
}

/* ---- every fault --------------------------------------------------------- */

static void
test_empty (void)
{
  g_autoptr(GError) error = read_all ((const guint8 *) "", 0);

  g_assert_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==,
                   NAME ": not a heaptrack-gtk recording (no stream header): it is empty");
}

static void
test_bad_magic (void)
{
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autoptr(GByteArray) version = stream_new ();
  g_autoptr(GByteArray) no_header = g_byte_array_new ();

  g_byte_array_append (text, (const guint8 *) "v 10400 3\nX ./a\n", 16);
  assert_fails (text, HT_STREAM_ERROR_BAD_MAGIC,
                NAME ": not a heaptrack-gtk recording (no stream header): it does not start "
                "with HTGTKBS1");
  /* short, and not even the start of the magic */
  g_byte_array_set_size (text, 3);
  assert_fails (text, HT_STREAM_ERROR_BAD_MAGIC,
                NAME ": not a heaptrack-gtk recording (no stream header): it does not start "
                "with HTGTKBS1");

  version->data[HT_STREAM_MAGIC_LEN - 1] = '2';
  assert_fails (version, HT_STREAM_ERROR_BAD_VERSION,
                NAME ": a heaptrack-gtk stream of another format (byte 7 is 0x32, where this "
                "symbolizer reads HTGTKBS1)");

  g_byte_array_append (no_header, (const guint8 *) HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN);
  put_byte (no_header, HT_MSG_CHUNK);
  assert_fails (no_header, HT_STREAM_ERROR_BAD_HEADER,
                NAME ": not a heaptrack-gtk recording (no stream header): byte 8 is 0x43, "
                "not the header message");
}

/* cut anywhere inside the magic and the header */
static void
test_truncated_header (void)
{
  g_autoptr(GByteArray) s = stream_new ();

  for (guint len = 1; len < s->len; len++)
    {
      g_autoptr(GError) error = read_all (s->data, len);
      g_autofree char *expected =
        g_strdup_printf (NAME " is truncated: it ends at byte %u, inside the stream header "
                         "that starts at byte %d", len, len < HT_STREAM_MAGIC_LEN ? 0 : 8);

      g_assert_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_TRUNCATED);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_header_strings_too_long (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_autofree char *path = g_malloc0 (HT_STREAM_HEADER_STRING_MAX + 1);

  g_byte_array_append (s, (const guint8 *) HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN);
  put_byte (s, HT_MSG_HEADER);
  for (int i = 0; i < 5; i++)
    put_u (s, 1);
  put_string (s, path, HT_STREAM_HEADER_STRING_MAX + 1);
  put_string (s, "", 0);
  assert_fails (s, HT_STREAM_ERROR_BAD_HEADER,
                NAME " is corrupt at byte 14: an executable path of 4097 bytes in the stream "
                "header, more than 4096");
}

/* Cut anywhere after the header: an error inside a message, none between
 * two. */
static void
test_truncated_message (void)
{
  g_autoptr(GByteArray) s = full_stream ();
  g_autoptr(HtStreamReader) reader = ht_stream_reader_new_for_data (s->data, s->len, NAME);
  g_autoptr(GHashTable) boundaries = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_auto(HtStreamHeader) header = { 0 };
  HtStreamMessage message;

  g_assert_true (ht_stream_reader_read_header (reader, &header, NULL));
  while (ht_stream_reader_next (reader, &message, NULL))
    g_hash_table_add (boundaries, GSIZE_TO_POINTER (message.offset));
  g_assert_cmpuint (g_hash_table_size (boundaries), ==, 5);

  for (guint len = header_length (); len < s->len; len++)
    {
      g_autoptr(GError) error = read_all (s->data, len);

      if (g_hash_table_contains (boundaries, GSIZE_TO_POINTER (len)))
        g_assert_no_error (error);
      else
        g_assert_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_TRUNCATED);
    }
  assert_fails_at (s, s->len - 1, NAME " is truncated: it ends at byte 127, inside the end "
                   "message that starts at byte 123");
  assert_fails_at (s, 50, NAME " is truncated: it ends at byte 50, inside a chunk that "
                   "starts at byte 41");
}

/* a stream cut between two messages reads to where it stops */
static void
test_cut (void)
{
  g_autoptr(GByteArray) s = stream_new ();
  g_autoptr(GError) error = NULL;

  put_byte (s, HT_MSG_WATERMARK);
  put_u (s, 1);
  error = read_all (s->data, s->len);
  g_assert_no_error (error);
}

static void
test_bad_varint (void)
{
  g_autoptr(GByteArray) message = stream_new ();
  g_autoptr(GByteArray) record = stream_new ();

  /* eleven bytes with the high bit set: more than 64 bits */
  put_byte (message, HT_MSG_WATERMARK);
  for (int i = 0; i < 11; i++)
    put_byte (message, 0xff);
  assert_fails (message, HT_STREAM_ERROR_BAD_VARINT,
                NAME " is corrupt at byte 42: a varint of more than 64 bits in a watermark "
                "at byte 41");

  PUT_CHUNK_OF (record, "\x01\x02\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x00");
  assert_fails (record, HT_STREAM_ERROR_BAD_VARINT,
                NAME " is corrupt at byte 46: a varint of more than 64 bits in an allocation "
                "(in thread 1's chunk at byte 41)");

  /* ten bytes are 64 bits and more: read, as the recorder never writes them */
  g_byte_array_set_size (message, header_length ());
  put_byte (message, HT_MSG_WATERMARK);
  for (int i = 0; i < 9; i++)
    put_byte (message, 0xff);
  put_byte (message, 0x01);
  g_assert_no_error (read_all (message->data, message->len));
}

static void
test_unknown_message (void)
{
  g_autoptr(GByteArray) s = stream_new ();

  put_byte (s, HT_MSG_WATERMARK);
  put_u (s, 1);
  put_byte (s, 'Q');
  assert_fails (s, HT_STREAM_ERROR_UNKNOWN_MESSAGE,
                NAME " is corrupt at byte 43: unknown message type 0x51");
}

static void
test_oversized_chunk (void)
{
  g_autoptr(GByteArray) s = stream_new ();

  put_byte (s, HT_MSG_CHUNK);
  put_u (s, 1);
  put_u (s, HT_STREAM_CHUNK_MAX + 1);
  assert_fails (s, HT_STREAM_ERROR_OVERSIZED_CHUNK,
                NAME " is corrupt at byte 41: a chunk of 67108865 bytes, more than 67108864");
}

static void
test_unknown_record (void)
{
  g_autoptr(GByteArray) s = stream_new ();

  PUT_CHUNK_OF (s, "\x05\x09\x00");
  assert_fails (s, HT_STREAM_ERROR_UNKNOWN_RECORD,
                NAME " is corrupt at byte 45: unknown record type 9 (in thread 1's chunk at "
                "byte 41)");
}

/* a record that goes on past the end of its chunk, of every kind */
static void
test_record_past_chunk (void)
{
  static const struct
  {
    const char *record;
    gsize       len;
    const char *message;
  } cases[] = {
#define CASE(record, message) { record, sizeof record - 1, message }
    CASE ("\x01\x02\x18\x03", NAME " is corrupt at byte 48: an allocation runs past the end "
          "of its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x02\x02\x80", NAME " is corrupt at byte 46: a free runs past the end of its chunk "
          "(in thread 1's chunk at byte 41)"),
    CASE ("\x06\x02\x0a", NAME " is corrupt at byte 47: a timestamp runs past the end of its "
          "chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x04\x03", NAME " is corrupt at byte 46: a stack definition runs past the end of "
          "its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x04\x03\x05\x02", NAME " is corrupt at byte 47: a stack of 5 frames runs past the "
          "end of its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x04\x03\x02\x02\x81", NAME " is corrupt at byte 48: a stack definition runs past "
          "the end of its chunk (in thread 1's chunk at byte 41)"),
    /* a module list that runs past its end: two modules where one is */
    CASE ("\x03\x02\x02\x00\x10\x00", NAME " is corrupt at byte 50: a module list runs past "
          "the end of its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x03\x02\x09\x00", NAME " is corrupt at byte 47: a module list of 9 modules runs "
          "past the end of its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x03\x02\x01\x05li", NAME " is corrupt at byte 48: a module name of 5 bytes runs "
          "past the end of its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x03\x02\x01\x00\x10\x04\x00", NAME " is corrupt at byte 50: a module of 4 segments "
          "runs past the end of its chunk (in thread 1's chunk at byte 41)"),
    CASE ("\x03\x02\x01\x00\x10\x01\x00", NAME " is corrupt at byte 51: a module list runs past "
          "the end of its chunk (in thread 1's chunk at byte 41)"),
#undef CASE
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) s = stream_new ();

      put_chunk_of (s, cases[i].record, cases[i].len);
      assert_fails (s, HT_STREAM_ERROR_BAD_RECORD, cases[i].message);
    }
}

static void
test_bad_stack_id (void)
{
  g_autoptr(GByteArray) zero = stream_new ();
  g_autoptr(GByteArray) huge = stream_new ();
  g_autoptr(GByteArray) ahead = stream_new ();
  g_autoptr(GByteArray) records = g_byte_array_new ();

  PUT_CHUNK_OF (zero, "\x04\x00\x00");
  assert_fails (zero, HT_STREAM_ERROR_BAD_RECORD,
                NAME " is corrupt at byte 45: stack id 0, out of 1 to 4294967295 (in thread "
                "1's chunk at byte 41)");

  put_byte (records, HT_REC_STACK);
  put_u (records, (guint64) G_MAXUINT32 + 1);
  put_u (records, 0);
  put_chunk (huge, 1, records);
  assert_fails (huge, HT_STREAM_ERROR_BAD_RECORD,
                NAME " is corrupt at byte 45: stack id 4294967296, out of 1 to 4294967295 (in "
                "thread 1's chunk at byte 41)");

  /* out of order is fine, millions ahead of the definitions is not */
  g_byte_array_set_size (records, 0);
  put_byte (records, HT_REC_STACK);
  put_u (records, 2);
  put_u (records, 0);
  put_byte (records, HT_REC_STACK);
  put_u (records, 1);
  put_u (records, 0);
  put_byte (records, HT_REC_STACK);
  put_u (records, 2 + HT_STREAM_STACK_ID_SLACK + 1);
  put_u (records, 0);
  put_chunk (ahead, 1, records);
  assert_fails (ahead, HT_STREAM_ERROR_BAD_RECORD,
                NAME " is corrupt at byte 51: stack id 4194307, far beyond the 2 stacks defined "
                "so far (in thread 1's chunk at byte 41)");
}

/* the input's own faults: a read that fails, zstd that is not */
static void
test_input_faults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtStreamReader) dir_reader = NULL;
  g_auto(HtStreamHeader) header = { 0 };
  g_autoptr(GByteArray) zstd = g_byte_array_new ();
  int dir = g_open (".", O_RDONLY | O_DIRECTORY, 0);

  g_assert_cmpint (dir, >=, 0);
  dir_reader = ht_stream_reader_new_for_fd (dir, NAME);
  g_assert_false (ht_stream_reader_read_header (dir_reader, &header, &error));
  g_assert_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_READ);
  g_assert_cmpstr (error->message, ==, "cannot read " NAME ": Is a directory");
  g_clear_pointer (&dir_reader, ht_stream_reader_free);
  close (dir);

  g_byte_array_append (zstd, (const guint8 *) "\x28\xb5\x2f\xfd" "garbage", 11);
  g_clear_error (&error);
  error = read_all (zstd->data, zstd->len);
  g_assert_error (error, HT_STREAM_ERROR, HT_STREAM_ERROR_DECOMPRESS);
  /* then zstd's own words, which change with its version */
  g_assert_true (g_str_has_prefix (error->message, NAME ": corrupt zstd data: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/stream-reader/header", test_header);
  g_test_add_func ("/ht/stream-reader/header-arguments", test_header_arguments);
  g_test_add_func ("/ht/stream-reader/messages", test_messages);
  g_test_add_func ("/ht/stream-reader/zstd", test_zstd);
  g_test_add_func ("/ht/stream-reader/fd", test_fd);
  g_test_add_func ("/ht/stream-reader/fd-abandoned", test_fd_abandoned);
  g_test_add_func ("/ht/stream-reader/next-bytes", test_next_bytes);
  g_test_add_func ("/ht/stream-reader/cut", test_cut);
  g_test_add_func ("/ht/stream-reader/error/empty", test_empty);
  g_test_add_func ("/ht/stream-reader/error/bad-magic", test_bad_magic);
  g_test_add_func ("/ht/stream-reader/error/truncated-header", test_truncated_header);
  g_test_add_func ("/ht/stream-reader/error/header-strings", test_header_strings_too_long);
  g_test_add_func ("/ht/stream-reader/error/truncated-message", test_truncated_message);
  g_test_add_func ("/ht/stream-reader/error/bad-varint", test_bad_varint);
  g_test_add_func ("/ht/stream-reader/error/unknown-message", test_unknown_message);
  g_test_add_func ("/ht/stream-reader/error/oversized-chunk", test_oversized_chunk);
  g_test_add_func ("/ht/stream-reader/error/unknown-record", test_unknown_record);
  g_test_add_func ("/ht/stream-reader/error/record-past-chunk", test_record_past_chunk);
  g_test_add_func ("/ht/stream-reader/error/bad-stack-id", test_bad_stack_id);
  g_test_add_func ("/ht/stream-reader/error/input", test_input_faults);
  return g_test_run ();
}
