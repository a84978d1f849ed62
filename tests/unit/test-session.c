/* test-session.c: the state the views of a trace share, without a display
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ht-session.h"
#include "test-util.h"

/* The properties that notified, by name, in the order they came */
typedef struct
{
  GPtrArray *names;
  guint64    seen_start;    /* the selection when a property of it notified */
  guint64    seen_end;
} Notified;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notified   *notified)
{
  const char *name = g_param_spec_get_name (pspec);

  g_ptr_array_add (notified->names, (gpointer) name);
  if (g_str_has_prefix (name, "selection-") || g_str_equal (name, "has-selection"))
    {
      HtSession *session = HT_SESSION (object);

      /* the range and has-selection change together: never half-updated */
      notified->seen_start = ht_session_get_selection_start (session);
      notified->seen_end = ht_session_get_selection_end (session);
      g_assert_true (ht_session_get_has_selection (session) ==
                     (notified->seen_start != 0 || notified->seen_end != G_MAXUINT64));
    }
}

static void
watch (HtSession *session,
       Notified  *notified)
{
  notified->names = g_ptr_array_new ();
  g_signal_connect (session, "notify", G_CALLBACK (notify_cb), notified);
}

static guint
count (Notified   *notified,
       const char *name)
{
  guint n = 0;

  for (guint i = 0; i < notified->names->len; i++)
    n += g_str_equal (g_ptr_array_index (notified->names, i), name);
  return n;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names, sorted: GObject sends held-back notifications in no set order */
static char *
logged (Notified *notified)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (notified->names, NULL, NULL);

  g_ptr_array_sort (sorted, compare_names);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv (" ", (char **) sorted->pdata);
}

#define assert_logged(notified, expected) \
  G_STMT_START { \
    g_autofree char *_log = logged (notified); \
    g_assert_cmpstr (_log, ==, expected); \
  } G_STMT_END

static void
forget (Notified *notified)
{
  g_ptr_array_set_size (notified->names, 0);
}

static void
test_defaults (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-sites.zst");
  g_autoptr(HtSession) session = ht_session_new (document);
  g_autoptr(HtDocument) bound = NULL;
  HtCostType cost_type;
  guint64 start, end;
  gboolean has_selection;
  guint function;

  g_assert_true (ht_session_get_document (session) == document);
  g_assert_cmpint (ht_session_get_cost_type (session), ==, HT_COST_PEAK);
  g_assert_false (ht_session_get_has_selection (session));
  g_assert_cmpuint (ht_session_get_selection_start (session), ==, 0);
  g_assert_cmpuint (ht_session_get_selection_end (session), ==, G_MAXUINT64);
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, HT_SESSION_NO_FUNCTION);

  /* the same through the properties the views bind to */
  g_object_get (session, "document", &bound, "cost-type", &cost_type, "has-selection", &has_selection,
                "selection-start", &start, "selection-end", &end, "selected-function", &function, NULL);
  g_assert_true (bound == document);
  g_assert_cmpint (cost_type, ==, HT_COST_PEAK);
  g_assert_false (has_selection);
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, G_MAXUINT64);
  g_assert_cmpuint (function, ==, HT_SESSION_NO_FUNCTION);
}

static void
test_cost_type (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-sites.zst");
  g_autoptr(HtSession) session = ht_session_new (document);
  Notified notified;
  GEnumClass *klass;

  watch (session, &notified);
  ht_session_set_cost_type (session, HT_COST_PEAK);
  g_assert_cmpuint (count (&notified, "cost-type"), ==, 0);

  ht_session_set_cost_type (session, HT_COST_LEAKED);
  g_assert_cmpuint (count (&notified, "cost-type"), ==, 1);
  ht_session_set_cost_type (session, HT_COST_LEAKED);
  g_object_set (session, "cost-type", HT_COST_LEAKED, NULL);
  g_assert_cmpuint (count (&notified, "cost-type"), ==, 1);
  g_object_set (session, "cost-type", HT_COST_TEMPORARY, NULL);
  g_assert_cmpuint (count (&notified, "cost-type"), ==, 2);
  g_assert_cmpint (ht_session_get_cost_type (session), ==, HT_COST_TEMPORARY);
  assert_logged (&notified, "cost-type cost-type");

  /* the enum's nicks are the names heaptrack-gtk-print reads */
  klass = g_type_class_ref (HT_TYPE_COST_TYPE);
  g_assert_cmpstr (g_enum_get_value (klass, HT_COST_ALLOCATIONS)->value_nick, ==, "allocations");
  g_assert_cmpstr (g_enum_get_value (klass, HT_COST_TEMPORARY)->value_nick, ==, "temporary");
  g_assert_cmpstr (g_enum_get_value (klass, HT_COST_PEAK)->value_nick, ==, "peak");
  g_assert_cmpstr (g_enum_get_value (klass, HT_COST_LEAKED)->value_nick, ==, "leaked");
  g_type_class_unref (klass);
  g_ptr_array_unref (notified.names);
}

