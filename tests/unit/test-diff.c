/* test-diff.c: comparing two traces (docs/figures.md §21)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-diff-report.h"
#include "test-util.h"

static HtDiff *
diff_of (const char *a,
         const char *b)
{
  g_autoptr(HtAnalysis) analysis_a = load_text (a);
  g_autoptr(HtAnalysis) analysis_b = load_text (b);

  return ht_diff_new (analysis_a, analysis_b);
}

/* The function whose symbol shows @name (NULL: the unresolved one) */
static const HtDiffFunction *
find_function (HtDiff     *diff,
               const char *name)
{
  for (guint i = 0; i < diff->functions->len; i++)
    {
      const HtDiffFunction *function = g_ptr_array_index (diff->functions, i);

      if (g_strcmp0 (ht_diff_get_symbol (diff, function->symbol)->function, name) == 0)
        return function;
    }
  g_assert_not_reached ();
}

static void
assert_cost (const HtCost *cost,
             gint64        calls,
             gint64        temporary,
             gint64        peak,
             gint64        leaked)
{
  g_assert_cmpint (cost->allocations, ==, calls);
  g_assert_cmpint (cost->temporary, ==, temporary);
  g_assert_cmpint (cost->peak, ==, peak);
  g_assert_cmpint (cost->leaked, ==, leaked);
}

static void
test_keys (void)
{
  g_autofree char *so = ht_diff_module_key ("/usr/lib/libfoo.so.1.2.3");
  g_autofree char *so2 = ht_diff_module_key ("/usr/lib64/libfoo.so.1.2.4");
  g_autofree char *exe = ht_diff_module_key ("/home/ci/build-a/prog");
  g_autofree char *none = ht_diff_module_key (NULL);
  g_autofree char *rust = ht_diff_function_key ("app::parse::h0123456789abcdef");
  g_autofree char *not_hash = ht_diff_function_key ("app::parse::h0123456789abcdeg");
  g_autofree char *plain = ht_diff_function_key ("main");

  g_assert_cmpstr (so, ==, "libfoo.so");
  g_assert_cmpstr (so2, ==, "libfoo.so");
  g_assert_cmpstr (exe, ==, "prog");
  g_assert_cmpstr (none, ==, "??");
  g_assert_cmpstr (rust, ==, "app::parse");
  g_assert_cmpstr (not_hash, ==, "app::parse::h0123456789abcdeg");
  g_assert_cmpstr (plain, ==, "main");
  g_assert_null (ht_diff_function_key (NULL));
}

/* Two static helpers of one name in a.c and b.c: the file tells them
 * apart, and each pairs although its line moved */
#define HELPERS_A \
  "v 10400 3\n" \
  "s 7 /a/prog\n" \
  "s 4 main\n" \
  "s 6 main.c\n" \
  "s 6 helper\n" \
  "s 3 a.c\n" \
  "s 3 b.c\n" \
  "i 10 1 2 3 5\n" \
  "i 20 1 4 5 5\n" \
  "i 30 1 4 6 9\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 1\n" \
  "a 10 2\n" \
  "a 20 3\n" \
  "+ 0\n" \
  "+ 1\n"
#define HELPERS_B \
  "v 10400 3\n" \
  "s 7 /b/prog\n" \
  "s 4 main\n" \
  "s 6 main.c\n" \
  "s 6 helper\n" \
  "s 3 a.c\n" \
  "s 3 b.c\n" \
  "i 10 1 2 3 5\n" \
  "i 20 1 4 5 6\n" \
  "i 30 1 4 6 c\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 1\n" \
  "a 10 2\n" \
  "a 20 3\n" \
  "+ 0\n" \
  "+ 1\n" \
  "+ 1\n"

static void
test_same_name (void)
{
  g_autoptr(HtDiff) diff = diff_of (HELPERS_A, HELPERS_B);
  const HtDiffFunction *in_a, *in_b;

  g_assert_cmpuint (diff->functions->len, ==, 2);
  in_a = g_ptr_array_index (diff->functions, 0);
  in_b = g_ptr_array_index (diff->functions, 1);
  g_assert_cmpstr (ht_diff_get_symbol (diff, in_a->symbol)->key, ==, "helper\nprog\na.c");
  g_assert_cmpuint (ht_diff_get_symbol (diff, in_a->symbol)->line, ==, 6);
  assert_cost (&in_a->costs.a, 1, 0, 16, 16);
  assert_cost (&in_a->costs.b, 1, 0, 16, 16);
  g_assert_cmpstr (ht_diff_get_symbol (diff, in_b->symbol)->key, ==, "helper\nprog\nb.c");
  assert_cost (&in_b->costs.a, 1, 0, 32, 32);
  assert_cost (&in_b->costs.b, 2, 0, 64, 64);
  g_assert_cmpuint (diff->side[HT_DIFF_A].unmatched_sites, ==, 0);
}

