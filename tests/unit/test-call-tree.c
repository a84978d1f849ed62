/* test-call-tree.c: bottom-up, top-down and caller/callee trees
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ht-call-tree.h"

/* Six sites with costs, one without:
 *
 *   A  alloc ← recurse ← recurse ← recurse ← main ← __libc_start_main ← _start
 *   B  alloc ← other ← main ← …
 *   C  push_back, inlined into helper, inlined into inline_outer ← main ← …
 *   D  0x7000 (unresolved) ← main ← …
 *   E  0x7100 (unresolved) ← main ← …
 *   F  alloc ← other ← start_thread (no stop function)
 *   G  recurse ← main ← …, never allocated
 *
 * The events, with the live bytes of the sites after each:
 *
 *    + 0   A 16                                total   16
 *    + 0   A 32                                total   32
 *    - 0   A 16, temporary                     total   16
 *    + 1   B 32                                total   48
 *    - 1   B 0, temporary                      total   16
 *    + 1   B 32                                total   48
 *    + 2   C 64                                total  112
 *    + 3   D 128                               total  240
 *    + 4   E 256                               total  496
 *    + 5   F 512                               total 1008
 *    - 2   C 0                                 total  944
 *    + 5   F 1024                              total 1456  <- peak
 *    - 5   F 512, temporary                    total  944
 *    + 3   D 256                               total 1200
 *
 * so (allocations, temporary, peak, leaked) are A (2, 1, 16, 16),
 * B (2, 1, 32, 32), C (1, 0, 0, 0), D (2, 0, 128, 256), E (1, 0, 256, 256),
 * F (2, 1, 1024, 512) and G (0, 0, 0, 0); in total (10, 3, 1456, 1072).
 */
static const char program_trace[] =
  "v 10400 3\n"
  "X ./prog\n"
  "s 9 /bin/prog\n"                     /* 1 */
  "s 4 main\n"                          /* 2 */
  "s 6 prog.c\n"                        /* 3 */
  "s 5 alloc\n"                         /* 4 */
  "s 7 recurse\n"                       /* 5 */
  "s 6 helper\n"                        /* 6 */
  "s c inline_outer\n"                  /* 7 */
  "s 11 __libc_start_main\n"            /* 8 */
  "s 6 _start\n"                        /* 9 */
  "s e /lib/libc.so.6\n"                /* a */
  "s 31 std::vector<int, std::allocator<int> >::push_back\n" /* b */
  "s 5 other\n"                         /* c */
  "s c start_thread\n"                  /* d */
  "i 1000 1 9\n"                        /* ip 1: _start */
  "i 2000 a 8\n"                        /* ip 2: __libc_start_main */
  "i 3000 1 2 3 10\n"                   /* ip 3: main, prog.c:16 */
  "i 4000 1 5 3 20\n"                   /* ip 4: recurse, prog.c:32 */
  "i 4100 1 5 3 21\n"                   /* ip 5: recurse, prog.c:33 */
  "i 5000 1 4 3 30\n"                   /* ip 6: alloc, prog.c:48 */
  "i 6000 1 b 3 40 6 3 41 7 3 42\n"     /* ip 7: push_back :64 in helper :65 in inline_outer :66 */
  "i 7000 1\n"                          /* ip 8: unresolved */
  "i 7100 1\n"                          /* ip 9: unresolved */
  "i 8000 1 c 3 50\n"                   /* ip a: other, prog.c:80 */
  "i 9000 a d\n"                        /* ip b: start_thread */
  "t 1 0\n"                             /* 1 */
  "t 2 1\n"                             /* 2 */
  "t 3 2\n"                             /* 3: main */
  "t 4 3\n"                             /* 4 */
  "t 5 4\n"                             /* 5 */
  "t 4 5\n"                             /* 6 */
  "t 6 6\n"                             /* 7: A */
  "t a 3\n"                             /* 8 */
  "t 6 8\n"                             /* 9: B */
  "t 7 3\n"                             /* a: C */
  "t 8 3\n"                             /* b: D */
  "t 9 3\n"                             /* c: E */
  "t b 0\n"                             /* d */
  "t a d\n"                             /* e */
  "t 6 e\n"                             /* f: F */
  "a 10 7\n"
  "a 20 9\n"
  "a 40 a\n"
  "a 80 b\n"
  "a 100 c\n"
  "a 200 f\n"
  "a 8 4\n"
  "+ 0\n"
  "+ 0\n"
  "- 0\n"
  "+ 1\n"
  "- 1\n"
  "+ 1\n"
  "+ 2\n"
  "+ 3\n"
  "+ 4\n"
  "+ 5\n"
  "- 2\n"
  "+ 5\n"
  "- 5\n"
  "+ 3\n"
  "c 10\n";

