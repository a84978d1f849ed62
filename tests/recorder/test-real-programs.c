/* test-real-programs.c: real programs recorded without harm
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs python3, sqlite3, git and a Rust program built with v0 mangling once
 * natively and once under heaptrack-gtk-record: their standard output and
 * exit status must not change, and each trace must open in
 * heaptrack-gtk-print and in Debian's heaptrack_print without an error and
 * count allocations. The Rust program's trace must name its functions
 * demangled. A program that is not installed is skipped; meson finds them,
 * preferring Debian's in /usr/bin (a rustup rustc may come first on PATH).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ht-test-run.h"

static char *workdir;

/* Runs @argv in @cwd with git kept away from the user's configuration. */
static void
run_here (const char         *cwd,
          const char * const *argv,
          RunResult          *r)
{
  /* an empty file of our own: /dev/null need not be the device it should
   * be (a program run as root may have replaced it with a regular file) */
  g_autofree char *config = g_build_filename (workdir, "empty-gitconfig", NULL);
  g_autofree char *global = g_strconcat ("GIT_CONFIG_GLOBAL=", config, NULL);
  const char * const env[] = {
    "GIT_CONFIG_NOSYSTEM=1",
    global,
    /* the same commit, hence the same hash, in both runs */
    "GIT_AUTHOR_NAME=Heap Tester",
    "GIT_AUTHOR_EMAIL=heap@example.org",
    "GIT_AUTHOR_DATE=2026-01-02T03:04:05+00:00",
    "GIT_COMMITTER_NAME=Heap Tester",
    "GIT_COMMITTER_EMAIL=heap@example.org",
    "GIT_COMMITTER_DATE=2026-01-02T03:04:05+00:00",
    NULL
  };

  run_in (argv, cwd, env, r);
}

