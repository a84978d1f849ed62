/* test-print-cli.c: heaptrack-gtk-print's options, output and exit status
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ht-json.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* Runs heaptrack-gtk-print with @args; returns its exit status. */
static int
run_print (const char * const  *args,
           char               **out,
           char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HT_PRINT"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static void
test_report (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  const char *args[] = { path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_print (args, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "reading file \""));
  g_assert_nonnull (strstr (out, "Debuggee command was: ./wl-sites\nfinished reading file, now analyzing data:\n\n"
                                 "MOST CALLS TO ALLOCATION FUNCTIONS\n1000 calls to allocation functions with 0B peak "
                                 "consumption from\ntemp_loop\n"));
  g_assert_true (g_str_has_suffix (out, "total runtime: 0.01s.\n"
                                        "calls to allocation functions: 1021 (204200/s)\n"
                                        "temporary memory allocations: 1004 (200800/s)\n"
                                        "peak heap memory consumption: 83.34K\n"
                                        "peak RSS (including heaptrack overhead): 3.96M\n"
                                        "total memory leaked: 385B\n"));
  g_assert_cmpstr (err, ==, "");
}

/* -s: the summary lines only; -p N: N peak consumers, besides the defaults */
static void
test_short_options (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  const char *summary[] = { "-s", path, NULL };
  const char *peaks[] = { "-a", "0", "-T", "0", "-p", "2", "-l", path, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run_print (summary, &out, &err), ==, 0);
  g_assert_null (strstr (out, "MOST CALLS"));
  g_assert_nonnull (strstr (out, "data:\n\ntotal runtime: 0.01s.\n"));

  g_assert_cmpint (run_print (peaks, &out2, &err2), ==, 0);
  g_assert_null (strstr (out2, "MOST CALLS"));
  g_assert_nonnull (strstr (out2, "PEAK MEMORY CONSUMERS\n72.70K peak memory consumed over 1 calls from\n"));
  g_assert_nonnull (strstr (out2, "\n10.38K peak memory consumed over 15 calls from\nalloc_leaf\n"));
  g_assert_null (strstr (out2, "200B peak memory consumed"));   /* the third, beyond -p 2 */
  g_assert_nonnull (strstr (out2, "MEMORY LEAKS\n385B leaked over 15 calls from\nalloc_leaf\n"));
}

/* -f: folded stacks on stdout and nothing else */
static void
test_folded (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  const char *args[] = { "-f", "--flamegraph-cost-type", "leaked", path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_print (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "main (wl-sites.c);leak_some (wl-sites.c);alloc_leaf (wl-sites.c); 385\n"));
  g_assert_null (strstr (out, "reading file"));
}

static void
test_json (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  const char *args[] = { "--json", "--file", path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_print (args, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\n"));
  g_assert_nonnull (strstr (out, "\"summary\": {\"calls\": 1021, \"temporary\": 1004, \"peak\": 83339, "));
  g_assert_nonnull (strstr (out, "\"leaked\": 385, \"suppressed\": 0, \"runtime_ms\": 5"));
}

/* errors: a message naming the file, exit status 2 */
static void
test_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-cli-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.zst", NULL);
  const char *missing[] = { "/nonexistent/x.zst", NULL };
  const char *corrupt[] = { bad, NULL };
  const char *option[] = { "--no-such-option", bad, NULL };
  const char *none[] = { NULL };
  const char *cost[] = { "--flamegraph-cost-type", "bogus", bad, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_file_set_contents (bad, "v 10400 3\ns 4 main\nt 5 0\n", -1, NULL);

  g_assert_cmpint (run_print (missing, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent/x.zst: cannot open: No such file or directory"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_print (corrupt, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "bad.zst:3: instruction pointer index 5 points nowhere"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_print (option, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "unknown option '--no-such-option'"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_print (none, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "no trace file given"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_print (cost, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "unknown cost type 'bogus'"));

  g_unlink (bad);
  g_rmdir (dir);
}

/* Runs heaptrack-gtk-print with @args and checks its exit status and what
 * its standard error holds (NULL: nothing) */
static void
check_print (const char * const *args,
             int                 status,
             const char         *in_out,
             const char         *in_err)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_print (args, &out, &err), ==, status);
  if (in_out != NULL)
    g_assert_nonnull (strstr (out, in_out));
  if (in_err != NULL)
    g_assert_nonnull (strstr (err, in_err));
  else
    g_assert_cmpstr (err, ==, "");
}

/* HT_TEST_DIFF_A and _B as a.trace and b.trace in a folder of their own,
 * and where a base.json may go */
typedef struct
{
  char *dir;
  char *a;
  char *b;
  char *base;
} DiffFixture;

static void
diff_setup (DiffFixture   *f,
            gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ht-cli-diff-XXXXXX", NULL);
  f->a = g_build_filename (f->dir, "a.trace", NULL);
  f->b = g_build_filename (f->dir, "b.trace", NULL);
  f->base = g_build_filename (f->dir, "base.json", NULL);
  g_assert_true (g_file_set_contents (f->a, HT_TEST_DIFF_A, -1, NULL));
  g_assert_true (g_file_set_contents (f->b, HT_TEST_DIFF_B, -1, NULL));
}

static void
diff_teardown (DiffFixture   *f,
               gconstpointer  data)
{
  g_unlink (f->a);
  g_unlink (f->b);
  g_unlink (f->base);
  g_rmdir (f->dir);
  g_free (f->a);
  g_free (f->b);
  g_free (f->base);
  g_free (f->dir);
}

/* --diff and its gate: status 1 names each broken limit, 0 when all hold,
 * 2 for a bad limit; a JSON report as the base gives the same verdict
 * (docs/figures.md §21) */
static void
test_diff (DiffFixture   *f,
           gconstpointer  data)
{
  const char *a = f->a, *b = f->b, *base = f->base;
  g_autofree char *json = NULL, *err = NULL;
  const char *report[] = { "--diff", a, b, NULL };
  const char *short_form[] = { b, "-d", a, "--json", NULL };
  const char *fail[] = { "--diff", a, b, "--max-growth", "peak=44%,leaked=0,calls=10%", "--no-new-leaks", NULL };
  const char *pass[] = { "--diff", a, b, "--max-growth", "peak=45%,leaked=300,runtime_ms=100", NULL };
  const char *self[] = { "--diff", b, b, "--no-new-leaks", "--max-growth", "calls=0%", NULL };
  const char *bad[] = { "--diff", a, b, "--max-growth", "peak=5%,heap=1", NULL };
  const char *no_base[] = { b, "--no-new-leaks", NULL };
  const char *save[] = { "--json", "-n", "0", a, NULL };
  const char *from_json[] = { "--diff", base, b, "--max-growth", "peak=44%,leaked=0,calls=10%", "--no-new-leaks", NULL };
  const char *markdown[] = { "--diff", base, b, "--markdown", NULL };

  check_print (report, 0, "\nPEAK MEMORY CONSUMERS\n+700B peak (added) from\nnew_cache\n", NULL);
  check_print (short_form, 0, "\"summary\": {\"calls\": 2, \"temporary\": 1, \"peak\": 400, ", NULL);
  check_print (fail, 1, "total memory leaked: +300B (700B -> 1000B)\n",
               "heaptrack-gtk-print: limit broken: peak grew by +400B (900B -> 1.30K), more than 44%\n"
               "heaptrack-gtk-print: limit broken: leaked grew by +300B (700B -> 1000B), more than 0\n"
               "heaptrack-gtk-print: limit broken: calls grew by +2 (6 -> 8), more than 10%\n"
               "heaptrack-gtk-print: limit broken: new leak: 700B leaked from new_cache in prog\n");
  check_print (pass, 0, NULL, NULL);
  check_print (self, 0, "unmatched in B: 0 of 5 sites", NULL);
  check_print (bad, 2, NULL, "--max-growth: unknown figure 'heap' in 'heap=1'");
  check_print (no_base, 2, NULL, "need --diff BASE or --diff-at");

  g_assert_cmpint (run_print (save, &json, &err), ==, 0);
  g_assert_true (g_file_set_contents (base, json, -1, NULL));
  check_print (from_json, 1, NULL,
               "heaptrack-gtk-print: limit broken: peak grew by +400B (900B -> 1.30K), more than 44%\n"
               "heaptrack-gtk-print: limit broken: leaked grew by +300B (700B -> 1000B), more than 0\n"
               "heaptrack-gtk-print: limit broken: calls grew by +2 (6 -> 8), more than 10%\n"
               "heaptrack-gtk-print: limit broken: new leak: 700B leaked from new_cache in prog\n");
  check_print (markdown, 0, "| peak | 900B | 1.30K | +400B (+44.44%) |\n", NULL);
}

/* The change of each of @json's functions (by name and module), of each
 * of its four costs, and of each summary figure */
static GHashTable *
json_changes (const char *json_text)
{
  static const char * const costs[] = { "calls", "temporary", "peak", "leaked" };
  g_autoptr(HtJson) json = ht_json_parse (json_text);
  HtJson *functions = ht_json_member (json, "functions", HT_JSON_ARRAY);
  HtJson *summary = ht_json_member (json, "summary", HT_JSON_OBJECT);
  GHashTable *changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_nonnull (functions);
  for (guint i = 0; i < functions->items->len; i++)
    {
      HtJson *function = g_ptr_array_index (functions->items, i);

      for (guint c = 0; c < G_N_ELEMENTS (costs); c++)
        g_hash_table_insert (changes,
                             g_strdup_printf ("%s in %s: %s", ht_json_member_string (function, "function"),
                                              ht_json_member_string (function, "module"), costs[c]),
                             GINT_TO_POINTER ((int) ht_json_member_number (function, costs[c])));
    }
  for (guint i = 0; i < summary->keys->len; i++)
    g_hash_table_insert (changes, g_strdup (g_ptr_array_index (summary->keys, i)),
                         GINT_TO_POINTER ((int) ((HtJson *) g_ptr_array_index (summary->items, i))->number));
  return changes;
}

/* --per-total, --threshold and --swap, as the comparison window has them
 * (docs/figures.md §21.7) */
static void
test_diff_options (DiffFixture   *f,
                   gconstpointer  data)
{
  const char *a = f->a, *b = f->b, *base = f->base;
  g_autofree char *straight = NULL, *swapped = NULL, *err = NULL;
  const char *json[] = { "--diff", a, b, "--json", NULL };
  const char *swap_json[] = { "--diff", a, b, "--json", "--swap", NULL };
  const char *swap[] = { "--diff", a, b, "--swap", "--markdown", "-n", "1", NULL };
  const char *swap_gate[] = { "--diff", a, b, "--swap", "--max-growth", "peak=0", NULL };
  const char *per_total[] = { "--diff", a, b, "--per-total", NULL };
  const char *per_total_md[] = { "--diff", a, b, "--per-total", "--markdown", "-n", "3", NULL };
  const char *per_total_json[] = { "--diff", a, b, "--per-total", "--json", "-n", "1", NULL };
  const char *share[] = { "--diff", a, b, "--threshold", "20%", "--markdown", NULL };
  const char *bytes[] = { "--diff", a, b, "--threshold", "101", "--markdown", NULL };
  const char *bad_share[] = { "--diff", a, b, "--threshold", "120%", NULL };
  const char *alone[] = { b, "--swap", NULL };
  const char *swap_report[] = { "--diff", base, b, "--swap", NULL };
  g_autoptr(GHashTable) forth = NULL, back = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (g_file_set_contents (base, "{\"summary\": {}}", -1, NULL));

  /* swapping negates every change, and the figures too */
  g_assert_cmpint (run_print (json, &straight, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_print (swap_json, &swapped, &err), ==, 0);
  forth = json_changes (straight);
  back = json_changes (swapped);
  g_assert_cmpuint (g_hash_table_size (forth), ==, 6 * 4 - 4 + 8);
  g_assert_cmpuint (g_hash_table_size (back), ==, g_hash_table_size (forth));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (forth, "new_cache in prog: peak")), ==, 700);
  g_hash_table_iter_init (&iter, forth);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_true (g_hash_table_contains (back, key));
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (back, key)), ==, -GPOINTER_TO_INT (value));
    }
  check_print (swap, 0, "/b.trace | ", NULL);
  check_print (swap, 0, "/a.trace | change |\n|---|---:|---:|---:|\n| peak | 1.30K | 900B | -400B (-30.77%) |\n",
               NULL);
  check_print (swap, 0, "| new_cache (removed) | prog | -700B | -700B | -1 | 0 |\n", NULL);
  /* the gate checks the swapped growth: the peak shrank */
  check_print (swap_gate, 0, NULL, NULL);

  /* per total: peak 900B in A, 1300B in B; make_buffer's and foo_alloc's
   * 200B of 900B (22.22 %) became 300B of 1300B (23.08 %) */
  check_print (per_total, 0,
               "per total: each cost as a share of its side's total, changes in percentage points\n", NULL);
  check_print (per_total, 0,
               "PEAK MEMORY CONSUMERS\n-55.56pp peak (removed) from\nold_cache\n  at main.c:30\n  in prog\n\n"
               "+53.85pp peak (added) from\nnew_cache\n  at main.c:40\n  in prog\n\n"
               "+0.85pp peak (22.22% -> 23.08%) from\nmake_buffer\n", NULL);
  /* app::parse kept its 1 call, but of 6 calls, then of 8 */
  check_print (per_total, 0, "-4.17pp calls (16.67% -> 12.50%) from\napp::parse", NULL);
  check_print (per_total_md, 0,
               "| old_cache (removed) | prog | -55.56pp | -71.43pp | -16.67pp | 0pp |\n"
               "| new_cache (added) | prog | +53.85pp | +70.00pp | +12.50pp | 0pp |\n"
               "| foo_alloc | libfoo.so.1.2.4 | +0.85pp | +1.43pp | -4.17pp | 0pp |\n", NULL);
  /* the summary stays absolute: each side's total would be 100 % */
  check_print (per_total_md, 0, "| peak | 900B | 1.30K | +400B (+44.44%) |\n", NULL);
  check_print (per_total_json, 0, "\"normalise\": \"per_total\",\n", NULL);
  check_print (per_total_json, 0,
               "\"share_change\": {\"calls\": -16.67, \"temporary\": 0.00, \"peak\": -55.56, \"leaked\": -71.43}}", NULL);

  /* 20 % of the larger totals: 260B peak, 200B leaked, 1.6 calls, 0.6
   * temporary; of the changes only libbar's temporary and the caches' are
   * above it */
  check_print (share, 0,
               "|---|---|---:|---:|---:|---:|\n"
               "| new_cache (added) | prog | +700B | +700B | +1 | 0 |\n"
               "| old_cache (removed) | prog | -500B | -500B | -1 | 0 |\n"
               "| ?? | libbar.so | 0B | 0B | +1 | +1 |\n", NULL);
  /* 101 bytes or calls: the 100B changes and the single calls go */
  check_print (bytes, 0,
               "|---|---|---:|---:|---:|---:|\n"
               "| new_cache (added) | prog | +700B | +700B | +1 | 0 |\n"
               "| old_cache (removed) | prog | -500B | -500B | -1 | 0 |\n", NULL);

  check_print (bad_share, 2, NULL, "--threshold needs a percentage from 0% to 100% or a number, not '120%'");
  check_print (alone, 2, NULL, "need --diff BASE or --diff-at");
  check_print (swap_report, 2, NULL, "--swap needs two traces:");
}

