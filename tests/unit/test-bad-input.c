/* test-bad-input.c: hostile and broken files fail cleanly, naming file and line
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <zstd.h>

#include "ht-trace-error.h"
#include "test-util.h"

static void
assert_fails (const char *text,
              gsize       len,
              int         code,
              const char *message_part)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = load_bytes_with (bytes, NULL, &error);

  g_assert_null (a);
  g_assert_error (error, HT_TRACE_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "test.trace"));
  if (strstr (error->message, message_part) == NULL)
    g_error ("'%s' does not say '%s'", error->message, message_part);
}

#define FAILS(text, code, part) assert_fails (text, sizeof text - 1, code, part)

static void
test_empty (void)
{
  FAILS ("", HT_TRACE_ERROR_BAD_MAGIC, "empty");
  FAILS ("\n\n# only a comment\n", HT_TRACE_ERROR_BAD_MAGIC, "empty");
}

static void
test_foreign (void)
{
  FAILS ("Hello, world\nthis is a text file\n", HT_TRACE_ERROR_BAD_MAGIC, ":1: not a heaptrack trace");
  FAILS ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", HT_TRACE_ERROR_BAD_MAGIC, ":1:");
  FAILS ("{\"json\": true}\n", HT_TRACE_ERROR_BAD_MAGIC, "not a heaptrack trace");
}

static void
test_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (int round = 0; round < 200; round++)
    {
      guint len = g_rand_int_range (rand, 1, 4096);
      g_autofree guint8 *buf = g_malloc (len);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HtAnalysis) a = NULL;

      for (guint i = 0; i < len; i++)
        buf[i] = g_rand_int (rand);
      bytes = g_bytes_new (buf, len);
      a = load_bytes_with (bytes, NULL, &error);
      /* random bytes are no trace; what matters is a clean error */
      g_assert_null (a);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "test.trace"));
    }
}

static void
test_garbage_line (void)
{
  FAILS ("v 10400 3\ns 4 main\nwhat is this\n", HT_TRACE_ERROR_CORRUPT, "test.trace:3: unknown record type 'w'");
  FAILS ("v 10400 3\ns 4 main\ni 1G 0\n", HT_TRACE_ERROR_CORRUPT, ":3: bad number");
  FAILS ("v 10400 3\ni ABC 0\n", HT_TRACE_ERROR_CORRUPT, ":2: bad number");
  FAILS ("v 10400 3\nt 1\n", HT_TRACE_ERROR_CORRUPT, ":2: record has 1 fields, expected 2");
  FAILS ("v 10400 3\nc 11112222333344445\n", HT_TRACE_ERROR_CORRUPT, ":2: bad number");
  FAILS ("v 10400 3\ns ff short\n", HT_TRACE_ERROR_CORRUPT, ":2: string length 255 exceeds the line");
  FAILS ("v 10400 3\nX a\nX b\n", HT_TRACE_ERROR_CORRUPT, ":3: second debuggee");
}

static void
test_future_version (void)
{
  FAILS ("v 20000 4\n", HT_TRACE_ERROR_UNSUPPORTED_VERSION, ":1: file format version 4 is newer");
  FAILS ("v 10400 3\ns 4 main\nv 10400 2\n", HT_TRACE_ERROR_CORRUPT, ":3: version record after");
}

static void
test_dangling_indices (void)
{
  FAILS ("v 10400 3\ni 10 5\n", HT_TRACE_ERROR_BAD_INDEX, ":2: module string index 5 points nowhere");
  FAILS ("v 10400 3\ns 1 m\ni 10 1 2\n", HT_TRACE_ERROR_BAD_INDEX, ":3: function string index 2");
  FAILS ("v 10400 3\ns 1 m\ni 10 1 0 1 5 9 1 1\n", HT_TRACE_ERROR_BAD_INDEX, "inlined function string index 9");
  FAILS ("v 10400 3\nt 1 0\n", HT_TRACE_ERROR_BAD_INDEX, ":2: instruction pointer index 1 points nowhere");
  FAILS ("v 10400 3\ni 10 0\nt 1 7\n", HT_TRACE_ERROR_BAD_INDEX, ":3: parent trace index 7");
  FAILS ("v 10400 3\ni 10 0\nt 0 0\n", HT_TRACE_ERROR_BAD_INDEX, ":3: trace node without");
  FAILS ("v 10400 3\na 10 3\n", HT_TRACE_ERROR_BAD_INDEX, ":2: trace index 3");
  FAILS ("v 10400 3\n+ 0\n", HT_TRACE_ERROR_BAD_INDEX, ":2: allocation index 0 points nowhere");
  FAILS ("v 10400 3\na 10 0\n+ 0\n- 1\n", HT_TRACE_ERROR_BAD_INDEX, ":4: allocation index 1");
  FAILS ("v 10400 3\na 10 0\n+ ffffffffffff\n", HT_TRACE_ERROR_BAD_INDEX, ":3: allocation index");
}

