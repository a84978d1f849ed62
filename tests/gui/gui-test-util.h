/* gui-test-util.h: what the gui tests share: the main loop, screenshots, a window on a fixture
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screenshots go into the build's tests/screenshots/ folder, named after
 * what they show.
 */

#pragma once

#include <gtk/gtk.h>

#include <adwaita.h>

#include "ht-window.h"

static inline void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Pumps the main loop until @window leaves the loading page, measuring the
 * longest time one iteration took: the window must stay responsive. */
static inline gint64
wait_loaded (HtWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 longest = 0;

  while (g_strcmp0 (ht_window_get_state (window), "loading") == 0)
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_assert_cmpint (start, <, deadline);
      g_usleep (1000);
    }
  return longest;
}

/* The widget as the user sees it, drawn in-process: no screen grabber needed */
static inline GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width == 0 || height == 0)
    return NULL;
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static inline void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GdkTexture) texture = NULL;

  /* a slow (sanitized) build may need a while to map and draw the window */
  while ((texture = render (widget)) == NULL && g_get_monotonic_time () < deadline)
    iterate (50);
  g_assert_nonnull (texture);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static inline HtWindow *
open_window (const char *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  return window;
}

/* The open window of @type (a dialog the test opened through an action),
 * NULL if none is open */
static inline GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

/* The first widget of @type inside @widget, depth first, that @accept
 * takes (any if %NULL) */
static inline GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             gboolean  (*accept) (GtkWidget *))
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (accept == NULL || accept (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, accept);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The controller of @type on @widget (for a gesture, of @button) */
static inline GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type,
                 guint      button)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type)
          && (button == 0 || gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (c)) == button))
        return c;
    }
  g_assert_not_reached ();
}

/* The text of every label shown inside @widget, one per line: what a
 * screen reader reads of it */
static inline void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static inline char *
widget_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

/* Sets up GTK and libadwaita as the application does; FALSE, with the
 * tests to come skipped, without a display */
static inline gboolean
gui_test_init (int    *argc,
               char ***argv)
{
  g_test_init (argc, argv, NULL);
  /* meson can only set variables: a user's theme would restyle every view */
  g_unsetenv ("GTK_THEME");

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return FALSE;
    }
  adw_init ();
  /* as GtkApplication would, for the application icon */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/heaptrackgtk/HeaptrackGtk/icons");
  return TRUE;
}

/* The item selected in the first list of @view */
static inline gpointer
selected_item (GtkWidget *view)
{
  GtkColumnView *list = GTK_COLUMN_VIEW (find_widget (view, GTK_TYPE_COLUMN_VIEW, NULL));

  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_column_view_get_model (list)));
}
