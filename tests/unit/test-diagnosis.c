/* test-diagnosis.c: what a trace lacks, said plainly
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ht-diagnosis.h"
#include "test-util.h"

/* main (named) calls into libfoo (two bare addresses) and libbar (one):
 * site 1 is main → foo@20 (3 calls), site 2 main → foo@21 → bar@30 (5 calls),
 * site 3 is main alone (7 calls) */
#define TRACE \
  "v 10400 3\n" \
  "I 1000 0\n" \
  "s 9 /bin/prog\n" \
  "s 4 main\n" \
  "s 1b /usr/lib/x86_64/libfoo.so.1\n" \
  "s 9 libbar.so\n" \
  "i 10 1 2\n" \
  "i 20 3\n" \
  "i 21 3\n" \
  "i 30 4\n" \
  "t 1 0\n" \
  "t 2 1\n" \
  "t 3 1\n" \
  "t 4 3\n" \
  "a 8 2\n" \
  "a 8 4\n" \
  "a 8 1\n"

static char *
repeat (const char *line,
        guint       n)
{
  GString *s = g_string_new (NULL);

  while (n-- > 0)
    g_string_append (s, line);
  return g_string_free (s, FALSE);
}

static void
test_unsymbolized_modules (void)
{
  g_autofree char *a = repeat ("+ 0\n", 3);
  g_autofree char *b = repeat ("+ 1\n", 5);
  g_autofree char *c = repeat ("+ 2\n", 7);
  g_autofree char *text = g_strconcat (TRACE, a, b, c, NULL);
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(GPtrArray) modules = ht_diagnosis_unsymbolized_modules (analysis);
  g_autofree char *advice = NULL;
  g_autofree char *short_advice = NULL;
  HtUnsymbolizedModule *m;

  g_assert_cmpuint (modules->len, ==, 2);
  m = g_ptr_array_index (modules, 0);
  g_assert_cmpstr (m->module, ==, "/usr/lib/x86_64/libfoo.so.1");
  g_assert_cmpuint (m->n_frames, ==, 2);
  g_assert_cmpint (m->allocations, ==, 8);
  m = g_ptr_array_index (modules, 1);
  g_assert_cmpstr (m->module, ==, "libbar.so");
  g_assert_cmpuint (m->n_frames, ==, 1);
  g_assert_cmpint (m->allocations, ==, 5);

  advice = ht_diagnosis_symbols_advice (modules, 5);
  g_assert_true (g_str_has_prefix (advice, "2 modules have frames without symbols: libfoo.so.1, libbar.so. "));
  g_assert_nonnull (strstr (advice, "-dbgsym"));
  short_advice = ht_diagnosis_symbols_advice (modules, 1);
  g_assert_true (g_str_has_prefix (short_advice, "2 modules have frames without symbols: libfoo.so.1 and 1 more. "));
}

/* a bare frame on the stacks of less than 1 % of the calls is not worth a
 * word: libfoo's 8 calls among 800 */
static void
test_unsymbolized_few (void)
{
  g_autofree char *a = repeat ("+ 0\n", 3);
  g_autofree char *b = repeat ("+ 1\n", 5);
  g_autofree char *c = repeat ("+ 2\n", 792);
  g_autofree char *text = g_strconcat (TRACE, a, b, c, NULL);
  g_autoptr(HtAnalysis) analysis = load_text (text);
  g_autoptr(GPtrArray) modules = ht_diagnosis_unsymbolized_modules (analysis);

  g_assert_cmpuint (modules->len, ==, 1);
  g_assert_cmpstr (((HtUnsymbolizedModule *) g_ptr_array_index (modules, 0))->module, ==,
                   "/usr/lib/x86_64/libfoo.so.1");
}

/* every frame named: nothing to say */
static void
test_all_symbolized (void)
{
  g_autoptr(HtAnalysis) analysis = load_text ("v 10400 3\ns 1 m\ns 4 main\ni 10 1 2\nt 1 0\na 8 1\n+ 0\n");
  g_autoptr(GPtrArray) modules = ht_diagnosis_unsymbolized_modules (analysis);

  g_assert_cmpuint (modules->len, ==, 0);
  g_assert_null (ht_diagnosis_symbols_advice (modules, 5));
}

/* 4 KiB pages: 0x10000 pages are 256 MiB of RSS against 8 bytes of heap;
 * 0x4000 pages (64 MiB) are what any program may have beside its heap */
static void
test_allocator_bypassed (void)
{
  g_autoptr(HtAnalysis) big = load_text (TRACE "+ 0\nR 10000\n");
  g_autoptr(HtAnalysis) small = load_text (TRACE "+ 0\nR 4000\n");
  g_autofree char *why = ht_diagnosis_allocator_bypassed (big);

  g_assert_nonnull (why);
  g_assert_true (g_str_has_prefix (why, "Only 8 bytes of the peak RSS of 256.0\u00a0MiB came from malloc & co."));
  g_assert_null (ht_diagnosis_allocator_bypassed (small));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ht/diagnosis/unsymbolized-modules", test_unsymbolized_modules);
  g_test_add_func ("/ht/diagnosis/unsymbolized-few", test_unsymbolized_few);
  g_test_add_func ("/ht/diagnosis/all-symbolized", test_all_symbolized);
  g_test_add_func ("/ht/diagnosis/allocator-bypassed", test_allocator_bypassed);
  return g_test_run ();
}
