/* test-reader.c: the trace reader on every container and format version
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <zlib.h>
#include <zstd.h>

#include "test-util.h"

static GBytes *
zstd_compress (const char *text)
{
  gsize len = strlen (text);
  gsize cap = ZSTD_compressBound (len);
  char *buf = g_malloc (cap);
  gsize n = ZSTD_compress (buf, cap, text, len, 3);

  g_assert_false (ZSTD_isError (n));
  return g_bytes_new_take (buf, n);
}

static GBytes *
gzip_compress (const char *text)
{
  z_stream z = { 0 };
  gsize len = strlen (text);
  gsize cap = len + 128;
  guint8 *buf = g_malloc (cap);

  g_assert_cmpint (deflateInit2 (&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  z.next_in = (Bytef *) text;
  z.avail_in = len;
  z.next_out = buf;
  z.avail_out = cap;
  g_assert_cmpint (deflate (&z, Z_FINISH), ==, Z_STREAM_END);
  cap = z.total_out;
  deflateEnd (&z);
  return g_bytes_new_take (buf, cap);
}

static GBytes *
concat (GBytes *a,
        GBytes *b)
{
  GByteArray *arr = g_byte_array_new ();

  g_byte_array_append (arr, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (arr, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  return g_byte_array_free_to_bytes (arr);
}

static void
assert_example (HtAnalysis *a)
{
  g_assert_cmpint (a->total.allocations, ==, 3);
  g_assert_cmpint (a->total.temporary, ==, 1);
  g_assert_cmpint (a->total.peak, ==, 100 + 200 + 64);
  g_assert_cmpint (a->total.leaked, ==, 200);
  g_assert_cmpuint (a->runtime, ==, 1);
  g_assert_cmpuint (ht_analysis_get_peak_rss (a), ==, 0x3b1 * 0x1000);
  g_assert_cmpstr (a->data->debuggee, ==, "./example");
  g_assert_false (a->truncated);
}

static void
test_containers (void)
{
  g_autoptr(GBytes) zst = zstd_compress (EXAMPLE_TRACE);
  g_autoptr(GBytes) gz = gzip_compress (EXAMPLE_TRACE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) plain = load_text (EXAMPLE_TRACE);
  g_autoptr(HtAnalysis) a = load_bytes_with (zst, NULL, &error);
  g_autoptr(HtAnalysis) b = NULL;

  g_assert_no_error (error);
  assert_example (plain);
  assert_example (a);
  b = load_bytes_with (gz, NULL, &error);
  g_assert_no_error (error);
  assert_example (b);
}

/* zstd and gzip streams may be concatenations of frames / members */
static void
test_multi_frame (void)
{
  const char *split = strstr (EXAMPLE_TRACE, "i 1010");
  g_autofree char *head = g_strndup (EXAMPLE_TRACE, split - EXAMPLE_TRACE);
  g_autoptr(GBytes) z1 = zstd_compress (head);
  g_autoptr(GBytes) z2 = zstd_compress (split);
  g_autoptr(GBytes) g1 = gzip_compress (head);
  g_autoptr(GBytes) g2 = gzip_compress (split);
  g_autoptr(GBytes) zst = concat (z1, z2);
  g_autoptr(GBytes) gz = concat (g1, g2);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = load_bytes_with (zst, NULL, &error);
  g_autoptr(HtAnalysis) b = NULL;

  g_assert_no_error (error);
  assert_example (a);
  b = load_bytes_with (gz, NULL, &error);
  g_assert_no_error (error);
  assert_example (b);
}

/* a cut-off zstd file yields what it holds, with a warning */
static void
test_truncated_zstd (void)
{
  GString *big = g_string_new ("v 10400 3\ns 4 main\ni 10 0 1\nt 1 0\na 10 1\n");
  g_autoptr(GBytes) zst = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = NULL;

  for (int i = 0; i < 200000; i++)
    g_string_append_printf (big, "+ 0\nc %x\n", i);
  zst = zstd_compress (big->str);
  cut = g_bytes_new_from_bytes (zst, 0, g_bytes_get_size (zst) / 2);
  g_string_free (big, TRUE);

  a = load_bytes_with (cut, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (a->truncated);
  g_assert_cmpint (a->total.allocations, >, 1000);
  g_assert_cmpint (a->total.allocations, <, 200000);
  g_assert_cmpuint (a->warnings->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (a->warnings, 0), "test.trace"));
  g_assert_nonnull (strstr (g_ptr_array_index (a->warnings, 0), "truncated"));
}