static void
assert_selection (HtSession *session,
                  guint64    start,
                  guint64    end)
{
  g_assert_cmpuint (ht_session_get_selection_start (session), ==, start);
  g_assert_cmpuint (ht_session_get_selection_end (session), ==, end);
  g_assert_true (ht_session_get_has_selection (session) == (start != 0 || end != G_MAXUINT64));
}

static void
test_selection (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-cxx.zst");
  g_autoptr(HtSession) session = ht_session_new (document);
  guint64 runtime = ht_document_get_analysis (document)->runtime;
  Notified notified;

  g_assert_cmpuint (runtime, >, 3);
  watch (session, &notified);

  /* all three properties hold their new values before the first notifies */
  ht_session_select_time (session, 1, 3);
  assert_selection (session, 1, 3);
  assert_logged (&notified, "has-selection selection-end selection-start");
  g_assert_cmpuint (notified.seen_start, ==, 1);
  g_assert_cmpuint (notified.seen_end, ==, 3);

  /* the same range again: nothing changed, nothing notifies */
  forget (&notified);
  ht_session_select_time (session, 1, 3);
  assert_logged (&notified, "");

  /* ends given the other way round are ordered */
  ht_session_select_time (session, 3, 1);
  assert_selection (session, 1, 3);
  assert_logged (&notified, "");

  /* one end moves: only it notifies */
  ht_session_select_time (session, 2, 1);
  assert_selection (session, 1, 2);
  assert_logged (&notified, "selection-end");

  /* the end is cut at the end of the trace */
  forget (&notified);
  ht_session_select_time (session, 1, runtime + 1000);
  assert_selection (session, 1, runtime);
  assert_logged (&notified, "selection-end");

  /* a range holding nothing of the trace is no selection */
  forget (&notified);
  ht_session_select_time (session, runtime, runtime + 1000);
  assert_selection (session, 0, G_MAXUINT64);
  g_assert_cmpuint (count (&notified, "selection-start"), ==, 1);
  g_assert_cmpuint (count (&notified, "selection-end"), ==, 1);
  g_assert_cmpuint (count (&notified, "has-selection"), ==, 1);
  ht_session_select_time (session, 2, 2);
  g_assert_false (ht_session_get_has_selection (session));
  g_assert_cmpuint (count (&notified, "has-selection"), ==, 1);

  /* nor is one holding all of it */
  ht_session_select_time (session, 1, 2);
  g_assert_true (ht_session_get_has_selection (session));
  ht_session_select_time (session, 0, runtime);
  assert_selection (session, 0, G_MAXUINT64);
  ht_session_select_time (session, G_MAXUINT64, 0);
  assert_selection (session, 0, G_MAXUINT64);

  /* a range from the start keeps its start of 0 */
  ht_session_select_time (session, 0, 2);
  assert_selection (session, 0, 2);

  forget (&notified);
  ht_session_clear_selection (session);
  assert_selection (session, 0, G_MAXUINT64);
  assert_logged (&notified, "has-selection selection-end");
  ht_session_clear_selection (session);
  g_assert_cmpuint (count (&notified, "has-selection"), ==, 1);
  g_ptr_array_unref (notified.names);
}

