/* test-view-model.c: what the views show, without a display
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "ht-document.h"
#include "ht-editor.h"
#include "ht-summary.h"
#include "ht-tree-item.h"
#include "test-util.h"

static const HtSummaryLine *
find_line (GPtrArray  *lines,
           const char *label)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (((HtSummaryLine *) g_ptr_array_index (lines, i))->label, label))
      return g_ptr_array_index (lines, i);
  g_assert_not_reached ();
}

static void
test_summary (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-sites.zst");
  g_autoptr(GPtrArray) lines = ht_summary_lines (ht_document_get_analysis (document));

  g_assert_cmpstr (find_line (lines, "Program")->value, ==, "./wl-sites");
  g_assert_cmpstr (find_line (lines, "Runtime")->value, ==, "0.01 s");
  g_assert_cmpstr (find_line (lines, "Calls to allocation functions")->value, ==, "1021 (204200/s)");
  g_assert_cmpstr (find_line (lines, "Temporary allocations")->value, ==, "1004 (98.33 %, 200800/s)");
  /* GLib puts a no-break space between number and unit */
  g_assert_cmpstr (find_line (lines, "Peak heap memory")->value, ==, "81.4\u00a0KiB after 0.00 s");
  g_assert_cmpstr (find_line (lines, "Peak heap memory")->tooltip, ==, "83339 bytes");
  g_assert_cmpstr (find_line (lines, "Leaked")->value, ==, "385 bytes");
  g_assert_cmpstr (find_line (lines, "Peak RSS")->value, ==, "3.8\u00a0MiB");
}

static void
test_format (void)
{
  g_autofree char *a = ht_format_size (1536);
  g_autofree char *b = ht_format_size (-1536);
  g_autofree char *c = ht_format_count (1234567);

  g_assert_cmpstr (a, ==, "1.5\u00a0KiB");
  g_assert_cmpstr (b, ==, "−1.5\u00a0KiB");
  g_assert_cmpstr (c, ==, "1234567");   /* the C locale groups no digits */
}

/* Sets @locale ("en_US.UTF-8"); where the machine has not generated it,
 * compiles it from Debian's locales package into a folder of the test's
 * own first */
static gboolean
set_locale (const char *locale,
            const char *dir)
{
  g_auto(GStrv) parts = g_strsplit (locale, ".", 2);
  g_autofree char *output = g_build_filename (dir, locale, NULL);
  const char *argv[] = { "/usr/bin/localedef", "-c", "-i", parts[0], "-f", parts[1], output, NULL };

  if (setlocale (LC_ALL, locale) != NULL)
    return TRUE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, NULL, NULL))
    return FALSE;
  g_setenv ("LOCPATH", dir, TRUE);
  return setlocale (LC_ALL, locale) != NULL;
}