/* Each function pairs across folders, versions, moved lines and Rust
 * hashes, with exactly the costs of test-util.h */
static void
test_pairing (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  const HtDiffFunction *f;

  g_assert_cmpuint (diff->functions->len, ==, 6);
  g_assert_cmpuint (diff->sites->len, ==, 6);

  f = find_function (diff, "make_buffer");
  g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_CHANGED);
  assert_cost (&f->costs.a, 2, 0, 200, 0);
  assert_cost (&f->costs.b, 3, 0, 300, 0);
  /* what is shown is B's */
  g_assert_cmpuint (ht_diff_get_symbol (diff, f->symbol)->line, ==, 14);

  f = find_function (diff, "foo_alloc");
  assert_cost (&f->costs.a, 1, 0, 200, 200);
  assert_cost (&f->costs.b, 1, 0, 300, 300);
  g_assert_cmpstr (ht_diff_get_symbol (diff, f->symbol)->module, ==, "libfoo.so.1.2.4");

  f = find_function (diff, "app::parse::hfedcba9876543210");
  g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_CHANGED);
  g_assert_true (ht_diff_costs_equal (&f->costs));
  assert_cost (&f->costs.a, 1, 1, 0, 0);

  f = find_function (diff, NULL);
  g_assert_cmpstr (ht_diff_get_symbol (diff, f->symbol)->key, ==, "<unresolved in libbar.so>\nlibbar.so");
  assert_cost (&f->costs.a, 1, 1, 0, 0);
  assert_cost (&f->costs.b, 2, 2, 0, 0);

  f = find_function (diff, "old_cache");
  g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_REMOVED);
  assert_cost (&f->costs.a, 1, 0, 500, 500);
  assert_cost (&f->costs.b, 0, 0, 0, 0);

  f = find_function (diff, "new_cache");
  g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_ADDED);
  assert_cost (&f->costs.b, 1, 0, 700, 700);

  g_assert_cmpint (diff->side[HT_DIFF_A].figures[HT_DIFF_CALLS], ==, 6);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_PEAK], ==, 1300);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_RUNTIME_MS], ==, 201);
  g_assert_cmpuint (diff->side[HT_DIFF_A].n_sites, ==, 5);
  g_assert_cmpuint (diff->side[HT_DIFF_A].unmatched_sites, ==, 1);
  assert_cost (&diff->side[HT_DIFF_A].unmatched, 1, 0, 500, 500);
  g_assert_cmpuint (diff->side[HT_DIFF_B].unmatched_sites, ==, 1);
  assert_cost (&diff->side[HT_DIFF_B].unmatched, 1, 0, 700, 700);
}

static HtDiffNode *
child (HtDiff     *diff,
       HtDiffNode *node,
       const char *function)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      HtDiffNode *c = g_ptr_array_index (node->children, i);

      if (g_strcmp0 (ht_diff_get_symbol (diff, c->symbol)->function, function) == 0)
        return c;
    }
  g_assert_not_reached ();
}

/* The paired trees: inclusive costs of both sides along each path */
static void
test_trees (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  HtDiffNode *main_node, *parse, *unresolved, *caller;

  g_assert_cmpuint (diff->top_down->children->len, ==, 1);
  main_node = child (diff, diff->top_down, "main");
  assert_cost (&main_node->costs.a, 6, 2, 900, 700);
  assert_cost (&main_node->costs.b, 8, 3, 1300, 1000);
  g_assert_cmpuint (main_node->children->len, ==, 5);
  parse = child (diff, main_node, "app::parse::hfedcba9876543210");
  assert_cost (&parse->costs.a, 2, 2, 0, 0);
  assert_cost (&parse->costs.b, 3, 3, 0, 0);
  unresolved = child (diff, parse, NULL);
  assert_cost (&unresolved->costs.b, 2, 2, 0, 0);
  g_assert_null (unresolved->children);

  /* bottom-up: the allocating functions, each with main as its caller */
  g_assert_cmpuint (diff->bottom_up->children->len, ==, 6);
  caller = child (diff, child (diff, diff->bottom_up, "old_cache"), "main");
  g_assert_cmpint (ht_diff_costs_status (&caller->costs), ==, HT_DIFF_REMOVED);
  assert_cost (&caller->costs.a, 1, 0, 500, 500);
}