static void
test_selected_function (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-cxx.zst");
  g_autoptr(HtSession) session = ht_session_new (document);
  HtCallerCallee *cc = ht_document_get_caller_callee (document);
  HtCallTree *tree = ht_document_get_bottom_up (document);
  HtCallTreeNode *node = ht_call_tree_node_get_child (ht_call_tree_get_root (tree), 0);
  guint n = ht_caller_callee_get_n_functions (cc);
  HtCallSymbol unknown = { G_MAXUINT32, G_MAXUINT32, 1 };
  Notified notified;
  guint function;

  g_assert_cmpuint (n, >, 2);
  g_assert_true (ht_caller_callee_find (cc, ht_call_tree_node_get_symbol (tree, node), &function));
  watch (session, &notified);

  ht_session_set_selected_function (session, (function + 1) % n);
  ht_session_set_selected_function (session, (function + 1) % n);
  g_object_set (session, "selected-function", (function + 1) % n, NULL);
  g_assert_cmpuint (count (&notified, "selected-function"), ==, 1);
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, (function + 1) % n);

  /* a tree node selects its function, found by its symbol */
  g_assert_true (ht_session_select_symbol (session, ht_call_tree_node_get_symbol (tree, node)));
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, function);
  g_assert_cmpstr (ht_caller_callee_get_function (cc, function), ==,
                   ht_call_tree_node_get_function (tree, node));
  g_assert_cmpuint (count (&notified, "selected-function"), ==, 2);
  g_assert_true (ht_session_select_symbol (session, ht_call_tree_node_get_symbol (tree, node)));
  g_assert_cmpuint (count (&notified, "selected-function"), ==, 2);

  /* a symbol the trace does not have leaves the selection alone */
  forget (&notified);
  g_assert_false (ht_session_select_symbol (session, &unknown));
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, function);
  g_assert_cmpuint (count (&notified, "selected-function"), ==, 0);

  /* an index past the functions is a programming error */
  g_test_expect_message ("ht-session", G_LOG_LEVEL_CRITICAL, "*function < n_functions*");
  ht_session_set_selected_function (session, n);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, function);

  ht_session_set_selected_function (session, HT_SESSION_NO_FUNCTION);
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, HT_SESSION_NO_FUNCTION);
  g_assert_cmpuint (count (&notified, "selected-function"), ==, 1);
  assert_logged (&notified, "selected-function");
  g_ptr_array_unref (notified.names);
}