/* A compiled locale is a folder of LC_* files, and LC_MESSAGES a folder */
static void
remove_locale (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_locale (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Counts are grouped as the locale groups digits (docs/figures.md §18);
 * the tests run in C.UTF-8, which groups none, so this one sets a locale
 * of its own */
static void
check_grouping (const char *locale,
                const char *expected)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *dir = g_dir_make_tmp ("ht-locale-XXXXXX", NULL);
  g_autofree char *compiled = g_build_filename (dir, locale, NULL);
  g_autofree char *count = NULL;
  g_autofree char *size = NULL;
  gboolean set = set_locale (locale, dir);

  g_unsetenv ("LOCPATH");
  if (!set)
    {
      g_autofree char *message = g_strdup_printf ("no %s locale, and localedef could not make it", locale);

      setlocale (LC_ALL, saved);
      g_rmdir (dir);
      g_test_skip (message);
      return;
    }
  count = ht_format_count (3650838);
  size = ht_format_size (1536);
  setlocale (LC_ALL, saved);
  remove_locale (compiled);
  g_rmdir (dir);
  g_assert_cmpstr (count, ==, expected);
  /* bytes stay in units */
  g_assert_nonnull (strstr (size, "KiB"));
}

static void
test_format_grouping_en (void)
{
  check_grouping ("en_US.UTF-8", "3,650,838");
}

static void
test_format_grouping_de (void)
{
  check_grouping ("de_DE.UTF-8", "3.650.838");
}

static HtTreeItem *
find_item (GListModel *model,
           const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HtTreeItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (ht_tree_item_get_name (item), name) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* the bottom-up tree as list models: leaf functions first, callers below */
static void
test_tree_items (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-sites.zst");
  g_autoptr(GListModel) roots = ht_tree_item_list_roots (document, ht_document_get_bottom_up (document));
  g_autoptr(HtTreeItem) leaf = find_item (roots, "alloc_leaf");
  g_autoptr(HtTreeItem) temp = find_item (roots, "temp_loop");
  g_autoptr(GListModel) callers = NULL;
  g_autoptr(HtTreeItem) keep = NULL;
  g_autofree char *location = NULL;

  g_assert_nonnull (leaf);
  g_assert_cmpint (ht_tree_item_get_cost (leaf)->allocations, ==, 15);
  g_assert_cmpint (ht_tree_item_get_cost (leaf)->peak, ==, 10385);
  g_assert_cmpint (ht_tree_item_get_cost (leaf)->leaked, ==, 385);
  location = ht_tree_item_dup_location (leaf);
  g_assert_true (g_str_has_suffix (location, "wl-sites.c:23 · wl-sites"));

  callers = ht_tree_item_list_children (leaf);
  g_assert_cmpuint (g_list_model_get_n_items (callers), ==, 2);
  keep = find_item (callers, "keep_some");
  g_assert_cmpint (ht_tree_item_get_cost (keep)->peak, ==, 10000);

  /* the full backtraces through alloc_leaf: via keep_some (10000 B at the
   * peak) and via leak_some (385 B), each ending at main */
  {
    g_autoptr(GPtrArray) leaves = ht_call_tree_node_list_backtraces (ht_tree_item_get_node (leaf),
                                                                     HT_COST_PEAK, 10);
    HtCallTree *tree = ht_tree_item_get_tree (leaf);
    HtCallTreeNode *first = g_ptr_array_index (leaves, 0);

    g_assert_cmpuint (leaves->len, ==, 2);
    g_assert_cmpint (ht_call_tree_node_get_cost (first)->peak, ==, 10000);
    g_assert_cmpstr (ht_call_tree_node_get_function (tree, first), ==, "main");
    g_assert_cmpstr (ht_call_tree_node_get_function (tree, ht_call_tree_node_get_parent (first)), ==,
                     "keep_some");
    g_assert_false (ht_call_tree_is_top_down (tree));
  }

  /* finding: the matches and the nodes on the way to them */
  {
    HtCallTree *tree = ht_tree_item_get_tree (leaf);
    g_autoptr(GHashTable) found = ht_call_tree_find (tree, "keep_some");
    g_autoptr(GHashTable) by_file = ht_call_tree_find (tree, "wl-sites.c");
    g_autoptr(GHashTable) none = ht_call_tree_find (tree, "no such thing");

    g_assert_true (g_hash_table_contains (found, ht_tree_item_get_node (leaf)));
    g_assert_true (g_hash_table_contains (found, ht_tree_item_get_node (keep)));
    g_assert_false (g_hash_table_contains (found, ht_tree_item_get_node (temp)));
    g_assert_true (g_hash_table_contains (by_file, ht_tree_item_get_node (temp)));
    g_assert_cmpuint (g_hash_table_size (none), ==, 0);
  }

  /* sorting: by peak alloc_leaf comes first, by calls temp_loop */
  g_assert_cmpint (ht_tree_item_compare (leaf, temp, HT_COST_PEAK), <, 0);
  g_assert_cmpint (ht_tree_item_compare (leaf, temp, HT_COST_ALLOCATIONS), >, 0);
  g_assert_cmpint (ht_tree_item_compare (leaf, leaf, HT_COST_PEAK), ==, 0);

  /* filtering: function, file or module, ignoring case (the view folds
   * the text typed) */
  {
    g_autofree char *needle = g_utf8_casefold ("ALLOC_LEAF", -1);
    g_autoptr(GHashTable) by_name = ht_call_tree_find (ht_tree_item_get_tree (leaf), needle);
    g_autoptr(GHashTable) by_module = ht_call_tree_find (ht_tree_item_get_tree (leaf), "wl-sites");

    g_assert_true (g_hash_table_contains (by_name, ht_tree_item_get_node (leaf)));
    g_assert_false (g_hash_table_contains (by_name, ht_tree_item_get_node (temp)));
    g_assert_true (g_hash_table_contains (by_module, ht_tree_item_get_node (temp)));
  }
}

/* the load reports its progress on its cancellable, up to 1 */
static void
test_progress (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDocument) document = NULL;

  document = ht_document_load (file, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ht_document_get_load_fraction (cancellable), ==, 1.0);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **stored = user_data;

  *stored = g_object_ref (result);
}

/* Runs the main loop until ht_document_load_async () of @file answers */
static HtDocument *
load_async (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ht_document_load_async (file, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ht_document_load_finish (result, error);
}

static void
copy_fixture (const char *fixture,
              const char *path)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

/* A trace prefetched (as heaptrack-gtk does for its command line's while
 * GTK starts) is the one the next load of that file gets: it still loads
 * when the file has gone meanwhile, with its progress on the new load's
 * cancellable */
static void
test_prefetch (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-prefetch-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "trace.zst", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDocument) document = NULL;
  g_autoptr(HtDocument) fixture = load_document ("wl-sites.zst");

  copy_fixture ("wl-sites.zst", path);
  ht_document_prefetch (file);
  /* the prefetch's thread opens the file at once; then it may go */
  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_no_errno (g_unlink (path));
  document = load_async (file, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ht_document_get_analysis (document)->total.allocations, ==,
                    ht_document_get_analysis (fixture)->total.allocations);
  g_assert_cmpfloat (ht_document_get_load_fraction (cancellable), ==, 1.0);

  /* taken once: the next load reads the file again */
  g_clear_object (&document);
  document = load_async (file, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (document);
  g_assert_no_errno (g_rmdir (dir));
}

/* A load of another file drops the prefetch; cancelling the load that took
 * a prefetch over cancels the prefetch */
static void
test_prefetch_other (void)
{
  g_autofree char *sites = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-sites.zst", NULL);
  g_autofree char *timeline = g_test_build_filename (G_TEST_DIST, "fixtures", "wl-timeline.zst", NULL);
  g_autoptr(GFile) a = g_file_new_for_path (sites);
  g_autoptr(GFile) b = g_file_new_for_path (timeline);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDocument) document = NULL;
  g_autoptr(HtDocument) fresh = NULL;

  ht_document_prefetch (a);
  document = load_async (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (ht_document_get_file (document), b));
  fresh = ht_document_load (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ht_document_get_analysis (document)->total.allocations, ==,
                    ht_document_get_analysis (fresh)->total.allocations);
  g_clear_object (&document);

  ht_document_prefetch (a);
  g_cancellable_cancel (cancellable);
  document = load_async (a, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (document);
}

/* the editor command: words as a shell splits them, no shell runs them */
static void
test_editor_command (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) a = ht_editor_build_argv ("gnome-text-editor +%l %f", "/src/my file.c", 42, &error);
  g_auto(GStrv) b = ht_editor_build_argv ("'my editor' --goto=%f:%l --percent=100%%", "/a;rm -rf ~.c", 7, &error);
  g_auto(GStrv) c = ht_editor_build_argv ("code -g", "/$(reboot).c", 1, &error);
  g_auto(GStrv) d = NULL;
  const char * const want_a[] = { "gnome-text-editor", "+42", "/src/my file.c", NULL };
  const char * const want_b[] = { "my editor", "--goto=/a;rm -rf ~.c:7", "--percent=100%", NULL };
  const char * const want_c[] = { "code", "-g", "/$(reboot).c", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (a, want_a);
  g_assert_cmpstrv (b, want_b);
  g_assert_cmpstrv (c, want_c);

  /* a name from a trace is never an option: relative names become absolute */
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *dashed = g_build_filename (cwd, "-c:!cmd", NULL);
    g_autofree char *plain = g_build_filename (cwd, "src", "x.c", NULL);
    g_auto(GStrv) e = ht_editor_build_argv ("vim +%l", "-c:!cmd", 3, &error);
    g_auto(GStrv) f = ht_editor_build_argv ("gedit %f", "./src/../src/x.c", 3, &error);
    const char * const want_e[] = { "vim", "+3", dashed, NULL };
    const char * const want_f[] = { "gedit", plain, NULL };

    g_assert_no_error (error);
    g_assert_cmpstrv (e, want_e);
    g_assert_cmpstrv (f, want_f);
  }

  d = ht_editor_build_argv ("unbalanced 'quote", "x.c", 1, &error);
  g_assert_null (d);
  g_assert_error (error, G_SHELL_ERROR, G_SHELL_ERROR_BAD_QUOTING);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/view-model/summary", test_summary);
  g_test_add_func ("/ht/view-model/format", test_format);
  g_test_add_func ("/ht/view-model/format-grouping-en", test_format_grouping_en);
  g_test_add_func ("/ht/view-model/format-grouping-de", test_format_grouping_de);
  g_test_add_func ("/ht/view-model/tree-items", test_tree_items);
  g_test_add_func ("/ht/view-model/progress", test_progress);
  g_test_add_func ("/ht/view-model/prefetch", test_prefetch);
  g_test_add_func ("/ht/view-model/prefetch-other", test_prefetch_other);
  g_test_add_func ("/ht/view-model/editor-command", test_editor_command);
  return g_test_run ();
}
