/* bench-window.h: the real window, timed, for the benchmarks that drive it
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gui-bench and live-stall open a trace in the window as heaptrack-gtk
 * does, and measure how long the main loop does not answer a 1 ms timer
 * (tick_cb () with g_timeout_add (1, …) keeps longest_gap).
 */

#pragma once

#include "ht-application.h"
#include "ht-window.h"

static gint64 last_tick;
static gint64 longest_gap;

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Checks the command line (one TRACE), sets up GTK as heaptrack-gtk does
 * and shows an empty window; NULL after the usage, for exit status 2 */
static inline HtWindow *
bench_window_new (int          argc,
                  const char  *program)
{
  HtWindow *window;

  if (argc != 2)
    {
      g_printerr ("usage: %s TRACE\n", program);
      return NULL;
    }
  /* as heaptrack-gtk does */
  ht_application_tune_malloc ();
  ht_application_avoid_software_gl ();
  gtk_init ();
  adw_init ();

  window = ht_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