/* Pumps the main loop until the session has made its view document */
static void
wait_view_document (HtSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (ht_session_get_loading (session));
  while (ht_session_get_loading (session))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Filtering to the selection gives the views what a fresh analysis of the
 * window gives; the whole trace comes back */
static void
test_filter_to_selection (void)
{
  g_autoptr(HtDocument) document = load_document ("wl-timeline.zst");
  g_autoptr(HtSession) session = ht_session_new (document);
  HtAnalysis *whole = ht_document_get_analysis (document);
  g_autofree char *path = g_file_get_path (ht_document_get_file (document));
  HtAnalysisOptions options = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(HtAnalysis) fresh = NULL;
  HtAnalysis *part;
  Notified notified;

  g_assert_cmpuint (whole->runtime, >, 1000);
  g_assert_true (ht_session_get_view_document (session) == document);
  watch (session, &notified);

  /* the last tenth of the run */
  ht_session_select_time (session, whole->runtime - whole->runtime / 10, whole->runtime);
  forget (&notified);
  ht_session_filter_to_selection (session);
  assert_logged (&notified, "loading");
  g_assert_true (ht_session_get_view_document (session) == document);
  wait_view_document (session);
  assert_logged (&notified, "loading loading view-document");

  options.min_time = whole->runtime - whole->runtime / 10;
  options.max_time = whole->runtime;
  fresh = ht_analysis_load (path, &options, NULL, NULL, NULL, NULL);
  part = ht_document_get_analysis (ht_session_get_view_document (session));
  g_assert_true (part->windowed);
  g_assert_false (part->live_at);
  g_assert_cmpint (part->total.allocations, ==, fresh->total.allocations);
  g_assert_cmpint (part->total.allocations, <, whole->total.allocations);
  g_assert_cmpint (part->total.temporary, ==, fresh->total.temporary);
  g_assert_cmpint (part->total.peak, ==, fresh->total.peak);
  g_assert_cmpint (part->total.leaked, ==, fresh->total.leaked);
  g_assert_cmpuint (part->peak_time, ==, fresh->peak_time);
  g_assert_cmpuint (ht_call_tree_get_n_nodes (ht_document_get_bottom_up (ht_session_get_view_document (session))), >, 1);

  /* back to the whole trace, at once */
  forget (&notified);
  ht_session_show_whole (session);
  g_assert_true (ht_session_get_view_document (session) == document);
  assert_logged (&notified, "view-document");

  /* asking again while one is made: only the last one arrives */
  forget (&notified);
  ht_session_filter_to_selection (session);
  ht_session_show_instant (session, 5);
  wait_view_document (session);
  part = ht_document_get_analysis (ht_session_get_view_document (session));
  g_assert_true (part->live_at);
  g_assert_cmpuint (part->max_time, ==, 5);
  /* the heap at an instant ranks by what was live */
  assert_logged (&notified, "cost-type loading loading view-document");
  g_ptr_array_unref (notified.names);
}

static void
keep_error (HtSession     *session,
            const GError  *error,
            GError       **kept)
{
  g_assert_null (*kept);
  *kept = g_error_copy (error);
}

/* The heap at an instant: what was live after the events before it */
static void
test_instant (void)
{
  static const struct
  {
    guint64 time;
    gint64  live;
  } instants[] = {
    { 0, 0 }, { 500, 4096 }, { 1000, 4096 }, { 1001, 1104096 }, { 1750, 1230000 },
    { 2500, 134096 }, { 99999, 134096 },
  };
  g_autofree char *dir = g_dir_make_tmp ("ht-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clock.trace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HtDocument) document = NULL;
  g_autoptr(HtSession) session = NULL;

  g_assert_true (g_file_set_contents (path, HT_TEST_CLOCK_TRACE, -1, NULL));
  document = ht_document_load (file, NULL, NULL);
  g_assert_nonnull (document);
  session = ht_session_new (document);
  /* at exit the suppression of make_cache applies; at an instant it does not */
  g_assert_cmpint (ht_document_get_analysis (document)->total.leaked, ==, 4096);
  ht_session_set_cost_type (session, HT_COST_TEMPORARY);

  for (guint i = 0; i < G_N_ELEMENTS (instants); i++)
    {
      HtAnalysis *at;

      ht_session_show_instant (session, instants[i].time);
      wait_view_document (session);
      at = ht_document_get_analysis (ht_session_get_view_document (session));
      g_assert_true (at->live_at);
      g_assert_cmpint (at->total.leaked, ==, instants[i].live);
      g_assert_cmpint (at->suppressed, ==, 0);
      /* ranked by what was live */
      g_assert_cmpint (ht_session_get_cost_type (session), ==, HT_COST_LEAKED);
    }

  /* a file gone meanwhile: the views keep what they show, the error is told */
  g_assert_cmpint (g_unlink (path), ==, 0);
  {
    g_autoptr(GError) failure = NULL;
    HtDocument *shown = ht_session_get_view_document (session);

    g_signal_connect (session, "load-failed", G_CALLBACK (keep_error), &failure);
    ht_session_show_instant (session, 1500);
    wait_view_document (session);
    g_assert_nonnull (failure);
    g_assert_nonnull (strstr (failure->message, path));
    g_assert_true (ht_session_get_view_document (session) == shown);
  }
  /* the whole run ranks as before */
  ht_session_show_whole (session);
  g_assert_cmpint (ht_session_get_cost_type (session), ==, HT_COST_TEMPORARY);
  g_rmdir (dir);
}

/* A session keeps its document alive, and lets go of it */
static void
test_lifetime (void)
{
  HtDocument *document = load_document ("wl-sites.zst");
  HtSession *session = ht_session_new (document);

  g_object_add_weak_pointer (G_OBJECT (document), (gpointer *) &document);
  g_object_unref (document);
  g_assert_nonnull (document);
  g_assert_true (ht_session_get_document (session) == document);
  g_object_unref (session);
  g_assert_null (document);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/session/defaults", test_defaults);
  g_test_add_func ("/ht/session/cost-type", test_cost_type);
  g_test_add_func ("/ht/session/selection", test_selection);
  g_test_add_func ("/ht/session/selected-function", test_selected_function);
  g_test_add_func ("/ht/session/lifetime", test_lifetime);
  g_test_add_func ("/ht/session/filter-to-selection", test_filter_to_selection);
  g_test_add_func ("/ht/session/instant", test_instant);
  return g_test_run ();
}
