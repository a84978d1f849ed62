/* test-report.c: heaptrack_print's layout, byte format and template shortening
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ht-report.h"
#include "test-util.h"

static void
assert_bytes (gint64      bytes,
              const char *expected)
{
  g_autofree char *text = ht_format_bytes (bytes);

  g_assert_cmpstr (text, ==, expected);
}

/* powers of 1000, first letter of the unit, integer bytes below 1000 */
static void
test_format_bytes (void)
{
  g_autofree char *wide = ht_format_bytes_wide (2300, 16);

  assert_bytes (0, "0B");
  assert_bytes (300, "300B");
  assert_bytes (1000, "1000B");
  assert_bytes (73068, "73.07K");
  assert_bytes (3870720, "3.87M");
  assert_bytes (-100, "-100B");
  assert_bytes (-73068, "-73.07K");
  assert_bytes (5000000000, "5.00G");
  g_assert_cmpstr (wide, ==, "          2.30KB");
}

static void
assert_shortened (const char *name,
                  const char *expected)
{
  g_autofree char *text = ht_shorten_template (name);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_shorten_templates (void)
{
  assert_shortened ("std::vector<int, std::allocator<int> >::push_back(int const&)",
                    "std::vector<>::push_back(int const&)");
  assert_shortened ("void std::vector<int, std::allocator<int> >::_M_realloc_insert<int const&>"
                    "(__gnu_cxx::__normal_iterator<int*, std::vector<int, std::allocator<int> > >, int const&)",
                    "void std::vector<>::_M_realloc_insert<>(__gnu_cxx::__normal_iterator<>, int const&)");
  assert_shortened ("std::ostream& std::operator<< <std::char_traits<char> >(std::ostream&, char const*)",
                    "std::ostream& std::operator<< <>(std::ostream&, char const*)");
  assert_shortened ("bool operator<(Foo<int> const&, Foo<int> const&)",
                    "bool operator<(Foo<> const&, Foo<> const&)");
  assert_shortened ("Foo::operator>>(int)", "Foo::operator>>(int)");
  assert_shortened ("plain_c_function", "plain_c_function");
}

/* the whole report, as heaptrack_print 1.4 prints it with -T 0 for this
 * trace, but for the temporary count: heaptrack's is one more
 * (docs/figures.md §3.3) */
static const char expected_report[] =
  "MOST CALLS TO ALLOCATION FUNCTIONS\n"
  "2 calls to allocation functions with 300B peak consumption from\n"
  "make_buffer\n"
  "  at example.c:7\n"
  "  in /bin/exa\n"
  "1 calls with 100B peak consumption from:\n"
  "    main\n"
  "      at example.c:21\n"
  "      in /bin/exa\n"
  "1 calls with 200B peak consumption from:\n"
  "    main\n"
  "      at example.c:22\n"
  "      in /bin/exa\n"
  "\n"
  "1 calls to allocation functions with 64B peak consumption from\n"
  "scratch\n"
  "  at example.c:14\n"
  "  in /bin/exa\n"
  "1 calls with 64B peak consumption from:\n"
  "    main\n"
  "      at example.c:23\n"
  "      in /bin/exa\n"
  "\n"
  "\n"
  "PEAK MEMORY CONSUMERS\n"
  "300B peak memory consumed over 2 calls from\n"
  "make_buffer\n"
  "  at example.c:7\n"
  "  in /bin/exa\n"
  "200B consumed over 1 calls from:\n"
  "    main\n"
  "      at example.c:22\n"
  "      in /bin/exa\n"
  "100B consumed over 1 calls from:\n"
  "    main\n"
  "      at example.c:21\n"
  "      in /bin/exa\n"
  "\n"
  "64B peak memory consumed over 1 calls from\n"
  "scratch\n"
  "  at example.c:14\n"
  "  in /bin/exa\n"
  "64B consumed over 1 calls from:\n"
  "    main\n"
  "      at example.c:23\n"
  "      in /bin/exa\n"
  "\n"
  "\n"
  "total runtime: 0.00s.\n"
  "calls to allocation functions: 3 (3000/s)\n"
  "temporary memory allocations: 1 (1000/s)\n"
  "peak heap memory consumption: 364B\n"
  "peak RSS (including heaptrack overhead): 3.87M\n"
  "total memory leaked: 200B\n";

static void
test_report_layout (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  options.print_temporary = FALSE;
  ht_report_print (a, &options, out);
  g_assert_cmpstr (out->str, ==, expected_report);
}

/* no section printed a byte value: the runtime keeps six decimals */
static void
test_runtime_precision (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  options.print_allocators = options.print_peaks = options.print_temporary = FALSE;
  ht_report_print (a, &options, out);
  g_assert_true (g_str_has_prefix (out->str, "total runtime: 0.001000s.\ncalls to allocation functions: 3 (3000/s)\n"));
}

/* sub-traces beyond the limit are summed up in an "and ... other places" line */
static void
test_sub_peak_limit (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  options.print_allocators = options.print_temporary = FALSE;
  options.sub_peak_limit = 1;
  options.peak_limit = 1;
  ht_report_print (a, &options, out);
  g_assert_nonnull (strstr (out->str, "PEAK MEMORY CONSUMERS\n300B peak memory consumed over 2 calls from\n"
                                      "make_buffer\n  at example.c:7\n  in /bin/exa\n200B consumed over 1 calls from:\n"
                                      "    main\n      at example.c:22\n      in /bin/exa\n"
                                      "  and 100B from 1 other places\n\n\n"));
}

/* --min-cost and --filter-bt-function leave entries out, never totals */
static void
test_filters (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  HtReportOptions options = HT_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) folded = g_string_new (NULL);

  options.print_allocators = options.print_temporary = FALSE;
  options.min_cost = 100;
  ht_report_print (a, &options, out);
  g_assert_nonnull (strstr (out->str, "300B peak"));
  g_assert_null (strstr (out->str, "64B peak"));

  ht_report_folded (a, HT_COST_ALLOCATIONS, TRUE, "scratch", folded);
  g_assert_cmpstr (folded->str, ==, "main (example.c);scratch (example.c); 1\n");
}