/* Format 0: no v line, + and - carry size, trace and pointer
 * (docs/trace-format.md §7). The
 * reader maps pointers itself and compares them for "temporary". */
static void
test_format_0 (void)
{
  g_autoptr(HtAnalysis) a = load_text ("s main\n"
                                       "i 10 0 1\n"
                                       "t 1 0\n"
                                       "+ 10 1 aaa0\n"
                                       "+ 10 1 bbb0\n"
                                       "- aaa0\n"      /* same (size, trace), other pointer: not temporary */
                                       "+ 20 1 ccc0\n"
                                       "- ccc0\n"      /* temporary */
                                       "- dead\n"      /* unknown pointer: dropped */
                                       "c 4\n");

  g_assert_cmpuint (a->data->format_version, ==, 0);
  g_assert_cmpuint (a->data->infos->len, ==, 2);
  g_assert_cmpint (a->total.allocations, ==, 3);
  g_assert_cmpint (a->total.temporary, ==, 1);
  g_assert_cmpint (a->total.peak, ==, 0x30);
  g_assert_cmpint (a->total.leaked, ==, 0x10);
  g_assert_cmpstr (ht_trace_data_get_string (a->data, 1), ==, "main");
  g_assert_cmpuint (a->runtime, ==, 5);
}

/* heaptrack 1.2 development builds: "v 10200" alone means format 1 */
static void
test_format_1 (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10200\n"
                                       "s main\n"
                                       "s file with spaces.c\n"
                                       "i 10 0 1 2 5\n"
                                       "t 1 0\n"
                                       "a 8 1\n"
                                       "+ 0\n");
  const HtIp *ip;

  g_assert_cmpuint (a->data->format_version, ==, 1);
  /* unsized strings: the whole rest of the line */
  g_assert_cmpstr (ht_trace_data_get_string (a->data, 2), ==, "file with spaces.c");
  ip = ht_trace_data_ip (a->data, 1);
  g_assert_cmpuint (ip->frame.function, ==, 1);
  g_assert_cmpuint (ip->frame.file, ==, 2);
  g_assert_cmpuint (ip->frame.line, ==, 5);
  g_assert_cmpint (a->total.leaked, ==, 8);
}

/* format 2: inlined frames, unsized S lines */
static void
test_format_2_inlined (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10100 2\n"
                                       "s inner\n"
                                       "s a.h\n"
                                       "s outer\n"
                                       "s a.c\n"
                                       "S leak:inner\n"
                                       "i 10 0 1 2 7 3 4 9 3 4 b\n"
                                       "t 1 0\n"
                                       "a 8 1\n"
                                       "+ 0\n");
  const HtIp *ip = ht_trace_data_ip (a->data, 1);

  g_assert_cmpuint (ip->n_inlined, ==, 2);
  g_assert_cmpuint (ht_trace_data_inlined (a->data, ip, 0)->function, ==, 3);
  g_assert_cmpuint (ht_trace_data_inlined (a->data, ip, 0)->line, ==, 9);
  g_assert_cmpuint (ht_trace_data_inlined (a->data, ip, 1)->line, ==, 0xb);
  /* the unsized S line applies */
  g_assert_cmpint (a->total.leaked, ==, 0);
  g_assert_cmpint (a->suppressed, ==, 8);
}

/* format 3: sized strings may contain spaces; S lines come length-prefixed
 * from heaptrack 1.3+ and unprefixed from us: both apply
 * (docs/trace-format.md §8.1) */
static void
test_format_3_strings (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10400 3\n"
                                       "S e leak:lib_alloc\n"
                                       "S leak:other\n"
                                       "s 9 lib_alloc\n"
                                       "s b other thing\n"
                                       "i 10 0 1\n"
                                       "t 1 0\n"
                                       "i 20 0 2\n"
                                       "t 2 0\n"
                                       "a 8 1\n"
                                       "+ 0\n"
                                       "a 10 2\n"
                                       "+ 1\n");

  g_assert_cmpstr (ht_trace_data_get_string (a->data, 2), ==, "other thing");
  g_assert_cmpint (a->total.leaked, ==, 0);
  g_assert_cmpint (a->suppressed, ==, 0x18);
}

