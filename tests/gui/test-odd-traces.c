/* test-odd-traces.c: every view on traces at the edges of what can be recorded
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Each trace is opened in the real window and every page
 * of the view stack is shown, a time range selected and filtered to, and
 * the heap at an instant asked for: a warning or a critical fails the test
 * (g_test_init () makes them fatal). Saves odd-empty-PAGE for the trace
 * without allocations.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-window.h"
#include "gui-test-util.h"

/* A trace of @n_stacks allocations, each from a stack of its own: 1,000
 * callers of 1,000 functions each */
static char *
many_stacks (guint n_stacks)
{
  GString *text = g_string_new ("v 10400 3\nX ./many\ns 4 main\n");
  guint width = 1000;

  for (guint f = 0; f < width; f++)
    g_string_append_printf (text, "s 5 fn%03u\n", f);
  /* IP i + 1 is fn(i) (string i + 2); IP 1001 is main */
  for (guint f = 0; f < width; f++)
    g_string_append_printf (text, "i %x 0 %x\n", 0x1000 + f, f + 2);
  g_string_append (text, "i 9000 0 1\n");
  /* trace 1 main, traces 2..1001 main > caller, then the leaves */
  g_string_append_printf (text, "t %x 0\n", width + 1);
  for (guint f = 0; f < width; f++)
    g_string_append_printf (text, "t %x 1\n", f + 1);
  for (guint s = 0; s < n_stacks; s++)
    g_string_append_printf (text, "t %x %x\n", (s % width) + 1, (s / width) % width + 2);
  for (guint s = 0; s < n_stacks; s++)
    g_string_append_printf (text, "a %x %x\n", 16 + s % 512, width + 2 + s);
  for (guint s = 0; s < n_stacks; s++)
    {
      g_string_append_printf (text, "+ %x\n", s);
      if (s % (n_stacks / 10) == 0)
        g_string_append_printf (text, "c %x\n", s / (n_stacks / 10) * 100);
    }
  return g_string_free (text, FALSE);
}

/* Opens @text as a trace and goes through every page and time action */
static void
visit (const char *name,
       const char *text,
       gboolean    screenshots)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-odd-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);
  g_autoptr(GListModel) pages = NULL;
  AdwViewStack *stack;
  HtSession *session;
  guint64 runtime;

  g_test_message ("%s", name);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");

  stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  pages = G_LIST_MODEL (adw_view_stack_get_pages (stack));
  g_assert_cmpuint (g_list_model_get_n_items (pages), >=, 4);
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      const char *page_name = adw_view_stack_page_get_name (page);

      ht_window_show_view (window, page_name);
      iterate (400);
      if (screenshots)
        {
          g_autofree char *shot = g_strconcat ("odd-empty-", page_name, NULL);
          save_screenshot (GTK_WIDGET (window), shot);
        }
    }

  /* the second half of the run, whatever the run is; then the heap in its middle */
  session = ht_window_get_session (window);
  runtime = ht_document_get_analysis (ht_session_get_document (session))->runtime;
  ht_session_select_time (session, runtime / 2, runtime);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.filter-to-selection", NULL));
  while (ht_session_get_loading (session))
    iterate (20);
  iterate (200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.heap-at-instant", "t", runtime / 2));
  while (ht_session_get_loading (session))
    iterate (20);
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);

      ht_window_show_view (window, adw_view_stack_page_get_name (page));
      iterate (200);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-whole", NULL));
  iterate (200);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_no_allocations (void)
{
  visit ("none.trace", "v 10400 3\nX ./none\nc 5\nc a\n", TRUE);
}

static void
test_one_event (void)
{
  visit ("one.trace", "v 10400 3\nX ./one\ns 4 main\ni 10 0 1\nt 1 0\na 40 1\n+ 0\n", FALSE);
}

static void
test_no_timestamps (void)
{
  visit ("untimed.trace",
         "v 10400 3\nX ./untimed\ns 4 main\ni 10 0 1\nt 1 0\na 40 1\na 8 1\n+ 0\n+ 1\n- 0\n+ 0\n", FALSE);
}

static void
test_runtime_zero (void)
{
  visit ("instant.trace", "v 10400 3\nX ./instant\ns 4 main\ni 10 0 1\nt 1 0\na 40 1\nc 0\n+ 0\n- 0\n", FALSE);
}

/* a million in the normal build; the sanitized one is ten times slower */
#ifdef __SANITIZE_ADDRESS__
#define MANY_STACKS 100000
#else
#define MANY_STACKS 1000000
#endif

static void
test_many_stacks (void)
{
  g_autofree char *text = many_stacks (MANY_STACKS);

  visit ("many.trace", text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ht/gui/odd/no-allocations", test_no_allocations);
  g_test_add_func ("/ht/gui/odd/one-event", test_one_event);
  g_test_add_func ("/ht/gui/odd/no-timestamps", test_no_timestamps);
  g_test_add_func ("/ht/gui/odd/runtime-zero", test_runtime_zero);
  g_test_add_func ("/ht/gui/odd/many-stacks", test_many_stacks);
  return g_test_run ();
}