/* X: leaf, inlined into main (so no stop function: the walk goes on to
 * _start), called through operator new, which the reader drops
 * (docs/figures.md §8.3);
 * Y: an empty backtrace; Z: lonely, never allocated.
 *
 *    + 0   X 16             total 16
 *    + 1   Y 32             total 48  <- peak
 *    - 1   Y 0, temporary   total 16
 */
static const char edge_trace[] =
  "v 10400 3\n"
  "s 6 /bin/e\n"                        /* 1 */
  "s 4 main\n"                          /* 2 */
  "s 3 e.c\n"                           /* 3 */
  "s 4 leaf\n"                          /* 4 */
  "s 6 _start\n"                        /* 5 */
  "s 1b operator new(unsigned long)\n"  /* 6 */
  "s 6 lonely\n"                        /* 7 */
  "i 100 1 5\n"
  "i 200 1 4 3 1 2 3 2\n"
  "i 300 1 6\n"
  "i 400 1 7\n"
  "t 1 0\n"
  "t 2 1\n"
  "t 3 2\n"
  "t 4 0\n"
  "a 10 3\n"
  "a 20 0\n"
  "a 30 4\n"
  "+ 0\n"
  "+ 1\n"
  "- 1\n"
  "c 1\n";

static HtAnalysis *
load (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(HtTraceReader) reader = ht_trace_reader_new_for_bytes (bytes, "test");
  g_autoptr(GError) error = NULL;
  HtAnalysis *analysis = ht_analysis_load_reader (reader, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  return analysis;
}

static void
append_cost (GString      *out,
             const HtCost *cost)
{
  g_string_append_printf (out, " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          " %" G_GINT64_FORMAT,
                          cost->allocations, cost->temporary, cost->peak, cost->leaked);
}

/* name (file:line) [module] allocations temporary peak leaked */
static void
append_location (GString    *out,
                 char       *name,
                 const char *file,
                 guint32     line,
                 const char *module)
{
  g_string_append (out, name);
  if (file != NULL)
    g_string_append_printf (out, " (%s:%u)", file, line);
  g_string_append_printf (out, " [%s]", module != NULL ? module : "?");
  g_free (name);
}

static void
dump_node (HtCallTree     *tree,
           HtCallTreeNode *node,
           int             depth,
           GString        *out)
{
  for (guint i = 0; i < ht_call_tree_node_get_n_children (node); i++)
    {
      HtCallTreeNode *child = ht_call_tree_node_get_child (node, i);

      g_assert_true (ht_call_tree_node_get_parent (child) == node);
      for (int d = 0; d < depth; d++)
        g_string_append (out, "  ");
      append_location (out, ht_call_tree_node_get_display_name (tree, child, TRUE),
                       ht_call_tree_node_get_file (tree, child),
                       ht_call_tree_node_get_line (child),
                       ht_call_tree_node_get_module (tree, child));
      append_cost (out, ht_call_tree_node_get_cost (child));
      g_string_append_c (out, '\n');
      dump_node (tree, child, depth + 1, out);
    }
}

static char *
dump_tree (HtCallTree *tree)
{
  HtCallTreeNode *root = ht_call_tree_get_root (tree);
  GString *out = g_string_new ("root");

  append_cost (out, ht_call_tree_node_get_cost (root));
  g_string_append_c (out, '\n');
  dump_node (tree, root, 0, out);
  return g_string_free (out, FALSE);
}

static void
assert_cost (const HtCost *cost,
             gint64        allocations,
             gint64        temporary,
             gint64        peak,
             gint64        leaked)
{
  g_assert_cmpint (cost->allocations, ==, allocations);
  g_assert_cmpint (cost->temporary, ==, temporary);
  g_assert_cmpint (cost->peak, ==, peak);
  g_assert_cmpint (cost->leaked, ==, leaked);
}

static HtCallTreeNode *
child_named (HtCallTree     *tree,
             HtCallTreeNode *node,
             const char     *name)
{
  for (guint i = 0; i < ht_call_tree_node_get_n_children (node); i++)
    {
      HtCallTreeNode *child = ht_call_tree_node_get_child (node, i);
      g_autofree char *display = ht_call_tree_node_get_display_name (tree, child, TRUE);

      if (g_strcmp0 (display, name) == 0)
        return child;
    }
  g_error ("no child %s", name);
}

static void
test_analysis (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);

  /* the premises of the hand-computed costs */
  g_assert_cmpuint (analysis->sites->len, ==, 7);
  assert_cost (&ht_analysis_site (analysis, 0)->cost, 2, 1, 16, 16);
  assert_cost (&ht_analysis_site (analysis, 1)->cost, 2, 1, 32, 32);
  assert_cost (&ht_analysis_site (analysis, 2)->cost, 1, 0, 0, 0);
  assert_cost (&ht_analysis_site (analysis, 3)->cost, 2, 0, 128, 256);
  assert_cost (&ht_analysis_site (analysis, 4)->cost, 1, 0, 256, 256);
  assert_cost (&ht_analysis_site (analysis, 5)->cost, 2, 1, 1024, 512);
  assert_cost (&ht_analysis_site (analysis, 6)->cost, 0, 0, 0, 0);
  assert_cost (&analysis->total, 10, 3, 1456, 1072);
}

