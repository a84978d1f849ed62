/* test-corpus.c: the fuzzers' saved corpora replayed
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fuzz/corpus/ through the trace reader: every input either loads or fails
 * with an error. fuzz/corpus-stream/ through the stream fuzz target itself
 * (fuzz/ht-fuzz-stream.c, built in here without libFuzzer), which checks
 * that each stream reads to its end or fails with an error naming it.
 * None may crash, hang or leak (the sanitized CI build checks the last
 * two).
 */

#include "config.h"

#include "ht-fuzz.h"
#include "ht-report.h"
#include "test-util.h"

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAnalysis) a = ht_analysis_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_true ((a == NULL) != (error == NULL));
  if (a != NULL)
    {
      HtReportOptions options = HT_REPORT_OPTIONS_INIT;
      g_autoptr(GString) out = g_string_new (NULL);

      options.print_leaks = TRUE;
      ht_report_print (a, &options, out);
      ht_report_folded (a, HT_COST_PEAK, TRUE, NULL, out);
      ht_report_json (a, 5, TRUE, out);
      g_assert_nonnull (strstr (out->str, "total runtime:"));
    }
  else
    g_assert_nonnull (strstr (error->message, path));
}

static void
replay_stream (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* a test /ht/@name/FILE of @func for every file of fuzz/@folder */
static void
add_corpus (const char   *folder,
            const char   *name,
            GTestDataFunc func)
{
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "..", "fuzz", folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *file;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (file));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *test = g_strdup_printf ("/ht/%s/%s", name, n);

      g_test_add_data_func_full (test, g_build_filename (corpus, n, NULL), func, g_free);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  add_corpus ("corpus", "corpus", replay);
  add_corpus ("corpus-stream", "stream-corpus", replay_stream);
  return g_test_run ();
}