/* A trace compared with itself changes nothing */
static void
test_self (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_A);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) broken = g_string_new (NULL);
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (HtDiffLimit));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < diff->functions->len; i++)
    {
      const HtDiffFunction *f = g_ptr_array_index (diff->functions, i);

      g_assert_true (ht_diff_costs_equal (&f->costs));
      g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_CHANGED);
    }
  g_assert_cmpuint (diff->side[HT_DIFF_A].unmatched_sites, ==, 0);
  g_assert_cmpuint (diff->side[HT_DIFF_B].unmatched_sites, ==, 0);

  ht_diff_report_json (diff, "a", "a", 0, json);
  g_assert_nonnull (strstr (json->str, "\"summary\": {\"calls\": 0, \"temporary\": 0, \"peak\": 0, "
                                       "\"peak_time_ms\": 0, \"peak_rss\": 0, \"leaked\": 0, "
                                       "\"suppressed\": 0, \"runtime_ms\": 0},\n"));
  g_assert_nonnull (strstr (json->str, "\"functions\": [\n  ],\n  \"sites\": [\n  ]\n"));
  ht_diff_report_print (diff, "a", "a", 10, text);
  g_assert_nonnull (strstr (text->str, "MOST CALLS TO ALLOCATION FUNCTIONS\nno change\n"));
  g_assert_nonnull (strstr (text->str, "peak heap memory consumption: 0B (900B -> 900B)\n"));

  g_assert_true (ht_diff_parse_limits ("calls=0%,peak=0,leaked=0%", limits, &error));
  g_assert_true (ht_diff_check (diff, limits, TRUE, broken, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (broken->str, ==, "");
}

/* Swapping A and B negates every delta and exchanges added and removed */
static void
test_swap (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  g_autoptr(HtDiff) swapped = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);

  ht_diff_swap (swapped);
  g_assert_cmpint (swapped->side[HT_DIFF_A].figures[HT_DIFF_PEAK], ==, 1300);
  g_assert_cmpuint (swapped->side[HT_DIFF_A].unmatched.peak, ==, 700);
  for (guint i = 0; i < diff->functions->len; i++)
    {
      const HtDiffFunction *f = g_ptr_array_index (diff->functions, i);
      const HtDiffFunction *s = g_ptr_array_index (swapped->functions, i);
      HtDiffStatus status = ht_diff_costs_status (&f->costs);

      for (HtCostType type = HT_COST_ALLOCATIONS; type <= HT_COST_LEAKED; type++)
        g_assert_cmpfloat (ht_diff_delta (swapped, &s->costs, type), ==, -ht_diff_delta (diff, &f->costs, type));
      g_assert_cmpint (ht_diff_costs_status (&s->costs), ==,
                       status == HT_DIFF_ADDED ? HT_DIFF_REMOVED
                       : status == HT_DIFF_REMOVED ? HT_DIFF_ADDED : HT_DIFF_CHANGED);
    }
  g_assert_cmpint (child (swapped, swapped->top_down, "main")->costs.a.allocations, ==, 8);
}

/* Per total: each side's share of its own total; the threshold hides
 * changes below a byte count or a share */
static void
test_normalise_threshold (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  const HtDiffFunction *make_buffer = find_function (diff, "make_buffer");
  const HtDiffFunction *new_cache = find_function (diff, "new_cache");

  g_assert_cmpfloat (ht_diff_delta (diff, &make_buffer->costs, HT_COST_PEAK), ==, 100);
  diff->normalise = HT_DIFF_PER_TOTAL;
  g_assert_cmpfloat_with_epsilon (ht_diff_delta (diff, &make_buffer->costs, HT_COST_PEAK),
                                  300.0 / 1300 - 200.0 / 900, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_diff_value (diff, HT_DIFF_A, &make_buffer->costs, HT_COST_ALLOCATIONS),
                                  2.0 / 6, 1e-12);

  g_assert_false (ht_diff_is_noise (diff, &make_buffer->costs, HT_COST_PEAK));
  diff->threshold_abs = 200;
  g_assert_true (ht_diff_is_noise (diff, &make_buffer->costs, HT_COST_PEAK));
  g_assert_false (ht_diff_is_noise (diff, &new_cache->costs, HT_COST_PEAK));
  diff->threshold_abs = 0;
  /* half of the larger total peak, 1300 B */
  diff->threshold_share = 0.5;
  g_assert_true (ht_diff_is_noise (diff, &make_buffer->costs, HT_COST_PEAK));
  g_assert_false (ht_diff_is_noise (diff, &new_cache->costs, HT_COST_PEAK));
}