static char *
make_dir (const char *name)
{
  char *path = g_build_filename (workdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

/* the N of "calls to allocation functions: N" in a printer's summary */
static guint64
calls_in (const char *summary)
{
  const char *line = strstr (summary, "calls to allocation functions: ");

  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("calls to allocation functions: "), NULL, 10);
}

/* The trace opens in both printers, without a word on stderr, and counts
 * calls. */
static void
check_trace (const char *trace)
{
  const char *print = g_getenv ("HT_PRINT");
  g_autofree char *heaptrack_print = g_find_program_in_path ("heaptrack_print");
  RunResult r = { 0 };

  g_assert_nonnull (print);
  {
    const char *argv[] = { print, "-s", trace, NULL };

    run_here (workdir, argv, &r);
  }
  if (r.status != 0 || r.err[0] != '\0')
    g_printerr ("%s on %s: %s", print, trace, r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpuint (calls_in (r.out), >, 0);
  run_result_clear (&r);

  if (heaptrack_print == NULL)
    return;
  {
    const char *argv[] = { heaptrack_print, "--print-peaks=0", "--print-allocators=0",
                           "--print-temporary=0", trace, NULL };

    run_here (workdir, argv, &r);
  }
  if (r.status != 0 || r.err[0] != '\0')
    g_printerr ("heaptrack_print on %s: %s", trace, r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpuint (calls_in (r.out), >, 0);
  run_result_clear (&r);
}

/* Runs @argv natively in @native_dir and recorded into @trace_base.zst in
 * @recorded_dir; the two must print the same and exit the same. Returns
 * the trace's path, and in @out what both printed. */
static char *
run_both (const char         *native_dir,
          const char         *recorded_dir,
          const char         *trace_base,
          const char * const *argv,
          char              **out)
{
  g_autoptr(GPtrArray) recorded = g_ptr_array_new ();
  RunResult native = { 0 };
  RunResult traced = { 0 };
  char *trace = g_strconcat (trace_base, ".zst", NULL);

  g_ptr_array_add (recorded, (gpointer) g_getenv ("HT_RECORD"));
  g_assert_nonnull (recorded->pdata[0]);
  g_ptr_array_add (recorded, (gpointer) "--record-only");
  g_ptr_array_add (recorded, (gpointer) "-q");
  g_ptr_array_add (recorded, (gpointer) "-o");
  g_ptr_array_add (recorded, (gpointer) trace_base);
  for (guint k = 0; argv[k] != NULL; k++)
    g_ptr_array_add (recorded, (gpointer) argv[k]);
  g_ptr_array_add (recorded, NULL);

  run_here (native_dir, argv, &native);
  run_here (recorded_dir, (const char * const *) recorded->pdata, &traced);
  if (native.status != traced.status)
    g_printerr ("%s: native stderr:\n%s\nrecorded stderr:\n%s\n", argv[0], native.err, traced.err);
  g_assert_cmpint (traced.status, ==, native.status);
  g_assert_cmpstr (traced.out, ==, native.out);
  *out = g_steal_pointer (&native.out);
  run_result_clear (&native);
  run_result_clear (&traced);

  g_assert_true (g_file_test (trace, G_FILE_TEST_IS_REGULAR));
  return trace;
}

/* The program named by the environment variable @var, or a skip. */
static const char *
program (const char *var)
{
  const char *path = g_getenv (var);

  if (path == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("not installed (%s unset)", var);

      g_test_skip (msg);
    }
  return path;
}

static void
test_python (void)
{
  const char *python = program ("HT_PYTHON3");
  /* allocates a good deal, prints, and exits with a status of its own */
  const char *script =
    "import json, sys\n"
    "rows = [{'id': i, 'name': 'row %d' % i, 'tags': list(range(i % 7))} for i in range(20000)]\n"
    "text = json.dumps(rows)\n"
    "print(len(text), sum(len(r['tags']) for r in json.loads(text)))\n"
    "print(sorted({r['name'][-1] for r in rows}))\n"
    "sys.exit(3)\n";
  g_autofree char *base = g_build_filename (workdir, "python", NULL);
  g_autofree char *trace = NULL;
  g_autofree char *out = NULL;

  if (python == NULL)
    return;
  {
    const char *argv[] = { python, "-c", script, NULL };

    trace = run_both (workdir, workdir, base, argv, &out);
  }
  g_assert_true (g_str_has_suffix (out, " 59997\n['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']\n"));
  check_trace (trace);
}

static void
test_sqlite (void)
{
  const char *sqlite = program ("HT_SQLITE3");
  const char *sql =
    "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);"
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000)"
    " INSERT INTO t SELECT x, printf('row %05d', x) FROM c;"
    "SELECT count(*), sum(a), max(b) FROM t;"
    "SELECT b FROM t WHERE a % 1000 = 0 ORDER BY b DESC;";
  g_autofree char *native_dir = make_dir ("sqlite-native");
  g_autofree char *recorded_dir = make_dir ("sqlite-recorded");
  g_autofree char *base = g_build_filename (workdir, "sqlite", NULL);
  g_autofree char *trace = NULL;
  g_autofree char *out = NULL;

  if (sqlite == NULL)
    return;
  {
    const char *argv[] = { sqlite, "test.db", sql, NULL };

    trace = run_both (native_dir, recorded_dir, base, argv, &out);
  }
  g_assert_cmpstr (out, ==,
                   "5000|12502500|row 05000\n"
                   "row 05000\nrow 04000\nrow 03000\nrow 02000\nrow 01000\n");
  check_trace (trace);
}

static void
test_git (void)
{
  const char *git = program ("HT_GIT");
  g_autofree char *native_dir = make_dir ("git-native");
  g_autofree char *recorded_dir = make_dir ("git-recorded");
  const char *steps[][6] = {
    { "init", "-q", "-b", "main", NULL },
    { "add", "README", NULL },
    { "commit", "-q", "-m", "A file to remember", NULL },
    { "log", NULL },
  };

  if (git == NULL)
    return;
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *readme = g_build_filename (k == 0 ? native_dir : recorded_dir,
                                                  "README", NULL);

      g_assert_true (g_file_set_contents (readme, "heap\n", -1, NULL));
    }
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autofree char *base = g_strdup_printf ("%s/git-%s", workdir, steps[s][0]);
      g_autofree char *trace = NULL;
      g_autofree char *out = NULL;
      const char *argv[7] = { git, };

      memcpy (argv + 1, steps[s], sizeof steps[s]);
      trace = run_both (native_dir, recorded_dir, base, argv, &out);
      check_trace (trace);
      if (g_str_equal (steps[s][0], "log"))
        {
          g_assert_nonnull (strstr (out, "Author: Heap Tester <heap@example.org>\n"));
          g_assert_nonnull (strstr (out, "    A file to remember\n"));
        }
    }
}