/* folded stacks: one line per site, root first, ending at main (docs/figures.md §12) */
static void
test_folded (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) peak = g_string_new (NULL);

  ht_report_folded (a, HT_COST_ALLOCATIONS, TRUE, NULL, out);
  g_assert_cmpstr (out->str, ==,
                   "main (example.c);make_buffer (example.c); 1\n"
                   "main (example.c);make_buffer (example.c); 1\n"
                   "main (example.c);scratch (example.c); 1\n");
  ht_report_folded (a, HT_COST_PEAK, TRUE, NULL, peak);
  g_assert_cmpstr (peak->str, ==,
                   "main (example.c);make_buffer (example.c); 100\n"
                   "main (example.c);make_buffer (example.c); 200\n"
                   "main (example.c);scratch (example.c); 64\n");
}

static void
test_histogram (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  g_autoptr(GString) out = g_string_new (NULL);

  ht_report_histogram (a, out);
  g_assert_cmpstr (out->str, ==, "64\t1\n100\t1\n200\t1\n");
}

static void
test_json (void)
{
  g_autoptr(HtAnalysis) a = load_text (EXAMPLE_TRACE);
  g_autoptr(GString) out = g_string_new (NULL);

  ht_report_json (a, 10, TRUE, out);
  g_assert_nonnull (strstr (out->str, "\"summary\": {\"calls\": 3, \"temporary\": 1, \"peak\": 364, "
                                      "\"peak_time_ms\": 0, \"peak_rss\": 3870720, \"leaked\": 200, "
                                      "\"suppressed\": 0, \"runtime_ms\": 1"));
  g_assert_nonnull (strstr (out->str, "{\"function\": \"make_buffer\", \"file\": \"example.c\", \"line\": 7, "
                                      "\"module\": \"/bin/exa\", \"calls\": 2, \"temporary\": 0, \"peak\": 300, "
                                      "\"leaked\": 200}"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/report/format-bytes", test_format_bytes);
  g_test_add_func ("/ht/report/shorten-templates", test_shorten_templates);
  g_test_add_func ("/ht/report/layout", test_report_layout);
  g_test_add_func ("/ht/report/runtime-precision", test_runtime_precision);
  g_test_add_func ("/ht/report/sub-peak-limit", test_sub_peak_limit);
  g_test_add_func ("/ht/report/filters", test_filters);
  g_test_add_func ("/ht/report/folded", test_folded);
  g_test_add_func ("/ht/report/histogram", test_histogram);
  g_test_add_func ("/ht/report/json", test_json);
  return g_test_run ();
}