static void
test_bottom_up_costs (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);
  g_autoptr(HtCallTree) tree = ht_call_tree_new_bottom_up (analysis);
  g_autofree char *dump = dump_tree (tree);

  g_assert_cmpstr (dump, ==,
                   "root 10 3 1456 1072\n"
                   "alloc (prog.c:48) [/bin/prog] 6 3 1072 560\n"
                   "  recurse (prog.c:32) [/bin/prog] 2 1 16 16\n"
                   "    recurse (prog.c:33) [/bin/prog] 2 1 16 16\n"
                   "      recurse (prog.c:32) [/bin/prog] 2 1 16 16\n"
                   "        main (prog.c:16) [/bin/prog] 2 1 16 16\n"
                   "  other (prog.c:80) [/bin/prog] 4 2 1056 544\n"
                   "    main (prog.c:16) [/bin/prog] 2 1 32 32\n"
                   "    start_thread [/lib/libc.so.6] 2 1 1024 512\n"
                   "std::vector<>::push_back (prog.c:64) [/bin/prog] 1 0 0 0\n"
                   "  helper (prog.c:65) [/bin/prog] 1 0 0 0\n"
                   "    inline_outer (prog.c:66) [/bin/prog] 1 0 0 0\n"
                   "      main (prog.c:16) [/bin/prog] 1 0 0 0\n"
                   "0x7000 [/bin/prog] 2 0 128 256\n"
                   "  main (prog.c:16) [/bin/prog] 2 0 128 256\n"
                   "0x7100 [/bin/prog] 1 0 256 256\n"
                   "  main (prog.c:16) [/bin/prog] 1 0 256 256\n");
  /* one node per distinct path, whatever the number of sites and IPs */
  g_assert_cmpuint (ht_call_tree_get_n_nodes (tree), ==, 16);
  g_assert_true (ht_call_tree_get_analysis (tree) == analysis);
}

static void
test_bottom_up_accessors (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);
  g_autoptr(HtCallTree) tree = ht_call_tree_new_bottom_up (analysis);
  HtCallTreeNode *root = ht_call_tree_get_root (tree);
  HtCallTreeNode *alloc = child_named (tree, root, "alloc");
  HtCallTreeNode *other = child_named (tree, alloc, "other");
  HtCallTreeNode *push_back = child_named (tree, root, "std::vector<>::push_back");
  HtCallTreeNode *unresolved = child_named (tree, root, "0x7000");
  HtCallTreeNode *unresolved2 = child_named (tree, root, "0x7100");
  const HtCallSymbol *symbol;
  g_autofree char *full = NULL;
  HtCost self;

  g_assert_null (ht_call_tree_node_get_parent (root));
  g_assert_null (ht_call_tree_node_get_symbol (tree, root));
  g_assert_null (ht_call_tree_node_get_display_name (tree, root, TRUE));
  g_assert_null (ht_call_tree_node_get_function (tree, root));
  g_assert_cmpuint (ht_call_tree_node_get_n_children (root), ==, 4);

  g_assert_cmpstr (ht_call_tree_node_get_function (tree, alloc), ==, "alloc");
  g_assert_cmpstr (ht_call_tree_node_get_module (tree, alloc), ==, "/bin/prog");
  g_assert_cmpstr (ht_call_tree_node_get_file (tree, alloc), ==, "prog.c");
  g_assert_cmpuint (ht_call_tree_node_get_line (alloc), ==, 48);
  g_assert_cmpuint (ht_call_tree_node_get_address (tree, alloc), ==, 0);
  symbol = ht_call_tree_node_get_symbol (tree, alloc);
  g_assert_cmpuint (symbol->function, ==, 4);
  g_assert_cmpuint (symbol->module, ==, 1);
  g_assert_cmpuint (symbol->address, ==, 0);

  full = ht_call_tree_node_get_display_name (tree, push_back, FALSE);
  g_assert_cmpstr (full, ==, "std::vector<int, std::allocator<int> >::push_back");
  g_assert_cmpstr (ht_call_tree_node_get_function (tree, push_back), ==, full);

  /* unresolved IPs: no name, keyed and shown by address */
  g_assert_null (ht_call_tree_node_get_function (tree, unresolved));
  g_assert_null (ht_call_tree_node_get_file (tree, unresolved));
  g_assert_cmpuint (ht_call_tree_node_get_line (unresolved), ==, 0);
  g_assert_cmpstr (ht_call_tree_node_get_module (tree, unresolved), ==, "/bin/prog");
  g_assert_cmphex (ht_call_tree_node_get_address (tree, unresolved), ==, 0x7000);
  g_assert_cmphex (ht_call_tree_node_get_address (tree, unresolved2), ==, 0x7100);
  g_assert_true (unresolved != unresolved2);

  /* self: the sites whose backtrace ends at the node */
  ht_call_tree_node_get_self_cost (alloc, &self);
  assert_cost (&self, 0, 0, 0, 0);
  ht_call_tree_node_get_self_cost (other, &self);
  assert_cost (&self, 0, 0, 0, 0);
  ht_call_tree_node_get_self_cost (child_named (tree, other, "start_thread"), &self);
  assert_cost (&self, 2, 1, 1024, 512);
  ht_call_tree_node_get_self_cost (root, &self);
  assert_cost (&self, 0, 0, 0, 0);
}

