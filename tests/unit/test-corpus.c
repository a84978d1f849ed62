/* test-corpus.c: the fuzzer's saved corpus replayed through the reader
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input either loads or fails with an error; none may crash, hang or
 * leak (the sanitized CI build checks the last two).
 */

#include "config.h"

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

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *corpus = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);
  corpus = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus", NULL);
  dir = g_dir_open (corpus, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *test = g_strdup_printf ("/ht/corpus/%s", n);

      g_test_add_data_func_full (test, g_build_filename (corpus, n, NULL), replay, g_free);
    }
  return g_test_run ();
}