static void
test_report_text (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  g_autoptr(GString) out = g_string_new (NULL);

  ht_diff_report_print (diff, "a.trace", "b.trace", 10, out);
  g_assert_true (g_str_has_prefix (out->str, "comparing \"a.trace\" (A) with \"b.trace\" (B): B - A\n\n"
                                             "MOST CALLS TO ALLOCATION FUNCTIONS\n"
                                             "+1 calls (2 -> 3) from\nmake_buffer\n  at buf.c:14\n  in prog\n\n"
                                             "+1 calls (1 -> 2) from\n<unresolved in libbar.so>\n  in libbar.so\n\n"
                                             "+1 calls (added) from\nnew_cache\n  at main.c:40\n  in prog\n\n"
                                             "-1 calls (removed) from\nold_cache\n  at main.c:30\n  in prog\n\n\n"
                                             "PEAK MEMORY CONSUMERS\n+700B peak (added) from\nnew_cache\n"));
  g_assert_nonnull (strstr (out->str, "MEMORY LEAKS\n+700B leaked (added) from\nnew_cache\n  at main.c:40\n  in prog\n\n"
                                      "-500B leaked (removed) from\nold_cache\n  at main.c:30\n  in prog\n\n"
                                      "+100B leaked (200B -> 300B) from\nfoo_alloc\n  at foo.c:5\n  in libfoo.so.1.2.4\n\n\n"
                                      "MOST TEMPORARY ALLOCATIONS\n+1 temporary (1 -> 2) from\n"
                                      "<unresolved in libbar.so>\n  in libbar.so\n\n\n"));
  g_assert_true (g_str_has_suffix (out->str, "total runtime (ms): +100 (101 -> 201)\n"
                                             "calls to allocation functions: +2 (6 -> 8)\n"
                                             "temporary memory allocations: +1 (2 -> 3)\n"
                                             "peak heap memory consumption: +400B (900B -> 1.30K)\n"
                                             "peak RSS (including heaptrack overhead): 0B (0B -> 0B)\n"
                                             "total memory leaked: +300B (700B -> 1000B)\n"
                                             "suppressed leaks: 0B (0B -> 0B)\n"
                                             "unmatched in A: 1 of 5 sites, 1 calls (16.67%), 500B peak, 500B leaked\n"
                                             "unmatched in B: 1 of 5 sites, 1 calls (12.50%), 700B peak, 700B leaked\n"));
  /* app::parse did not change: it is not listed */
  g_assert_null (strstr (out->str, "app::parse"));
}

static void
test_report_json (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  g_autoptr(GString) out = g_string_new (NULL);

  ht_diff_report_json (diff, "a.trace", "b.trace", 10, out);
  g_assert_nonnull (strstr (out->str, "\"summary\": {\"calls\": 2, \"temporary\": 1, \"peak\": 400, "
                                      "\"peak_time_ms\": 0, \"peak_rss\": 0, \"leaked\": 300, "
                                      "\"suppressed\": 0, \"runtime_ms\": 100},\n"));
  g_assert_nonnull (strstr (out->str, "\"unmatched\": {\"base\": {\"sites\": 1, \"of\": 5, \"calls\": 1, "
                                      "\"temporary\": 0, \"peak\": 500, \"leaked\": 500}, "
                                      "\"new\": {\"sites\": 1, \"of\": 5, \"calls\": 1, "
                                      "\"temporary\": 0, \"peak\": 700, \"leaked\": 700}},\n"));
  g_assert_nonnull (strstr (out->str, "\"functions\": [\n    {\"function\": \"new_cache\", \"file\": \"main.c\", "
                                      "\"line\": 40, \"module\": \"prog\", \"status\": \"added\", \"calls\": 1, "
                                      "\"temporary\": 0, \"peak\": 700, \"leaked\": 700, "));
  g_assert_nonnull (strstr (out->str, "{\"function\": \"foo_alloc\", \"file\": \"foo.c\", \"line\": 5, "
                                      "\"module\": \"libfoo.so.1.2.4\", \"status\": \"changed\", \"calls\": 0, "
                                      "\"temporary\": 0, \"peak\": 100, \"leaked\": 100, \"base\": {\"calls\": 1, "
                                      "\"temporary\": 0, \"peak\": 200, \"leaked\": 200}, \"new\": {\"calls\": 1, "
                                      "\"temporary\": 0, \"peak\": 300, \"leaked\": 300}}"));
  g_assert_nonnull (strstr (out->str, "{\"function\": null, \"file\": null, \"line\": 0, \"module\": \"libbar.so\", "
                                      "\"status\": \"changed\", \"calls\": 1, \"temporary\": 1, \"peak\": 0, "
                                      "\"leaked\": 0, "));
  g_assert_null (strstr (out->str, "\"function\": \"app::parse::hfedcba9876543210\", \"file\": \"parse.rs\", "
                                   "\"line\": 7, \"module\": \"prog\", \"status\""));
}