static gboolean
tree_has_function (HtCallTree     *tree,
                   HtCallTreeNode *node,
                   const char     *name)
{
  for (guint i = 0; i < ht_call_tree_node_get_n_children (node); i++)
    {
      HtCallTreeNode *child = ht_call_tree_node_get_child (node, i);

      if (g_strcmp0 (ht_call_tree_node_get_function (tree, child), name) == 0
          || tree_has_function (tree, child, name))
        return TRUE;
    }
  return FALSE;
}

static void
test_top_down_costs (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);
  g_autoptr(HtCallTree) tree = ht_call_tree_new_top_down (analysis);
  g_autofree char *dump = dump_tree (tree);
  HtCallTreeNode *root = ht_call_tree_get_root (tree);
  HtCallTreeNode *main_node = child_named (tree, root, "main");
  HtCost self;

  g_assert_cmpstr (dump, ==,
                   "root 10 3 1456 1072\n"
                   "main (prog.c:16) [/bin/prog] 8 2 432 560\n"
                   "  recurse (prog.c:32) [/bin/prog] 2 1 16 16\n"
                   "    recurse (prog.c:33) [/bin/prog] 2 1 16 16\n"
                   "      recurse (prog.c:32) [/bin/prog] 2 1 16 16\n"
                   "        alloc (prog.c:48) [/bin/prog] 2 1 16 16\n"
                   "  other (prog.c:80) [/bin/prog] 2 1 32 32\n"
                   "    alloc (prog.c:48) [/bin/prog] 2 1 32 32\n"
                   "  inline_outer (prog.c:66) [/bin/prog] 1 0 0 0\n"
                   "    helper (prog.c:65) [/bin/prog] 1 0 0 0\n"
                   "      std::vector<>::push_back (prog.c:64) [/bin/prog] 1 0 0 0\n"
                   "  0x7000 [/bin/prog] 2 0 128 256\n"
                   "  0x7100 [/bin/prog] 1 0 256 256\n"
                   "start_thread [/lib/libc.so.6] 2 1 1024 512\n"
                   "  other (prog.c:80) [/bin/prog] 2 1 1024 512\n"
                   "    alloc (prog.c:48) [/bin/prog] 2 1 1024 512\n");
  g_assert_cmpuint (ht_call_tree_get_n_nodes (tree), ==, 15);

  /* the walk stopped at main: nothing above it anywhere */
  g_assert_cmpuint (ht_call_tree_node_get_n_children (root), ==, 2);
  g_assert_false (tree_has_function (tree, root, "_start"));
  g_assert_false (tree_has_function (tree, root, "__libc_start_main"));

  /* self: the sites whose innermost frame is the node */
  ht_call_tree_node_get_self_cost (main_node, &self);
  assert_cost (&self, 0, 0, 0, 0);
  ht_call_tree_node_get_self_cost (child_named (tree, main_node, "0x7100"), &self);
  assert_cost (&self, 1, 0, 256, 256);
  ht_call_tree_node_get_self_cost (root, &self);
  assert_cost (&self, 0, 0, 0, 0);
}

