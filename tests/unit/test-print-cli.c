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

#include <gio/gio.h>
#include <glib/gstdio.h>

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

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_print (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Differences from heaptrack_print: -s prints the summary only"));
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
  g_test_add_func ("/ht/print/full-disk", test_full_disk);
  g_test_add_func ("/ht/print/output-in-place", test_output_in_place);
  g_test_add_func ("/ht/print/help", test_help);
  return g_test_run ();
}
