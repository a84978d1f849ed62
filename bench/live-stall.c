/* live-stall.c: how responsive the window stays while it follows a trace
 * being written
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * live-stall TRACE: follows TRACE (which may not exist yet) in the real
 * window, as `heaptrack-gtk --follow TRACE` does, until its writer is done
 * and the whole trace has opened, and prints, in milliseconds:
 *   stall   the longest time the main loop did not answer a 1 ms timer
 *           while the window was live (the file growing)
 *   live    how long the window was live
 * and the live view's refreshes per second (new figures: the time recorded
 * moved on) from the first to the last. Run it under Xvfb while a recorder writes TRACE;
 * bench/live-bench.sh does.
 */

#include "config.h"

#include "bench-window.h"
#include "ht-live-view.h"

/* the window's live view */
static HtLiveView *
find_live_view (GtkWidget *widget)
{
  if (HT_IS_LIVE_VIEW (widget))
    return HT_LIVE_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HtLiveView *found = find_live_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* One iteration of the main loop; counts the live figures that changed */
static gint64 last_refresh;  /* when the figures last changed, µs */

static void
iterate (HtLiveView *view,
         guint64    *last_time,
         guint      *refreshes)
{
  HtAnalysisTotals totals;

  g_main_context_iteration (NULL, TRUE);
  if (ht_live_view_get_totals (view, &totals) && totals.time != *last_time)
    {
      *last_time = totals.time;
      (*refreshes)++;
      last_refresh = g_get_monotonic_time ();
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  HtWindow *window;
  HtLiveView *view;
  gint64 live_start = 0, live_end;
  guint64 last_time = G_MAXUINT64;
  guint refreshes = 0;

  window = bench_window_new (argc, "live-stall");
  if (window == NULL)
    return 2;
  file = g_file_new_for_commandline_arg (argv[1]);
  ht_window_follow (window, file);
  view = find_live_view (GTK_WIDGET (window));

  /* the stall counts from the first figures on: GTK's start before is
   * the same for any trace */
  while (refreshes == 0 && g_strcmp0 (ht_window_get_state (window), "live") == 0)
    iterate (view, &last_time, &refreshes);
  refreshes = 0;
  live_start = last_tick = g_get_monotonic_time ();
  g_timeout_add (1, tick_cb, NULL);
  while (g_strcmp0 (ht_window_get_state (window), "live") == 0)
    iterate (view, &last_time, &refreshes);
  live_end = g_get_monotonic_time ();
  while (g_strcmp0 (ht_window_get_state (window), "loading") == 0)
    g_main_context_iteration (NULL, TRUE);

  /* the cadence while the figures moved: from the first refresh to the
   * last, not the moments after the program ended */
  g_print ("stall %.1f live %.0f refreshes/s %.1f state %s\n", longest_gap / 1000.0,
           (live_end - live_start) / 1000.0,
           last_refresh > live_start ? refreshes / ((last_refresh - live_start) / (double) G_USEC_PER_SEC) : 0.0,
           ht_window_get_state (window));
  return g_strcmp0 (ht_window_get_state (window), "content") == 0 ? 0 : 1;
}