static char *
child_names (HtCallTree     *tree,
             HtCallTreeNode *node)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ht_call_tree_node_get_n_children (node); i++)
    {
      g_autofree char *name = ht_call_tree_node_get_display_name (tree, ht_call_tree_node_get_child (node, i),
                                                                  TRUE);

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", name);
    }
  return g_string_free (out, FALSE);
}

#define assert_children(tree, node, expected) \
  G_STMT_START { \
    g_autofree char *names_ = child_names (tree, node); \
    g_assert_cmpstr (names_, ==, expected); \
  } G_STMT_END

static void
test_sort (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);
  g_autoptr(HtCallTree) tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtCallTree) bottom_up = ht_call_tree_new_bottom_up (analysis);
  HtCallTreeNode *root = ht_call_tree_get_root (tree);
  HtCallTreeNode *main_node = child_named (tree, root, "main");

  assert_children (tree, root, "main start_thread");
  assert_children (tree, main_node, "recurse other inline_outer 0x7000 0x7100");

  /* only the node's own children */
  ht_call_tree_node_sort_children (root, HT_COST_PEAK, FALSE);
  assert_children (tree, root, "start_thread main");
  assert_children (tree, main_node, "recurse other inline_outer 0x7000 0x7100");

  ht_call_tree_node_sort_children (root, HT_COST_ALLOCATIONS, TRUE);
  assert_children (tree, root, "main start_thread");
  /* ties keep the order of first appearance */
  assert_children (tree, main_node, "recurse other 0x7000 inline_outer 0x7100");

  ht_call_tree_node_sort_children (root, HT_COST_PEAK, TRUE);
  assert_children (tree, main_node, "0x7100 0x7000 other recurse inline_outer");

  ht_call_tree_node_sort_children (root, HT_COST_LEAKED, TRUE);
  assert_children (tree, main_node, "0x7000 0x7100 other recurse inline_outer");

  ht_call_tree_node_sort_children (root, HT_COST_TEMPORARY, TRUE);
  assert_children (tree, main_node, "recurse other inline_outer 0x7000 0x7100");

  root = ht_call_tree_get_root (bottom_up);
  ht_call_tree_node_sort_children (root, HT_COST_PEAK, TRUE);
  assert_children (bottom_up, root, "alloc 0x7100 0x7000 std::vector<>::push_back");
  assert_children (bottom_up, child_named (bottom_up, root, "alloc"), "other recurse");
  assert_children (bottom_up, child_named (bottom_up, child_named (bottom_up, root, "alloc"), "other"),
                   "start_thread main");
}

