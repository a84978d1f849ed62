/* gui-bench.c: how soon a trace is ready in the window, and how responsive
 * the window stays meanwhile
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens TRACE in the real window and prints, in milliseconds:
 *   first   from the open to the summary drawn
 *   ready   from the open to every page computed and drawn: each shown in
 *           turn (summary, trees, caller/callee, flame graph, charts once
 *           their second reading is done, sizes)
 *   stall   the longest time the main loop did not answer a 1 ms timer
 *           until then
 *   expand  expanding the first row of the bottom-up tree, drawn
 *   filter  from "Filter to Selection" on the last tenth of the run to every
 *           page filled with that window and drawn: the summary, then,
 *           once the window is idle (the pages looked at before load the
 *           window off screen then), each other page in turn, as a user
 *           would look at them
 *   fstall  the longest time the main loop did not answer while filtering
 * "Drawn" means until the first frame begun after the change is painted.
 * Run it under Xvfb; bench/gui-bench.sh does, several times.
 */

#include "config.h"

#include "bench-window.h"
#include "ht-charts-page.h"
#include "ht-tree-view.h"

static gboolean
idle_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until it has nothing left to do but lowest-priority
 * idle work */
static void
wait_idle (void)
{
  gboolean idle = FALSE;

  g_idle_add_full (G_PRIORITY_LOW, idle_cb, &idle, NULL);
  while (!idle)
    g_main_context_iteration (NULL, TRUE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *painted)
{
  *painted = gdk_frame_clock_get_frame_counter (clock);
}

/* Runs the main loop until a frame begun after this call has been painted */
static void
settle (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 frame, painted = 0;
  gulong handler;

  if (clock == NULL)
    return;
  frame = gdk_frame_clock_get_frame_counter (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (painted <= frame)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  HtWindow *window;
  static const char * const all_views[] = { "summary", "bottom-up", "top-down", "caller-callee",
                                             "flame-graph", "charts", "histogram" };
  gint64 start, first, ready, expand_start, expand, filter_start, filter, filter_stall;
  gint64 longest_gap_at_ready;
  HtSession *session;
  HtAnalysis *whole;
  guint tick;

  window = bench_window_new (argc, "gui-bench");
  if (window == NULL)
    return 2;
  settle (GTK_WIDGET (window));

  file = g_file_new_for_commandline_arg (argv[1]);
  last_tick = start = g_get_monotonic_time ();
  tick = g_timeout_add (1, tick_cb, NULL);
  ht_window_open (window, file);
  while (g_strcmp0 (ht_window_get_state (window), "loading") == 0)
    g_main_context_iteration (NULL, TRUE);
  if (g_strcmp0 (ht_window_get_state (window), "content") != 0)
    {
      g_printerr ("gui-bench: %s did not open\n", argv[1]);
      return 1;
    }
  settle (GTK_WIDGET (window));
  first = g_get_monotonic_time () - start;
  for (guint i = 0; i < G_N_ELEMENTS (all_views); i++)
    {
      ht_window_show_view (window, all_views[i]);
      settle (GTK_WIDGET (window));
      if (g_str_equal (all_views[i], "charts"))
        {
          HtChartsPage *charts = HT_CHARTS_PAGE (ht_window_get_view (window, "charts"));

          while (g_strcmp0 (ht_charts_page_get_state (charts), "charts") != 0)
            g_main_context_iteration (NULL, TRUE);
          settle (GTK_WIDGET (window));
        }
    }
  ready = g_get_monotonic_time () - start;
  tick_cb (NULL);
  g_source_remove (tick);
  longest_gap_at_ready = longest_gap;

  ht_window_show_view (window, "bottom-up");
  settle (GTK_WIDGET (window));
  expand_start = g_get_monotonic_time ();
  ht_tree_view_expand_first (HT_TREE_VIEW (ht_window_get_view (window, "bottom-up")), 1);
  settle (GTK_WIDGET (window));
  expand = g_get_monotonic_time () - expand_start;

  /* the last tenth of the run, selected as a drag across a chart does */
  ht_window_show_view (window, "summary");
  settle (GTK_WIDGET (window));
  session = ht_window_get_session (window);
  whole = ht_document_get_analysis (ht_session_get_document (session));
  ht_session_select_time (session, whole->runtime - whole->runtime / 10, whole->runtime);
  settle (GTK_WIDGET (window));
  longest_gap = 0;
  last_tick = filter_start = g_get_monotonic_time ();
  tick = g_timeout_add (1, tick_cb, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter-to-selection", NULL);
  while (ht_session_get_loading (session))
    g_main_context_iteration (NULL, TRUE);
  /* the user reads the filtered summary before turning to another page:
   * meanwhile, the pages looked at before load the window (ht-view.c) */
  wait_idle ();
  for (guint i = 0; i < G_N_ELEMENTS (all_views); i++)
    {
      ht_window_show_view (window, all_views[i]);
      settle (GTK_WIDGET (window));
    }
  filter = g_get_monotonic_time () - filter_start;
  tick_cb (NULL);
  g_source_remove (tick);
  filter_stall = longest_gap;
  if (ht_session_get_view_document (session) == ht_session_get_document (session))
    {
      g_printerr ("gui-bench: filtering %s failed\n", argv[1]);
      return 1;
    }

  g_print ("ready %.1f stall %.1f first %.1f expand %.1f filter %.1f fstall %.1f\n",
           ready / 1000.0, longest_gap_at_ready / 1000.0, first / 1000.0, expand / 1000.0,
           filter / 1000.0, filter_stall / 1000.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