static void
test_report_markdown (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  g_autoptr(GString) out = g_string_new (NULL);

  ht_diff_report_markdown (diff, "a", "b", 2, out);
  g_assert_cmpstr (out->str, ==,
                   "| | a | b | change |\n|---|---:|---:|---:|\n"
                   "| peak | 900B | 1.30K | +400B (+44.44%) |\n"
                   "| leaked | 700B | 1000B | +300B (+42.86%) |\n"
                   "| calls | 6 | 8 | +2 (+33.33%) |\n"
                   "| temporary | 2 | 3 | +1 (+50.00%) |\n"
                   "| peak_rss | 0B | 0B | 0B |\n"
                   "| runtime_ms | 101 | 201 | +100 (+99.01%) |\n"
                   "\n| function | module | peak | leaked | calls | temporary |\n"
                   "|---|---|---:|---:|---:|---:|\n"
                   "| new_cache (added) | prog | +700B | +700B | +1 | 0 |\n"
                   "| old_cache (removed) | prog | -500B | -500B | -1 | 0 |\n");
}

/* @trace with its string @name (a function's) renamed to @to */
static char *
rename_string (const char *trace,
               const char *name,
               const char *to)
{
  g_autofree char *record = g_strdup_printf ("\ns %zx %s\n", strlen (name), name);
  g_autofree char *renamed = g_strdup_printf ("\ns %zx %s\n", strlen (to), to);
  g_auto(GStrv) parts = g_strsplit (trace, record, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (renamed, parts);
}

/* The Markdown's functions have their template arguments shortened, as
 * the report's (docs/figures.md §10) */
static void
test_report_markdown_templates (void)
{
  g_autofree char *b = rename_string (HT_TEST_DIFF_B, "new_cache",
                                      "std::vector<int, std::allocator<int> >::push_back(int const&)");
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, b);
  g_autoptr(GString) out = g_string_new (NULL);

  ht_diff_report_markdown (diff, "a", "b", 1, out);
  g_assert_true (g_str_has_suffix (out->str, "|---|---|---:|---:|---:|---:|\n"
                                             "| std::vector<>::push_back(int const&) (added) | prog | "
                                             "+700B | +700B | +1 | 0 |\n"));
  /* the JSON keeps the full name, for scripts */
  g_string_truncate (out, 0);
  ht_diff_report_json (diff, "a", "b", 1, out);
  g_assert_nonnull (strstr (out->str, "\"std::vector<int, std::allocator<int> >::push_back(int const&)\""));
}

static void
check_gate (HtDiff     *diff,
            const char *spec,
            gboolean    no_new_leaks,
            const char *expected)
{
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (HtDiffLimit));
  g_autoptr(GString) broken = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ht_diff_parse_limits (spec, limits, &error));
  g_assert_true (ht_diff_check (diff, limits, no_new_leaks, broken, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (broken->str, ==, expected);
}

/* Growth B − A against percentages of A or absolute limits */
static void
test_gate (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (HtDiffLimit));
  g_autoptr(GError) error = NULL;

  /* peak grew by 400 of 900, 44.4 % */
  check_gate (diff, "peak=45%", FALSE, "");
  check_gate (diff, "peak=44%", FALSE, "peak grew by +400B (900B -> 1.30K), more than 44%\n");
  check_gate (diff, "leaked=300,calls=2,runtime_ms=100", FALSE, "");
  check_gate (diff, "leaked=299,peak_rss=0%", FALSE, "leaked grew by +300B (700B -> 1000B), more than 299\n");
  check_gate (diff, "", TRUE, "new leak: 700B leaked from new_cache in prog\n");

  g_assert_false (ht_diff_parse_limits ("peak=5x", limits, &error));
  g_assert_cmpstr (error->message, ==, "'peak=5x' needs a limit such as peak=5% or peak=1000");
  g_clear_error (&error);
  g_assert_false (ht_diff_parse_limits ("heap=5%", limits, &error));
  g_assert_true (g_str_has_prefix (error->message, "unknown figure 'heap' in 'heap=5%'"));
  g_clear_error (&error);
  g_assert_false (ht_diff_parse_limits ("peak=-1", limits, &error));
  g_clear_error (&error);
  g_assert_false (ht_diff_parse_limits ("peak", limits, &error));
}