/* frames of operator new are replaced by their caller (docs/figures.md §8.3) */
static void
test_operator_new (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10400 3\n"
                                       "s 4 main\n"
                                       "s 1b operator new(unsigned long)\n"
                                       "i 10 0 1\n"
                                       "t 1 0\n"
                                       "i 20 0 2\n"
                                       "t 2 1\n"
                                       "a 8 2\n"
                                       "+ 0\n");
  const HtTraceNode *node = ht_trace_data_trace (a->data, 2);

  g_assert_cmpuint (node->ip, ==, 1);
  g_assert_cmpuint (node->parent, ==, 0);
}

/* an attached recording resets the totals at its A record (docs/trace-format.md §4.4) */
static void
test_attached (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10400 3\n"
                                       "X ./prog\n"
                                       "A\n"
                                       "s 4 main\n"
                                       "i 10 0 1\n"
                                       "t 1 0\n"
                                       "a 8 1\n"
                                       "+ 0\n");

  g_assert_true (a->data->attached);
  g_assert_cmpint (a->total.allocations, ==, 1);
}

/* heaptrack 1.4 writes a command line holding newlines as it is: the lines
 * up to the next record belong to the debuggee */
static void
test_debuggee_lines (void)
{
  g_autoptr(HtAnalysis) a = load_text ("v 10400 3\n"
                                       "X python3 -c import sys\n"
                                       "print(sys.argv)\n"
                                       "sys.exit(3)\n"
                                       "I 1000 10\n"
                                       "s 4 main\n"
                                       "i 10 0 1\n"
                                       "t 1 0\n"
                                       "a 8 1\n"
                                       "+ 0\n");

  g_assert_cmpstr (a->data->debuggee, ==, "python3 -c import sys print(sys.argv) sys.exit(3)");
  g_assert_cmpint (a->total.allocations, ==, 1);
  g_assert_cmpuint (a->warnings->len, ==, 0);
}

/* comments, empty lines and the trailer are ignored; a last line without
 * its newline still counts */
static void
test_comments (void)
{
  g_autoptr(HtAnalysis) a = load_text ("# a comment\n\nv 10400 3\ns 4 main\ni 10 0 1\nt 1 0\na 8 1\n+ 0");

  g_assert_cmpint (a->total.allocations, ==, 1);
  g_assert_false (a->truncated);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

/* progress runs from 0 to 1; a cancelled load fails with G_IO_ERROR_CANCELLED */
static void
test_progress_cancel (void)
{
  GString *big = g_string_new ("v 10400 3\ns 4 main\ni 10 0 1\nt 1 0\na 10 1\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HtTraceReader) reader = NULL;
  g_autoptr(HtTraceReader) reader2 = NULL;
  g_autoptr(HtAnalysis) a = NULL;
  double last = 0;

  for (int i = 0; i < 300000; i++)
    g_string_append (big, "+ 0\n- 0\n");
  bytes = g_string_free_to_bytes (big);

  reader = ht_trace_reader_new_for_bytes (bytes, "big");
  a = ht_analysis_load_reader (reader, NULL, progress_cb, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpint (a->total.temporary, ==, 300000);

  g_cancellable_cancel (cancellable);
  reader2 = ht_trace_reader_new_for_bytes (bytes, "big");
  g_assert_null (ht_analysis_load_reader (reader2, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* a committed trace recorded by heaptrack 1.4 */
static void
test_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (a->total.allocations, ==, 1021);
  g_assert_cmpint (a->total.temporary, ==, 1004);
  g_assert_cmpint (a->heaptrack_extra_temporary, ==, 1);
  g_assert_cmpint (a->total.peak, ==, 83339);
  g_assert_cmpint (a->total.leaked, ==, 385);
  g_assert_cmpstr (a->data->debuggee, ==, "./wl-sites");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/reader/containers", test_containers);
  g_test_add_func ("/ht/reader/multi-frame", test_multi_frame);
  g_test_add_func ("/ht/reader/truncated-zstd", test_truncated_zstd);
  g_test_add_func ("/ht/reader/format-0", test_format_0);
  g_test_add_func ("/ht/reader/format-1", test_format_1);
  g_test_add_func ("/ht/reader/format-2-inlined", test_format_2_inlined);
  g_test_add_func ("/ht/reader/format-3-strings", test_format_3_strings);
  g_test_add_func ("/ht/reader/operator-new", test_operator_new);
  g_test_add_func ("/ht/reader/attached", test_attached);
  g_test_add_func ("/ht/reader/debuggee-lines", test_debuggee_lines);
  g_test_add_func ("/ht/reader/comments", test_comments);
  g_test_add_func ("/ht/reader/progress-cancel", test_progress_cancel);
  g_test_add_func ("/ht/reader/fixture", test_fixture);
  return g_test_run ();
}