static const char rust_program[] =
  "pub mod größe {\n"
  "    pub struct Münze<const N: usize>(pub Vec<u8>);\n"
  "    impl<const N: usize> Münze<N> {\n"
  "        #[inline(never)] pub fn neu() -> Self { Münze(vec![7u8; N]) }\n"
  "    }\n"
  "}\n"
  "pub trait Maker { fn make(&self, n: usize) -> Vec<u64>; }\n"
  "pub struct Doubler;\n"
  "impl Maker for Doubler {\n"
  "    #[inline(never)] fn make(&self, n: usize) -> Vec<u64> { (0..n as u64).map(|x| x * 2).collect() }\n"
  "}\n"
  "#[inline(never)] fn apply<F: Fn(usize) -> Vec<u8>>(f: F) -> Vec<u8> { f(100) }\n"
  "fn main() {\n"
  "    let m = größe::Münze::<64>::neu();\n"
  "    let v = Doubler.make(1000);\n"
  "    let a = apply(|n| vec![1u8; n]);\n"
  "    println!(\"{} {} {}\", m.0.len(), v.iter().sum::<u64>(), a.len());\n"
  "}\n";

/* Rust v0 names reach the trace demangled */
static void
test_rust_v0 (void)
{
  const char *rustc = program ("HT_RUSTC");
  const char *print = g_getenv ("HT_PRINT");
  g_autofree char *source = g_build_filename (workdir, "v0prog.rs", NULL);
  g_autofree char *binary = g_build_filename (workdir, "v0prog", NULL);
  g_autofree char *base = g_build_filename (workdir, "rust-v0", NULL);
  g_autofree char *trace = NULL;
  g_autofree char *out = NULL;
  const char *wanted[] = {
    ";<v0prog::größe::Münze<64>>::neu (",
    ";<v0prog::Doubler as v0prog::Maker>::make (",
    ";v0prog::apply::<v0prog::main::{closure#0}> (",
    ";v0prog::main::{closure#0} (",
  };
  RunResult r = { 0 };

  if (rustc == NULL)
    return;
  g_assert_true (g_file_set_contents (source, rust_program, -1, NULL));
  {
    const char *build[] = { rustc, "-g", "-C", "opt-level=0", "-C", "symbol-mangling-version=v0",
                            "-o", binary, source, NULL };

    run_here (workdir, build, &r);
    if (r.status != 0)
      g_printerr ("%s", r.err);
    g_assert_cmpint (r.status, ==, 0);
    run_result_clear (&r);
  }
  {
    const char *argv[] = { binary, NULL };

    trace = run_both (workdir, workdir, base, argv, &out);
  }
  g_assert_cmpstr (out, ==, "64 999000 100\n");
  check_trace (trace);

  /* folded stacks name every frame: "main;a (file);b (file) count" */
  {
    const char *argv[] = { print, "--shorten-templates=0", "-f", trace, NULL };

    run_here (workdir, argv, &r);
  }
  g_assert_cmpint (r.status, ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (wanted); k++)
    {
      if (strstr (r.out, wanted[k]) == NULL)
        g_printerr ("%s not in:\n%s\n", wanted[k], r.out);
      g_assert_nonnull (strstr (r.out, wanted[k]));
    }
  g_assert_null (strstr (r.out, ";_R"));
  g_assert_null (strstr (r.out, "$LT$"));
  run_result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  workdir = g_dir_make_tmp ("ht-real-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *config = g_build_filename (workdir, "empty-gitconfig", NULL);

    g_file_set_contents (config, "", 0, &error);
    g_assert_no_error (error);
  }

  g_test_add_func ("/ht/real-programs/python3", test_python);
  g_test_add_func ("/ht/real-programs/sqlite3", test_sqlite);
  g_test_add_func ("/ht/real-programs/git", test_git);
  g_test_add_func ("/ht/real-programs/rust-v0", test_rust_v0);

  ret = g_test_run ();
  remove_tree (workdir);
  g_free (workdir);
  return ret;
}