/* --diff-at T1 --at T2: what grew between two instants of one trace */
static void
test_diff_at (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-cli-diff-at-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clock.trace", NULL);
  const char *args[] = { "--diff-at", "1s", "--at", "2s", "--json", path, NULL };
  const char *alone[] = { "--diff-at", "1s", path, NULL };
  const char *backwards[] = { "--diff-at", "2s", "--at", "1s", path, NULL };

  g_assert_true (g_file_set_contents (path, HT_TEST_CLOCK_TRACE, -1, NULL));
  check_print (args, 0, "\"leaked\": 1225904, ", NULL);
  check_print (alone, 2, NULL, "--diff-at T1 needs --at T2");
  check_print (backwards, 2, NULL, "--diff-at 2000ms is not before --at 1000ms");
  g_unlink (path);
  g_rmdir (dir);
}

/* The child may write 1 KiB, no more: a full disk as far as the writer can
 * tell, without a device in /dev or a file system of our own */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { 1024, 1024 };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* a write that fails (a full disk, a file over the size limit) is an error,
 * not a silently cut report */
static void
test_full_disk (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  g_autofree char *dir = g_dir_make_tmp ("ht-print-full-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "folded", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  /* the report of wl-sites is several KiB */
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HT_PRINT"), path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  g_assert_nonnull (strstr (err, g_strerror (EFBIG)));
  g_unlink (out);
  g_rmdir (dir);
}

static gpointer
read_fifo (gpointer path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  /* opening blocks until the writer opens it too */
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
contents_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* What is not a regular file is written where it is, never replaced: a FIFO
 * is fed, a symbolic link leads to its target (as /dev/stdout does), and a
 * regular file gets the same bytes */
static void
test_output_in_place (void)
{
  g_autofree char *path = fixture ("wl-sites.zst");
  g_autofree char *dir = g_dir_make_tmp ("ht-print-out-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autofree char *plain_hist = g_build_filename (dir, "plain.hist", NULL);
  g_autofree char *plain_folded = g_build_filename (dir, "plain.folded", NULL);
  const char *to_special[] = { "-F", fifo, "-H", link, path, NULL };
  const char *to_plain[] = { "-F", plain_folded, "-H", plain_hist, path, NULL };
  g_autofree char *out = NULL, *err = NULL, *fed = NULL;
  g_autofree char *hist = NULL, *expected_hist = NULL, *expected_folded = NULL;
  GThread *reader;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (target, "old contents\n", -1, NULL));
  g_assert_cmpint (symlink ("target", link), ==, 0);
  reader = g_thread_new ("fifo", read_fifo, fifo);

  g_assert_cmpint (run_print (to_special, &out, &err), ==, 0);
  fed = g_thread_join (reader);
  g_assert_cmpint (run_print (to_plain, NULL, NULL), ==, 0);
  expected_folded = contents_of (plain_folded);
  expected_hist = contents_of (plain_hist);
  g_assert_nonnull (strstr (expected_folded, "main (wl-sites.c);leak_some (wl-sites.c);alloc_leaf (wl-sites.c);"));
  g_assert_cmpstr (fed, ==, expected_folded);

  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  hist = contents_of (target);
  g_assert_cmpstr (hist, !=, "");
  g_assert_cmpstr (hist, ==, expected_hist);

  g_unlink (fifo);
  g_unlink (link);
  g_unlink (target);
  g_unlink (plain_hist);
  g_unlink (plain_folded);
  g_rmdir (dir);
}

typedef struct
{
  char *dir;
  char *trace;
} ClockFixture;

static void
clock_setup (ClockFixture  *f,
             gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ht-print-window-XXXXXX", NULL);
  f->trace = g_build_filename (f->dir, "clock.trace", NULL);
  g_assert_true (g_file_set_contents (f->trace, HT_TEST_CLOCK_TRACE, -1, NULL));
}

static void
clock_teardown (ClockFixture  *f,
                gconstpointer  data)
{
  g_unlink (f->trace);
  g_rmdir (f->dir);
  g_free (f->trace);
  g_free (f->dir);
}

/* heaptrack-gtk-print OPTION VALUE... on the clock trace (a NULL-ended list) */
static int
run_on_clock (ClockFixture  *f,
              char         **out,
              char         **err,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, f->trace);
  g_ptr_array_add (args, NULL);
  return run_print ((const char * const *) args->pdata, out, err);
}

/* --at T: the summary's leaked is what was live at T, nothing suppressed,
 * in the last line; events at T itself happen after the instant T */
static void
test_at (ClockFixture  *f,
         gconstpointer  data)
{
  static const struct
  {
    const char *at;
    const char *last_line;
  } instants[] = {
    { "0", "memory live at 0ms: 0B\n" },               /* before anything */
    { "0.5", "memory live at 500ms: 4.10K\n" },        /* before the first timestamp */
    { "1s", "memory live at 1000ms: 4.10K\n" },        /* at c 1000: A comes after it */
    { "1001ms", "memory live at 1001ms: 1.10M\n" },
    { "1.75", "memory live at 1750ms: 1.23M\n" },      /* between two timestamps */
    { "2s", "memory live at 2000ms: 1.23M\n" },        /* at c 2000 */
    { "2.5s", "memory live at 2500ms: 134.10K\n" },
    { "0.05min", "memory live at 3000ms: 134.10K\n" },
    { "1min", "memory live at 60000ms: 134.10K\n" },   /* after the end: B is not suppressed */
  };

  for (guint i = 0; i < G_N_ELEMENTS (instants); i++)
    {
      g_autofree char *summary = NULL, *report = NULL, *err = NULL, *err2 = NULL;

      g_test_message ("--at %s", instants[i].at);
      g_assert_cmpint (run_on_clock (f, &summary, &err, "-s", "--at", instants[i].at, NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_str_has_suffix (summary, instants[i].last_line));
      g_assert_null (strstr (summary, "suppressed leaks"));
      g_assert_null (strstr (summary, "delta"));
      /* the whole report ends with it too */
      g_assert_cmpint (run_on_clock (f, &report, &err2, "-l", "--print-suppressions",
                                     "--at", instants[i].at, NULL), ==, 0);
      g_assert_true (g_str_has_suffix (report, instants[i].last_line));
    }
}

/* -l: the memory live at T by site; the rest of the report is the window
 * [0, T): calls, peak and runtime up to it */
static void
test_at_report (ClockFixture  *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL, *whole = NULL, *err2 = NULL;

  g_assert_cmpint (run_on_clock (f, &out, &err, "-l", "--at=1750ms", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "MEMORY LIVE AT 1750ms\n"
                                 "1.10M live over 1 calls from\nmake_buffer\n"));
  g_assert_nonnull (strstr (out, "\n130.00K live over 1 calls from\nmake_cache\n"));
  g_assert_null (strstr (out, "live over 1 calls from\nscratch"));   /* freed by then */
  g_assert_true (g_str_has_suffix (out, "total runtime: 2.00s.\n"
                                        "calls to allocation functions: 3 (1/s)\n"
                                        "temporary memory allocations: 0 (0/s)\n"
                                        "peak heap memory consumption: 1.23M\n"
                                        "peak RSS (including heaptrack overhead): 0B\n"
                                        "memory live at 1750ms: 1.23M\n"));

  /* without --at, the same trace at exit */
  g_assert_cmpint (run_on_clock (f, &whole, &err2, "-s", NULL), ==, 0);
  g_assert_true (g_str_has_suffix (whole, "total memory leaked: 4.10K\nsuppressed leaks: 130.00K\n"));
}

/* --json: "window" says what the figures cover; with --at, each site's
 * leaked is its memory live at T */
static void
test_window_json (ClockFixture  *f,
                  gconstpointer  data)
{
  g_autofree char *plain = NULL, *at = NULL, *later = NULL, *from_to = NULL, *from = NULL;
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *e5 = NULL;

  g_assert_cmpint (run_on_clock (f, &plain, &e1, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (plain, "\n  \"window\": {\"from_ms\": 0, \"to_ms\": null, \"at_ms\": null},\n"));

  g_assert_cmpint (run_on_clock (f, &at, &e2, "--json", "--at", "1.75", NULL), ==, 0);
  g_assert_nonnull (strstr (at, "\n  \"window\": {\"from_ms\": 0, \"to_ms\": 1750, \"at_ms\": 1750},\n"));
  g_assert_nonnull (strstr (at, "\"leaked\": 1230000, \"suppressed\": 0, \"runtime_ms\": 2001"));
  g_assert_nonnull (strstr (at, "{\"function\": \"make_buffer\", \"file\": \"clock.c\", \"line\": 7, "
                                "\"module\": \"/bin/clock\", \"calls\": 1, \"temporary\": 0, "
                                "\"peak\": 1100000, \"leaked\": 1100000}"));
  g_assert_nonnull (strstr (at, "\"function\": \"make_cache\", \"file\": \"clock.c\", \"line\": 11, "
                                "\"module\": \"/bin/clock\", \"calls\": 1, \"temporary\": 0, "
                                "\"peak\": 130000, \"leaked\": 130000}"));
  g_assert_nonnull (strstr (at, "\"function\": \"scratch\", \"file\": \"clock.c\", \"line\": 14, "
                                "\"module\": \"/bin/clock\", \"calls\": 1, \"temporary\": 0, "
                                "\"peak\": 4096, \"leaked\": 0}"));

  g_assert_cmpint (run_on_clock (f, &later, &e3, "--json", "--at", "2.5", NULL), ==, 0);
  g_assert_nonnull (strstr (later, "\"function\": \"make_buffer\", \"file\": \"clock.c\", \"line\": 7, "
                                   "\"module\": \"/bin/clock\", \"calls\": 1, \"temporary\": 0, "
                                   "\"peak\": 1100000, \"leaked\": 0}"));
  g_assert_nonnull (strstr (later, "\"function\": \"scratch\", \"file\": \"clock.c\", \"line\": 14, "
                                   "\"module\": \"/bin/clock\", \"calls\": 2, \"temporary\": 0, "
                                   "\"peak\": 4096, \"leaked\": 4096}"));

  g_assert_cmpint (run_on_clock (f, &from_to, &e4, "--json", "--from", "1", "--to", "1.5", NULL), ==, 0);
  g_assert_nonnull (strstr (from_to, "\n  \"window\": {\"from_ms\": 1000, \"to_ms\": 1500, \"at_ms\": null},\n"));
  g_assert_nonnull (strstr (from_to, "\"summary\": {\"calls\": 1, \"temporary\": 0, \"peak\": 1100000, "
                                     "\"peak_time_ms\": 1000, \"peak_rss\": 0, \"leaked\": 1100000, "));

  g_assert_cmpint (run_on_clock (f, &from, &e5, "--json", "--from", "2s", NULL), ==, 0);
  g_assert_nonnull (strstr (from, "\n  \"window\": {\"from_ms\": 2000, \"to_ms\": null, \"at_ms\": null},\n"));
}

/* --from T1 --to T2: the events from c T1 on, up to but not after c T2 */
static void
test_window_edges (ClockFixture  *f,
                   gconstpointer  data)
{
  static const struct
  {
    const char *from, *to;
    const char *summary;
  } windows[] = {
    { NULL, "1", "calls to allocation functions: 1 (0/s)\n"        /* only the event at 0 */
                 "temporary memory allocations: 0 (0/s)\n"
                 "peak heap memory consumption: 4.10K\n"
                 "peak RSS (including heaptrack overhead): 0B\n"
                 "memory consumption delta: 4.10K\n" },
    { "1", "1.5", "calls to allocation functions: 1 (0/s)\n"       /* c 1000 included, c 1500 not */
                  "temporary memory allocations: 0 (0/s)\n"
                  "peak heap memory consumption: 1.10M\n"
                  "peak RSS (including heaptrack overhead): 0B\n"
                  "memory consumption delta: 1.10M\n" },
    { "1001ms", "1500ms", "calls to allocation functions: 0 (0/s)\n" /* between: nothing */
                          "temporary memory allocations: 0 (0/s)\n"
                          "peak heap memory consumption: 0B\n"
                          "peak RSS (including heaptrack overhead): 0B\n"
                          "memory consumption delta: 0B\n" },
    { "2s", NULL, "calls to allocation functions: 2 (0/s)\n"       /* to the end */
                  "temporary memory allocations: 1 (0/s)\n"
                  "peak heap memory consumption: 0B\n"
                  "peak RSS (including heaptrack overhead): 65.54K\n"
                  "memory consumption delta: -1.10M\n" },
    { "3s", "1min", "calls to allocation functions: 1 (0/s)\n"
                    "temporary memory allocations: 1 (0/s)\n"
                    "peak heap memory consumption: 4.10K\n"
                    "peak RSS (including heaptrack overhead): 65.54K\n"
                    "memory consumption delta: 0B\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *args[8];
      guint n = 0;

      g_test_message ("--from %s --to %s", windows[i].from, windows[i].to);
      args[n++] = "-s";
      if (windows[i].from != NULL)
        args[n++] = "--from", args[n++] = windows[i].from;
      if (windows[i].to != NULL)
        args[n++] = "--to", args[n++] = windows[i].to;
      args[n++] = f->trace;
      args[n] = NULL;
      g_assert_cmpint (run_print (args, &out, &err), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_nonnull (strstr (out, windows[i].summary));
    }
}

/* -l in a window: each site's delta, which a free of an older block makes negative */
static void
test_window_delta (ClockFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_on_clock (f, &out, &err, "-l", "--from", "2s", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "MEMORY CONSUMPTION DELTA\n"
                                 "-1.10M delta over 0 calls from\nmake_buffer\n"));
  g_assert_nonnull (strstr (out, "\n4.10K delta over 2 calls from\nscratch\n"));
  g_assert_null (strstr (out, "leaked"));
}

/* -f, -F and -H show the window too */
static void
test_window_files (ClockFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *hist_path = g_build_filename (f->dir, "hist", NULL);
  g_autofree char *folded = NULL, *calls = NULL, *out = NULL, *hist = NULL;
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;

  g_assert_cmpint (run_on_clock (f, &folded, &e1, "-f", "--flamegraph-cost-type", "leaked",
                                 "--at", "1.75", NULL), ==, 0);
  g_assert_cmpstr (folded, ==, "main (clock.c);make_buffer (clock.c); 1100000\n"
                               "main (clock.c);make_cache (clock.c); 130000\n"
                               "main (clock.c);scratch (clock.c); 0\n");

  g_assert_cmpint (run_on_clock (f, &calls, &e2, "-f", "--from", "2", NULL), ==, 0);
  g_assert_cmpstr (calls, ==, "main (clock.c);make_buffer (clock.c); 0\n"
                              "main (clock.c);make_cache (clock.c); 0\n"
                              "main (clock.c);scratch (clock.c); 2\n");

  g_assert_cmpint (run_on_clock (f, &out, &e3, "-s", "-H", hist_path, "--from", "1.5", "--to", "2", NULL), ==, 0);
  hist = contents_of (hist_path);
  g_assert_cmpstr (hist, ==, "130000\t1\n");
  g_unlink (hist_path);
}

/* bad times and combinations: status 2, a message naming the option and
 * the value, and no output */
static void
test_window_refusals (ClockFixture  *f,
                      gconstpointer  data)
{
  static const struct
  {
    const char *args[5];
    const char *message;
  } refusals[] = {
    { { "--at", "soon" }, "--at needs a time such as 1.5 (seconds), 1500ms, 1.5s or 2min, not 'soon'" },
    { { "--from", "-1" }, "--from needs a time such as 1.5 (seconds), 1500ms, 1.5s or 2min, not '-1'" },
    { { "--to", "2h" }, "--to needs a time such as 1.5 (seconds), 1500ms, 1.5s or 2min, not '2h'" },
    { { "--to=" }, "--to needs a time such as 1.5 (seconds), 1500ms, 1.5s or 2min, not ''" },
    { { "--at", "1e3" }, "--at needs a time such as 1.5 (seconds), 1500ms, 1.5s or 2min, not '1e3'" },
    { { "--at", "99999999999999999999" }, "not '99999999999999999999'" },
    { { "--at", "1.0005s" }, "--at needs a whole number of milliseconds, not '1.0005s'" },
    { { "--at" }, "--at needs a value" },
    { { "--at", "1", "--from", "0.5" }, "--at cannot be combined with --from or --to" },
    { { "--to", "2", "--at", "1" }, "--at cannot be combined with --from or --to" },
    { { "--from", "2", "--to", "1" }, "--from 2000ms is not before --to 1000ms" },
    { { "--from", "1s", "--to", "1000ms" }, "--from 1000ms is not before --to 1000ms" },
    { { "--to", "0" }, "--to 0ms leaves an empty window" },
    { { "--at", "1", "--suppressions", "/dev/null" }, "--at cannot be combined with --suppressions" },
    { { "-M", "/nonexistent/massif", "--at", "1" },
      "--print-massif (-M) cannot be combined with --from, --to or --at: "
      "the massif snapshots always cover the whole recording" },
    { { "--from", "1", "--print-massif", "/nonexistent/massif" }, "--print-massif (-M) cannot be combined" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *args[7];
      guint n = 0;

      for (; refusals[i].args[n] != NULL; n++)
        args[n] = refusals[i].args[n];
      /* a value-less option at the end takes no file for its value */
      if (n > 1 || strchr (refusals[i].args[0], '=') != NULL)
        args[n++] = f->trace;
      args[n] = NULL;
      g_test_message ("%s %s", args[0], args[1] != NULL ? args[1] : "");
      g_assert_cmpint (run_print (args, &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, refusals[i].message));
      g_assert_cmpstr (out, ==, "");
    }
}

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_print (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Differences from heaptrack_print: -s prints the summary only"));
  g_assert_nonnull (strstr (out, "      --at T                     the heap at T"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/print/report", test_report);
  g_test_add_func ("/ht/print/short-options", test_short_options);
  g_test_add_func ("/ht/print/folded", test_folded);
  g_test_add_func ("/ht/print/json", test_json);
  g_test_add_func ("/ht/print/errors", test_errors);
  g_test_add ("/ht/print/diff", DiffFixture, NULL, diff_setup, test_diff, diff_teardown);
  g_test_add ("/ht/print/diff-options", DiffFixture, NULL, diff_setup, test_diff_options, diff_teardown);
  g_test_add_func ("/ht/print/diff-at", test_diff_at);
  g_test_add_func ("/ht/print/full-disk", test_full_disk);
  g_test_add_func ("/ht/print/output-in-place", test_output_in_place);
  g_test_add_func ("/ht/print/help", test_help);
#define ADD_CLOCK(path, func) \
  g_test_add ("/ht/print/" path, ClockFixture, NULL, clock_setup, func, clock_teardown)
  ADD_CLOCK ("at", test_at);
  ADD_CLOCK ("at-report", test_at_report);
  ADD_CLOCK ("window-json", test_window_json);
  ADD_CLOCK ("window-edges", test_window_edges);
  ADD_CLOCK ("window-delta", test_window_delta);
  ADD_CLOCK ("window-files", test_window_files);
  ADD_CLOCK ("window-refusals", test_window_refusals);
#undef ADD_CLOCK
  return g_test_run ();
}
