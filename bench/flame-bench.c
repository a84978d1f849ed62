/* flame-bench.c: how long the flame graph takes to lay out and paint
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a synthetic trace of about 100,000 call tree nodes (one function
 * each, random sizes with a long tail, stacks a few dozen deep), loads it
 * through the model as the application does, then times what the flame
 * graph widget does after a zoom and after a resize: a new layout
 * (ht_flame_layout_new) and a full paint (ht_flame_graph_paint) on a
 * cairo image surface of 1920×1080 (1600×900 every other resize). Prints
 * the median and the maximum of RUNS runs of each, in milliseconds, of
 * the wall-clock time and of the thread's CPU time (which other programs
 * on a busy machine disturb less), and the layout's share.
 *
 * Usage: flame-bench [NODES [RUNS]]   (defaults 100000 and 50)
 * See bench/README.md.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pango/pangocairo.h>

#include "ht-analysis.h"
#include "ht-call-tree.h"
#include "ht-flame-graph-painter.h"
#include "ht-flame-graph.h"

#define N_MODULES 6
#define ROW 18

/* The trace, in the heaptrack format's text (docs/trace-format.md): each
 * node its own string, IP and trace node, with one allocation that is
 * never freed, so peak = leaked = the sum of the sizes */
static GBytes *
make_trace (guint n_nodes)
{
  GString *text = g_string_new ("v 10400 3\n");
  GRand *rand = g_rand_new_with_seed (42);

  for (guint m = 0; m < N_MODULES; m++)
    {
      g_autofree char *name = g_strdup_printf ("/usr/lib/libbench%u.so", m);

      g_string_append_printf (text, "s %zx %s\n", strlen (name), name);
    }
  for (guint i = 1; i <= n_nodes; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench::function_%u(int, char const*)", i);
      guint parent;
      double r = g_rand_double (rand);
      guint64 size = 16 + (guint64) (r * r * r * r * r * r * r * r * 1e6);

      /* mostly a callee of one of the last few nodes (deep stacks), now and
       * then of any node before (bushy levels) */
      if (i == 1 || g_rand_double (rand) < 0.3)
        parent = g_rand_int_range (rand, 0, i);
      else
        parent = i - 1 - (guint) g_rand_int_range (rand, 0, MIN (i - 1, 4));
      g_string_append_printf (text, "s %zx %s\n", strlen (name), name);
      g_string_append_printf (text, "i %x %x %x\n", 0x1000 + i * 16, 1 + i % N_MODULES, N_MODULES + i);
      g_string_append_printf (text, "t %x %x\n", i, parent);
      g_string_append_printf (text, "a %" G_GINT64_MODIFIER "x %x\n", size, i);
      g_string_append_printf (text, "+ %x\n", i - 1);
    }
  g_rand_free (rand);
  return g_string_free_to_bytes (text);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* One layout and paint, as the widget makes them; returns milliseconds,
 * the thread's CPU time in @cpu, and the layout's wall time in @layout_ms */
static double
layout_and_paint (HtFlameLabels  *labels,
                  HtCallTree     *tree,
                  HtCallTreeNode *zoom,
                  int             width,
                  int             height,
                  double         *cpu,
                  double         *layout_ms,
                  guint          *n_frames)
{
  HtFlamePaintOptions options = { ROW, FALSE, FALSE, FALSE, FALSE, labels };
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_ms ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(HtFlameLayout) layout = ht_flame_layout_new (tree, zoom, HT_COST_PEAK, width, 0, FALSE);

  *layout_ms = (g_get_monotonic_time () - start) / 1000.0;
  ht_flame_graph_paint (cr, layout, width, height, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
  *n_frames = layout->frames->len;
  *cpu = cpu_ms () - cpu_start;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
warm_up_fonts (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 100, 20);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "heaptrack", -1);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
report (const char *what,
        double     *ms,
        double     *cpu,
        double     *layout_ms,
        guint       runs,
        guint       n_frames)
{
  qsort (ms, runs, sizeof (double), compare_doubles);
  qsort (cpu, runs, sizeof (double), compare_doubles);
  qsort (layout_ms, runs, sizeof (double), compare_doubles);
  g_print ("%-6s wall median %6.2f max %6.2f | CPU median %6.2f max %6.2f | layout median %5.2f max %5.2f ms"
           " | %u frames\n",
           what, ms[runs / 2], ms[runs - 1], cpu[runs / 2], cpu[runs - 1], layout_ms[runs / 2],
           layout_ms[runs - 1], n_frames);
}

int
main (int    argc,
      char **argv)
{
  guint n_nodes = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 50;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HtTraceReader) reader = NULL;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtCallTree) tree = NULL;
  g_autofree double *ms = NULL;
  g_autofree double *layout_ms = NULL;
  g_autofree double *cpu = NULL;
  g_autoptr(HtFlameLabels) labels = ht_flame_labels_new ();
  HtCallTreeNode *zooms[3];
  guint n_frames = 0;

  if (n_nodes == 0 || runs == 0)
    {
      g_printerr ("usage: flame-bench [NODES [RUNS]]\n");
      return 2;
    }
  ms = g_new (double, runs);
  layout_ms = g_new (double, runs);
  cpu = g_new (double, runs);
  bytes = make_trace (n_nodes);
  reader = ht_trace_reader_new_for_bytes (bytes, "flame-bench.trace");
  analysis = ht_analysis_load_reader (reader, NULL, NULL, NULL, NULL, &error);
  if (analysis == NULL)
    {
      g_printerr ("flame-bench: %s\n", error->message);
      return 1;
    }
  tree = ht_call_tree_new_top_down (analysis);
  g_print ("call tree: %u nodes, %u allocation sites\n", ht_call_tree_get_n_nodes (tree), analysis->sites->len);

  /* zooming in: the whole tree, the costliest root, one of its children */
  ht_call_tree_node_sort_children (ht_call_tree_get_root (tree), HT_COST_PEAK, TRUE);
  zooms[0] = NULL;
  zooms[1] = ht_call_tree_node_get_child (ht_call_tree_get_root (tree), 0);
  zooms[2] = ht_call_tree_node_get_n_children (zooms[1]) > 0 ? ht_call_tree_node_get_child (zooms[1], 0) : zooms[1];

  /* The first paint, as the view's first frame, shapes the name of every
   * frame it labels; the zooms after it shape only the names that come into
   * view (the second and third zoom, into nodes not seen before). In the
   * application the window has drawn text before the flame graph does:
   * fontconfig is set up and the font loaded, which this program does
   * first, untimed, by drawing one word in the painter's font. */
  warm_up_fonts ();
  {
    double first_cpu, first_layout;
    double first = layout_and_paint (labels, tree, NULL, 1920, 1080, &first_cpu, &first_layout, &n_frames);

    g_print ("first  wall %6.2f | CPU %6.2f | layout %5.2f ms | %u frames\n",
             first, first_cpu, first_layout, n_frames);
  }
  for (guint i = 0; i < runs; i++)
    {
      ms[i] = layout_and_paint (labels, tree, zooms[(i + 1) % 3], 1920, 1080, &cpu[i], &layout_ms[i], &n_frames);
      if (i < 2)
        g_print ("zoom %u wall %6.2f | CPU %6.2f ms (into a node not shown before)\n", i + 1, ms[i], cpu[i]);
    }
  report ("zoom", ms, cpu, layout_ms, runs, n_frames);

  for (guint i = 0; i < runs; i++)
    ms[i] = i % 2 ? layout_and_paint (labels, tree, NULL, 1600, 900, &cpu[i], &layout_ms[i], &n_frames)
                  : layout_and_paint (labels, tree, NULL, 1920, 1080, &cpu[i], &layout_ms[i], &n_frames);
  report ("resize", ms, cpu, layout_ms, runs, n_frames);
  return 0;
}