static void
test_raw_trace (void)
{
  FAILS ("v 10400 3\nx 8 /bin/foo\nX ./foo\n", HT_TRACE_ERROR_RAW_TRACE, ":2: this is a raw heaptrack recording");
  FAILS ("v 10400 3\nm 1 -\n", HT_TRACE_ERROR_RAW_TRACE, "symbolize it first");
}

/* corrupt compressed data is an error naming the file */
static void
test_corrupt_zstd (void)
{
  const char *text = EXAMPLE_TRACE EXAMPLE_TRACE;
  gsize cap = ZSTD_compressBound (strlen (text));
  g_autofree char *buf = g_malloc (cap);
  gsize n = ZSTD_compress (buf, cap, text, strlen (text), 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = NULL;

  for (gsize i = 8; i < n - 8; i++)
    buf[i] ^= 0x5a;
  bytes = g_bytes_new (buf, n);
  a = load_bytes_with (bytes, NULL, &error);
  g_assert_null (a);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "test.trace"));
}

/* a zstd file cut before its first block ends holds nothing: an error */
static void
test_truncated_to_nothing (void)
{
  const char *text = EXAMPLE_TRACE;
  gsize cap = ZSTD_compressBound (strlen (text));
  g_autofree char *buf = g_malloc (cap);
  gsize n = ZSTD_compress (buf, cap, text, strlen (text), 1);
  g_autoptr(GBytes) bytes = g_bytes_new (buf, n / 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = load_bytes_with (bytes, NULL, &error);

  g_assert_null (a);
  g_assert_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_DECOMPRESS);
  g_assert_cmpstr (error->message, ==, "test.trace: the file is truncated and holds no complete record");
}

/* a last line cut in the middle: the rest is kept, with a warning */
static void
test_truncated_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = load_text_with ("v 10400 3\ns 4 main\ni 10 0 1\nt 1 0\na 10 1\n+ 0\n+ 0\na 2", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (a->truncated);
  g_assert_cmpint (a->total.allocations, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (a->warnings, 0), "truncated"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load ("/nonexistent/trace.zst", NULL, NULL, NULL, NULL, &error);
  g_autoptr(HtAnalysis) b = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-dir-XXXXXX", NULL);

  g_assert_null (a);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/trace.zst: "));
  g_clear_error (&error);

  b = ht_analysis_load (dir, NULL, NULL, NULL, NULL, &error);
  g_assert_null (b);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_rmdir (dir);
}

/* a line without end is refused before it exhausts memory */
static void
test_endless_line (void)
{
  gsize len = HT_LINE_SOURCE_MAX_LINE + 1024 * 1024;
  char *text = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = NULL;

  memcpy (text, "v 10400 3\ns ", 12);
  memset (text + 12, 'x', len - 12);
  bytes = g_bytes_new_take (text, len);
  a = load_bytes_with (bytes, NULL, &error);
  g_assert_null (a);
  g_assert_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_LINE_TOO_LONG);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/bad-input/empty", test_empty);
  g_test_add_func ("/ht/bad-input/foreign", test_foreign);
  g_test_add_func ("/ht/bad-input/random-bytes", test_random_bytes);
  g_test_add_func ("/ht/bad-input/garbage-line", test_garbage_line);
  g_test_add_func ("/ht/bad-input/future-version", test_future_version);
  g_test_add_func ("/ht/bad-input/dangling-indices", test_dangling_indices);
  g_test_add_func ("/ht/bad-input/raw-trace", test_raw_trace);
  g_test_add_func ("/ht/bad-input/corrupt-zstd", test_corrupt_zstd);
  g_test_add_func ("/ht/bad-input/truncated-plain", test_truncated_plain);
  g_test_add_func ("/ht/bad-input/truncated-to-nothing", test_truncated_to_nothing);
  g_test_add_func ("/ht/bad-input/missing-file", test_missing_file);
  g_test_add_func ("/ht/bad-input/endless-line", test_endless_line);
  return g_test_run ();
}