static char *
json_report (const char *trace,
             guint       limit)
{
  g_autoptr(HtAnalysis) analysis = load_text (trace);
  GString *out = g_string_new (NULL);

  ht_report_json (analysis, limit, TRUE, out);
  return g_string_free (out, FALSE);
}

/* A report saved with --json as the base: the same pairing and gate as
 * the trace itself */
static void
test_json_base (void)
{
  g_autofree char *all = json_report (HT_TEST_DIFF_A, 0);
  g_autofree char *top = json_report (HT_TEST_DIFF_A, 2);
  g_autoptr(HtAnalysis) b = load_text (HT_TEST_DIFF_B);
  g_autoptr(HtDiff) from_trace = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  g_autoptr(HtDiff) diff = NULL;
  g_autoptr(HtDiff) partial = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) broken = g_string_new (NULL);
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (HtDiffLimit));
  g_autoptr(GError) error = NULL;

  diff = ht_diff_new_from_json (all, b, &error);
  g_assert_no_error (error);
  g_assert_true (diff->side[HT_DIFF_A].all_sites);
  ht_diff_report_print (diff, "a", "b", 10, text);
  ht_diff_report_print (from_trace, "a", "b", 10, expected);
  g_assert_cmpstr (text->str, ==, expected->str);
  check_gate (diff, "peak=44%,leaked=299", TRUE,
              "peak grew by +400B (900B -> 1.30K), more than 44%\n"
              "leaked grew by +300B (700B -> 1000B), more than 299\n"
              "new leak: 700B leaked from new_cache in prog\n");

  /* the top two sites only: --no-new-leaks cannot tell */
  partial = ht_diff_new_from_json (top, b, &error);
  g_assert_no_error (error);
  g_assert_false (partial->side[HT_DIFF_A].all_sites);
  g_assert_false (ht_diff_check (partial, limits, TRUE, broken, &error));
  g_assert_true (g_str_has_prefix (error->message, "--no-new-leaks needs every site of the base"));
  g_clear_error (&error);

  /* a figure the base lacks */
  {
    g_autofree char *no_rss = g_strdup (all);
    g_autoptr(HtDiff) lacking = NULL;
    char *rss = strstr (no_rss, "\"peak_rss\"");

    memcpy (rss, "\"peak_xxx\"", strlen ("\"peak_xxx\""));
    lacking = ht_diff_new_from_json (no_rss, b, &error);
    g_assert_no_error (error);
    g_assert_true (ht_diff_parse_limits ("peak_rss=5%", limits, &error));
    g_assert_false (ht_diff_check (lacking, limits, FALSE, broken, &error));
    g_assert_cmpstr (error->message, ==, "the base has no figure 'peak_rss' to check --max-growth against");
    g_clear_error (&error);
  }

  g_assert_null (ht_diff_new_from_json ("{\"summary\": [", b, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Unrelated programs, one of them truncated: nothing pairs but main, it
 * says so, and the warning comes along */
static void
test_unrelated (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  g_autofree char *cut = g_strndup (HT_TEST_DIFF_B, strlen (HT_TEST_DIFF_B) - 3);
  g_autoptr(HtAnalysis) b = load_text (cut);
  g_autoptr(HtDiff) diff = ht_diff_new (a, b);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (diff->side[HT_DIFF_B].truncated);
  g_assert_cmpuint (diff->side[HT_DIFF_B].warnings->len, ==, 1);
  g_assert_cmpuint (diff->side[HT_DIFF_A].unmatched_sites, ==, 3);
  g_assert_cmpuint (diff->side[HT_DIFF_B].unmatched_sites, ==, 5);
  ht_diff_report_print (diff, "example", "b", 10, out);
  g_assert_nonnull (strstr (out->str, "(B): B - A\nB is truncated: its figures cover only what was recorded\n"));
  g_assert_nonnull (strstr (out->str, "unmatched in A: 3 of 3 sites, 3 calls (100.00%), 364B peak, 200B leaked\n"));
}

/* What grew between 1 s and 2 s of the clock trace: its live sets are
 * known (test-util.h) */
static void
test_live_growth (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-diff-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clock.trace", NULL);
  g_autoptr(HtDiff) diff = NULL;
  g_autoptr(HtDiff) from_start = NULL;
  g_autoptr(GError) error = NULL;
  const HtDiffFunction *f;

  g_assert_true (g_file_set_contents (path, HT_TEST_CLOCK_TRACE, -1, NULL));
  diff = ht_diff_load_live_growth (path, 1000, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (diff->side[HT_DIFF_A].figures[HT_DIFF_LEAKED], ==, 4096);
  g_assert_cmpint (diff->side[HT_DIFF_B].figures[HT_DIFF_LEAKED], ==, 1230000);
  f = find_function (diff, "make_buffer");
  g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_ADDED);
  g_assert_cmpint (f->costs.b.leaked, ==, 1100000);
  f = find_function (diff, "make_cache");
  g_assert_cmpint (f->costs.b.leaked, ==, 130000);
  f = find_function (diff, "scratch");
  g_assert_cmpint (ht_diff_costs_status (&f->costs), ==, HT_DIFF_CHANGED);
  g_assert_cmpint (f->costs.a.leaked, ==, 4096);
  g_assert_cmpint (f->costs.b.leaked, ==, 0);

  /* from an empty heap, any growth breaks a percentage */
  from_start = ht_diff_load_live_growth (path, 0, 1000, NULL, &error);
  g_assert_no_error (error);
  check_gate (from_start, "leaked=1000%", FALSE, "leaked grew by +4.10K (0B -> 4.10K), more than 1000%\n");

  g_remove (path);
  g_rmdir (dir);
}

/* The symbol of the function @name */
static guint
symbol_named (HtDiff     *diff,
              const char *name)
{
  for (guint i = 0; i < diff->symbols->len; i++)
    if (g_strcmp0 (ht_diff_get_symbol (diff, i)->function, name) == 0)
      return i;
  g_assert_not_reached ();
}

/* The link of @links to @name */
static const HtDiffLink *
link_to (HtDiff     *diff,
         GArray     *links,
         const char *name)
{
  guint symbol = symbol_named (diff, name);

  for (guint i = 0; i < links->len; i++)
    if (g_array_index (links, HtDiffLink, i).symbol == symbol)
      return &g_array_index (links, HtDiffLink, i);
  g_assert_not_reached ();
}

/* Callers and callees by key, with both sides' costs (what parse and
 * libbar allocate is freed before the peak): app::parse is called
 * from main in two sites of A (its own, and libbar's below it: 2 calls)
 * and in B (1 + 2 calls); main calls old_cache only in A, new_cache only
 * in B */
static void
test_callers_callees (void)
{
  g_autoptr(HtDiff) diff = diff_of (HT_TEST_DIFF_A, HT_TEST_DIFF_B);
  guint parse = symbol_named (diff, "app::parse::hfedcba9876543210");
  guint main_symbol = symbol_named (diff, "main");
  g_autoptr(GArray) inclusive = ht_diff_list_inclusive (diff);
  g_autoptr(GArray) parse_callers = ht_diff_list_links (diff, parse, TRUE);
  g_autoptr(GArray) parse_callees = ht_diff_list_links (diff, parse, FALSE);
  g_autoptr(GArray) main_callers = ht_diff_list_links (diff, main_symbol, TRUE);
  g_autoptr(GArray) main_callees = ht_diff_list_links (diff, main_symbol, FALSE);
  const HtDiffCosts *costs;
  const HtDiffLink *link;

  costs = &g_array_index (inclusive, HtDiffCosts, main_symbol);
  assert_cost (&costs->a, 6, 2, 900, 700);
  assert_cost (&costs->b, 8, 3, 1300, 1000);
  costs = &g_array_index (inclusive, HtDiffCosts, parse);
  assert_cost (&costs->a, 2, 2, 0, 0);
  assert_cost (&costs->b, 3, 3, 0, 0);
  g_assert_cmpuint (costs->n_a, ==, 2);
  g_assert_cmpuint (costs->n_b, ==, 2);

  g_assert_cmpuint (parse_callers->len, ==, 1);
  link = link_to (diff, parse_callers, "main");
  assert_cost (&link->costs.a, 2, 2, 0, 0);
  assert_cost (&link->costs.b, 3, 3, 0, 0);
  g_assert_cmpuint (parse_callees->len, ==, 1);
  link = &g_array_index (parse_callees, HtDiffLink, 0);
  g_assert_null (ht_diff_get_symbol (diff, link->symbol)->function);
  g_assert_cmpstr (ht_diff_get_symbol (diff, link->symbol)->module, ==, "libbar.so");
  assert_cost (&link->costs.a, 1, 1, 0, 0);
  assert_cost (&link->costs.b, 2, 2, 0, 0);

  g_assert_cmpuint (main_callers->len, ==, 0);
  g_assert_cmpuint (main_callees->len, ==, 5);
  link = link_to (diff, main_callees, "new_cache");
  g_assert_cmpint (ht_diff_costs_status (&link->costs), ==, HT_DIFF_ADDED);
  assert_cost (&link->costs.b, 1, 0, 700, 700);
  link = link_to (diff, main_callees, "old_cache");
  g_assert_cmpint (ht_diff_costs_status (&link->costs), ==, HT_DIFF_REMOVED);
  assert_cost (&link->costs.a, 1, 0, 500, 500);
  link = link_to (diff, main_callees, "foo_alloc");
  g_assert_cmpint (ht_diff_delta (diff, &link->costs, HT_COST_PEAK), ==, 100);

  /* swapped, every change turns its sign */
  ht_diff_swap (diff);
  {
    g_autoptr(GArray) swapped = ht_diff_list_links (diff, parse, TRUE);

    link = link_to (diff, swapped, "main");
    g_assert_cmpint (ht_diff_delta (diff, &link->costs, HT_COST_ALLOCATIONS), ==, -1);
  }
}

/* rec calls itself: the site counts once for rec, for the call rec → rec
 * and for main → rec */
#define RECURSIVE_TRACE(allocations) \
  "v 10400 3\n" \
  "s 4 prog\n" \
  "s 4 main\n" \
  "s 3 rec\n" \
  "i 1000 1 2\n" \
  "i 2000 1 3\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 2 2\n" \
  "a 10 3\n" \
  allocations

static void
test_callers_recursive (void)
{
  g_autoptr(HtDiff) diff = diff_of (RECURSIVE_TRACE ("+ 0\n"), RECURSIVE_TRACE ("+ 0\n+ 0\n"));
  guint rec = symbol_named (diff, "rec");
  g_autoptr(GArray) inclusive = ht_diff_list_inclusive (diff);
  g_autoptr(GArray) callers = ht_diff_list_links (diff, rec, TRUE);
  g_autoptr(GArray) callees = ht_diff_list_links (diff, rec, FALSE);

  assert_cost (&g_array_index (inclusive, HtDiffCosts, rec).a, 1, 0, 16, 16);
  assert_cost (&g_array_index (inclusive, HtDiffCosts, rec).b, 2, 0, 32, 32);
  g_assert_cmpuint (callers->len, ==, 2);
  assert_cost (&link_to (diff, callers, "rec")->costs.b, 2, 0, 32, 32);
  assert_cost (&link_to (diff, callers, "main")->costs.b, 2, 0, 32, 32);
  g_assert_cmpuint (callees->len, ==, 1);
  assert_cost (&link_to (diff, callees, "rec")->costs.a, 1, 0, 16, 16);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/diff/keys", test_keys);
  g_test_add_func ("/ht/diff/callers-callees", test_callers_callees);
  g_test_add_func ("/ht/diff/callers-recursive", test_callers_recursive);
  g_test_add_func ("/ht/diff/pairing", test_pairing);
  g_test_add_func ("/ht/diff/same-name", test_same_name);
  g_test_add_func ("/ht/diff/trees", test_trees);
  g_test_add_func ("/ht/diff/self", test_self);
  g_test_add_func ("/ht/diff/swap", test_swap);
  g_test_add_func ("/ht/diff/normalise-threshold", test_normalise_threshold);
  g_test_add_func ("/ht/diff/report-text", test_report_text);
  g_test_add_func ("/ht/diff/report-json", test_report_json);
  g_test_add_func ("/ht/diff/report-markdown", test_report_markdown);
  g_test_add_func ("/ht/diff/report-markdown-templates", test_report_markdown_templates);
  g_test_add_func ("/ht/diff/gate", test_gate);
  g_test_add_func ("/ht/diff/json-base", test_json_base);
  g_test_add_func ("/ht/diff/unrelated", test_unrelated);
  g_test_add_func ("/ht/diff/live-growth", test_live_growth);
  return g_test_run ();
}