static char *
dump_caller_callee (HtCallerCallee *cc)
{
  GString *out = g_string_new (NULL);

  for (guint f = 0; f < ht_caller_callee_get_n_functions (cc); f++)
    {
      append_location (out, ht_caller_callee_get_display_name (cc, f, TRUE),
                       ht_caller_callee_get_file (cc, f),
                       ht_caller_callee_get_line (cc, f),
                       ht_caller_callee_get_module (cc, f));
      g_string_append (out, " incl");
      append_cost (out, ht_caller_callee_get_inclusive_cost (cc, f));
      g_string_append (out, " self");
      append_cost (out, ht_caller_callee_get_self_cost (cc, f));
      g_string_append_c (out, '\n');

      for (guint i = 0; i < ht_caller_callee_get_n_callers (cc, f); i++)
        {
          const HtCallerCalleeLink *link = ht_caller_callee_get_caller (cc, f, i);
          g_autofree char *name = ht_caller_callee_get_display_name (cc, link->function, TRUE);

          g_string_append_printf (out, "  <- %s", name);
          append_cost (out, &link->cost);
          g_string_append_c (out, '\n');
        }
      for (guint i = 0; i < ht_caller_callee_get_n_callees (cc, f); i++)
        {
          const HtCallerCalleeLink *link = ht_caller_callee_get_callee (cc, f, i);
          g_autofree char *name = ht_caller_callee_get_display_name (cc, link->function, TRUE);

          g_string_append_printf (out, "  -> %s", name);
          append_cost (out, &link->cost);
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_caller_callee (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);
  g_autoptr(HtCallerCallee) cc = ht_caller_callee_new (analysis);
  g_autoptr(HtCallTree) tree = ht_call_tree_new_bottom_up (analysis);
  g_autofree char *dump = dump_caller_callee (cc);
  g_autofree char *full = NULL;
  HtCallTreeNode *unresolved = child_named (tree, ht_call_tree_get_root (tree), "0x7100");
  HtCallSymbol start = { 9, 1, 0 };
  guint function = G_MAXUINT;

  /* recurse counts once per site, in its inclusive cost as in its call to itself */
  g_assert_cmpstr (dump, ==,
                   "alloc (prog.c:48) [/bin/prog] incl 6 3 1072 560 self 6 3 1072 560\n"
                   "  <- recurse 2 1 16 16\n"
                   "  <- other 4 2 1056 544\n"
                   "recurse (prog.c:32) [/bin/prog] incl 2 1 16 16 self 0 0 0 0\n"
                   "  <- recurse 2 1 16 16\n"
                   "  <- main 2 1 16 16\n"
                   "  -> alloc 2 1 16 16\n"
                   "  -> recurse 2 1 16 16\n"
                   "main (prog.c:16) [/bin/prog] incl 8 2 432 560 self 0 0 0 0\n"
                   "  -> recurse 2 1 16 16\n"
                   "  -> other 2 1 32 32\n"
                   "  -> inline_outer 1 0 0 0\n"
                   "  -> 0x7000 2 0 128 256\n"
                   "  -> 0x7100 1 0 256 256\n"
                   "other (prog.c:80) [/bin/prog] incl 4 2 1056 544 self 0 0 0 0\n"
                   "  <- main 2 1 32 32\n"
                   "  <- start_thread 2 1 1024 512\n"
                   "  -> alloc 4 2 1056 544\n"
                   "std::vector<>::push_back (prog.c:64) [/bin/prog] incl 1 0 0 0 self 1 0 0 0\n"
                   "  <- helper 1 0 0 0\n"
                   "helper (prog.c:65) [/bin/prog] incl 1 0 0 0 self 0 0 0 0\n"
                   "  <- inline_outer 1 0 0 0\n"
                   "  -> std::vector<>::push_back 1 0 0 0\n"
                   "inline_outer (prog.c:66) [/bin/prog] incl 1 0 0 0 self 0 0 0 0\n"
                   "  <- main 1 0 0 0\n"
                   "  -> helper 1 0 0 0\n"
                   "0x7000 [/bin/prog] incl 2 0 128 256 self 2 0 128 256\n"
                   "  <- main 2 0 128 256\n"
                   "0x7100 [/bin/prog] incl 1 0 256 256 self 1 0 256 256\n"
                   "  <- main 1 0 256 256\n"
                   "start_thread [/lib/libc.so.6] incl 2 1 1024 512 self 0 0 0 0\n"
                   "  -> other 2 1 1024 512\n");
  g_assert_true (ht_caller_callee_get_analysis (cc) == analysis);

  full = ht_caller_callee_get_display_name (cc, 4, FALSE);
  g_assert_cmpstr (full, ==, "std::vector<int, std::allocator<int> >::push_back");
  g_assert_cmpstr (ht_caller_callee_get_function (cc, 4), ==, full);
  g_assert_null (ht_caller_callee_get_function (cc, 7));
  g_assert_cmphex (ht_caller_callee_get_address (cc, 7), ==, 0x7000);
  g_assert_cmphex (ht_caller_callee_get_address (cc, 0), ==, 0);
  g_assert_cmpuint (ht_caller_callee_get_symbol (cc, 0)->function, ==, 4);

  /* from a tree node to its function */
  g_assert_true (ht_caller_callee_find (cc, ht_call_tree_node_get_symbol (tree, unresolved), &function));
  g_assert_cmpuint (function, ==, 8);
  g_assert_false (ht_caller_callee_find (cc, &start, NULL));
}

static void
test_edge_cases (void)
{
  g_autoptr(HtAnalysis) analysis = load (edge_trace);
  g_autoptr(HtCallTree) bottom_up = ht_call_tree_new_bottom_up (analysis);
  g_autoptr(HtCallTree) top_down = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtCallerCallee) cc = ht_caller_callee_new (analysis);
  g_autofree char *bottom_up_dump = dump_tree (bottom_up);
  g_autofree char *top_down_dump = dump_tree (top_down);
  g_autofree char *cc_dump = dump_caller_callee (cc);
  HtCost self;

  g_assert_cmpuint (analysis->sites->len, ==, 3);

  /* the empty backtrace counts in the root only; lonely has no cost */
  g_assert_cmpstr (bottom_up_dump, ==,
                   "root 2 1 48 16\n"
                   "leaf (e.c:1) [/bin/e] 1 0 16 16\n"
                   "  main (e.c:2) [/bin/e] 1 0 16 16\n"
                   "    _start [/bin/e] 1 0 16 16\n");
  g_assert_cmpuint (ht_call_tree_get_n_nodes (bottom_up), ==, 3);

  g_assert_cmpstr (top_down_dump, ==,
                   "root 2 1 48 16\n"
                   "_start [/bin/e] 1 0 16 16\n"
                   "  main (e.c:2) [/bin/e] 1 0 16 16\n"
                   "    leaf (e.c:1) [/bin/e] 1 0 16 16\n");
  ht_call_tree_node_get_self_cost (ht_call_tree_get_root (top_down), &self);
  assert_cost (&self, 1, 1, 32, 0);

  g_assert_cmpstr (cc_dump, ==,
                   "leaf (e.c:1) [/bin/e] incl 1 0 16 16 self 1 0 16 16\n"
                   "  <- main 1 0 16 16\n"
                   "main (e.c:2) [/bin/e] incl 1 0 16 16 self 0 0 0 0\n"
                   "  <- _start 1 0 16 16\n"
                   "  -> leaf 1 0 16 16\n"
                   "_start [/bin/e] incl 1 0 16 16 self 0 0 0 0\n"
                   "  -> main 1 0 16 16\n");
}

static void
test_empty (void)
{
  g_autoptr(HtAnalysis) analysis = load ("v 10400 3\n");
  g_autoptr(HtCallTree) tree = ht_call_tree_new_top_down (analysis);
  g_autoptr(HtCallerCallee) cc = ht_caller_callee_new (analysis);

  g_assert_cmpuint (ht_call_tree_get_n_nodes (tree), ==, 0);
  g_assert_cmpuint (ht_call_tree_node_get_n_children (ht_call_tree_get_root (tree)), ==, 0);
  assert_cost (ht_call_tree_node_get_cost (ht_call_tree_get_root (tree)), 0, 0, 0, 0);
  ht_call_tree_node_sort_children (ht_call_tree_get_root (tree), HT_COST_PEAK, TRUE);
  g_assert_cmpuint (ht_caller_callee_get_n_functions (cc), ==, 0);
}

/* Many sites over a deep recursion: nodes are allocated in blocks, and
 * sorting and freeing must not recurse in C. */
static void
test_deep (void)
{
  g_autoptr(GString) text = g_string_new ("v 10400 3\ns 1 f\ni 10 0 1\ni 20 0 1\n");
  guint depth = 5000;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(HtCallTree) bottom_up = NULL;
  g_autoptr(HtCallTree) top_down = NULL;
  g_autoptr(HtCallerCallee) cc = NULL;
  HtCallTreeNode *node;
  guint levels = 0;

  /* f calls f calls f ... (trace 2i-1, i levels deep), and at each level
   * another IP of f allocates one byte (trace 2i, site i-1) */
  for (guint i = 1; i <= depth; i++)
    g_string_append_printf (text, "t 1 %x\nt 2 %x\na 1 %x\n+ %x\n", i == 1 ? 0 : 2 * i - 3,
                            2 * i - 1, 2 * i, i - 1);
  analysis = load (text->str);
  g_assert_cmpuint (analysis->sites->len, ==, depth);

  bottom_up = ht_call_tree_new_bottom_up (analysis);
  top_down = ht_call_tree_new_top_down (analysis);
  cc = ht_caller_callee_new (analysis);

  /* every site is a chain of f: one path, depth + 1 long */
  g_assert_cmpuint (ht_call_tree_get_n_nodes (bottom_up), ==, depth + 1);
  g_assert_cmpuint (ht_call_tree_get_n_nodes (top_down), ==, depth + 1);
  ht_call_tree_node_sort_children (ht_call_tree_get_root (top_down), HT_COST_ALLOCATIONS, TRUE);
  for (node = ht_call_tree_get_root (top_down); ht_call_tree_node_get_n_children (node) > 0;
       node = ht_call_tree_node_get_child (node, 0))
    {
      g_assert_cmpuint (ht_call_tree_node_get_n_children (node), ==, 1);
      g_assert_cmpint (ht_call_tree_node_get_cost (node)->allocations, ==, depth - (levels > 2 ? levels - 2 : 0));
      levels++;
    }
  g_assert_cmpuint (levels, ==, depth + 1);

  g_assert_cmpuint (ht_caller_callee_get_n_functions (cc), ==, 1);
  assert_cost (ht_caller_callee_get_inclusive_cost (cc, 0), depth, 0, depth, depth);
  g_assert_cmpuint (ht_caller_callee_get_n_callers (cc, 0), ==, 1);
  assert_cost (ht_caller_callee_get_self_cost (cc, 0), depth, 0, depth, depth);
  g_assert_cmpuint (ht_caller_callee_get_n_callers (cc, 0), ==, 1);
  g_assert_cmpuint (ht_caller_callee_get_caller (cc, 0, 0)->function, ==, 0);
  assert_cost (&ht_caller_callee_get_caller (cc, 0, 0)->cost, depth, 0, depth, depth);
}

/* Enough nodes to fill the first block of nodes and more than two huge
 * pages after it: each site its own unresolved IP, called from nowhere */
static void
test_wide (void)
{
  g_autoptr(GString) text = g_string_new ("v 10400 3\ns 1 m\n");
  guint n_sites = 60000;
  g_autoptr(HtAnalysis) analysis = NULL;

  for (guint i = 1; i <= n_sites; i++)
    g_string_append_printf (text, "i %x 1\nt %x 0\na %x %x\n+ %x\n", 0x10000 + i, i, i, i, i - 1);
  analysis = load (text->str);
  g_assert_cmpuint (analysis->sites->len, ==, n_sites);

  for (guint t = 0; t < 2; t++)
    {
      g_autoptr(HtCallTree) tree = t == 0 ? ht_call_tree_new_bottom_up (analysis)
                                          : ht_call_tree_new_top_down (analysis);
      HtCallTreeNode *root = ht_call_tree_get_root (tree);

      g_assert_cmpuint (ht_call_tree_get_n_nodes (tree), ==, n_sites);
      g_assert_cmpuint (ht_call_tree_node_get_n_children (root), ==, n_sites);
      assert_cost (ht_call_tree_node_get_cost (root), n_sites, 0, (gint64) n_sites * (n_sites + 1) / 2,
                   (gint64) n_sites * (n_sites + 1) / 2);
      /* site i allocated i bytes at the IP 0x10000 + i, in order */
      for (guint i = 0; i < n_sites; i++)
        {
          HtCallTreeNode *node = ht_call_tree_node_get_child (root, i);

          g_assert_true (ht_call_tree_node_get_parent (node) == root);
          g_assert_cmpuint (ht_call_tree_node_get_address (tree, node), ==, 0x10001 + i);
          assert_cost (ht_call_tree_node_get_cost (node), 1, 0, i + 1, i + 1);
        }
    }
}

/* A function selected in one tree is found in another: its costliest node
 * by the cost asked for, the nearest the root of equal ones */
static void
test_find_symbol (void)
{
  g_autoptr(HtAnalysis) analysis = load (program_trace);
  g_autoptr(HtCallTree) bottom_up = ht_call_tree_new_bottom_up (analysis);
  g_autoptr(HtCallTree) top_down = ht_call_tree_new_top_down (analysis);
  HtCallTreeNode *root = ht_call_tree_get_root (top_down);
  HtCallTreeNode *alloc = child_named (bottom_up, ht_call_tree_get_root (bottom_up), "alloc");
  const HtCallSymbol *symbol = ht_call_tree_node_get_symbol (bottom_up, alloc);
  HtCallSymbol unknown = { G_MAXUINT32, G_MAXUINT32, 1 };
  HtCallTreeNode *found;

  /* by peak: the one under start_thread (1024 bytes) */
  found = ht_call_tree_find_symbol (top_down, symbol, HT_COST_PEAK);
  g_assert_true (found == child_named (top_down, child_named (top_down, child_named (top_down, root, "start_thread"),
                                                              "other"), "alloc"));
  /* by calls, all three have 2: the first one three levels down */
  found = ht_call_tree_find_symbol (top_down, symbol, HT_COST_ALLOCATIONS);
  g_assert_true (found == child_named (top_down, child_named (top_down, child_named (top_down, root, "main"),
                                                              "other"), "alloc"));
  g_assert_null (ht_call_tree_find_symbol (top_down, &unknown, HT_COST_PEAK));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ht/call-tree/analysis", test_analysis);
  g_test_add_func ("/ht/call-tree/bottom-up/costs", test_bottom_up_costs);
  g_test_add_func ("/ht/call-tree/bottom-up/accessors", test_bottom_up_accessors);
  g_test_add_func ("/ht/call-tree/top-down/costs", test_top_down_costs);
  g_test_add_func ("/ht/call-tree/sort", test_sort);
  g_test_add_func ("/ht/call-tree/caller-callee", test_caller_callee);
  g_test_add_func ("/ht/call-tree/edge-cases", test_edge_cases);
  g_test_add_func ("/ht/call-tree/empty", test_empty);
  g_test_add_func ("/ht/call-tree/deep", test_deep);
  g_test_add_func ("/ht/call-tree/wide", test_wide);
  g_test_add_func ("/ht/call-tree/find-symbol", test_find_symbol);

  return g_test_run ();
}
