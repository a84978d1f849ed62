/* ht-application.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-application"

#include "config.h"

#include <malloc.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ht-application.h"
#include "ht-compare-window.h"
#include "ht-document.h"
#include "ht-settings.h"
#include "ht-trace-follower.h"
#include "ht-window.h"

struct _HtApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (HtApplication, ht_application, ADW_TYPE_APPLICATION)

static void
ht_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ht_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
}

/* One window per trace; a trace already open is brought to the front. */
static void
ht_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      HtWindow *target = NULL;

      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
        {
          HtWindow *window = HT_IS_WINDOW (l->data) ? l->data : NULL;
          GFile *file = window ? ht_window_get_file (window) : NULL;

          if (file != NULL && g_file_equal (file, files[i]))
            target = window;
          else if (target == NULL && window != NULL && file == NULL)
            target = window;   /* an empty start window takes the trace */
        }

      if (target == NULL)
        target = ht_window_new (GTK_APPLICATION (app));
      if (ht_window_get_file (target) == NULL || !g_file_equal (ht_window_get_file (target), files[i]))
        ht_window_open (target, files[i]);
      gtk_window_present (GTK_WINDOW (target));
    }
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (ht_window_new (user_data)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The heaptrack-gtk authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Heaptrack"),
                         "application-icon", APP_ID,
                         "developer-name", "The heaptrack-gtk authors",
                         "version", PACKAGE_VERSION,
                         "comments", _("A heap memory profiler for C, C++ and Rust programs on Linux. "
                                       "It reads the traces of KDE's heaptrack."),
                         "website", "https://github.com/heaptrackgtk/heaptrack-gtk",
                         "issue-url", "https://github.com/heaptrackgtk/heaptrack-gtk/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your name, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ht_show_preferences (gtk_application_get_active_window (user_data));
}

/* The shortcuts window is built when asked for: GtkApplication would build
 * gtk/help-overlay.ui for every window as it is made, 10 ms of each
 * window's start */
static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/heaptrackgtk/HeaptrackGtk/ht-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_hide_on_close (window, FALSE);
  gtk_window_set_transient_for (window, gtk_application_get_active_window (user_data));
  gtk_window_present (window);
}

/* A window that records asks before it closes: then every window is
 * closed as if by the user, and the application ends with the last */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (user_data));
  gboolean recording = FALSE;

  for (GList *l = windows; l != NULL; l = l->next)
    recording |= HT_IS_WINDOW (l->data) && ht_window_is_recording (l->data);
  if (!recording)
    {
      g_application_quit (G_APPLICATION (user_data));
      return;
    }
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/* FILE as a URI: a trace being written, shown as it grows; --follow asks
 * for it, maybe from another process over D-Bus */
static void
follow_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  HtWindow *target = NULL;

  /* an empty start window takes it, as it takes a trace to open */
  for (GList *l = gtk_application_get_windows (user_data); l != NULL && target == NULL; l = l->next)
    if (HT_IS_WINDOW (l->data) && g_strcmp0 (ht_window_get_state (l->data), "start") == 0)
      target = l->data;
  if (target == NULL)
    target = ht_window_new (user_data);
  ht_window_follow (target, file);
  gtk_window_present (GTK_WINDOW (target));
}

/* (BASE, FILE) as URIs: a comparison window; --diff asks for it, maybe
 * from another process over D-Bus */
static void
compare_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  const char *base_uri, *file_uri;
  g_autoptr(GFile) base = NULL;
  g_autoptr(GFile) file = NULL;
  HtCompareWindow *window = ht_compare_window_new (user_data);

  g_variant_get (parameter, "(&s&s)", &base_uri, &file_uri);
  base = g_file_new_for_uri (base_uri);
  file = g_file_new_for_uri (file_uri);
  ht_compare_window_open (window, base, file);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "compare", compare_action, "(ss)" },
  { "follow", follow_action, "s" },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "quit", quit_action },
};

static void
ht_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *help_accels[] = { "F1", "<Control>question", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ht_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

/* Options this process answers itself, before any window or D-Bus */
static int
ht_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree const char **args = NULL;
  const char *base = NULL;
  const char *follow = NULL;
  g_autoptr(GError) error = NULL;
  guint n_args;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("heaptrack-gtk %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* The files are taken here rather than by GApplication, which would open
   * them one by one: with --diff, FILE is the other side of a comparison. */
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &args);
  g_variant_dict_lookup (options, "diff", "^&ay", &base);
  g_variant_dict_lookup (options, "follow", "^&ay", &follow);
  n_args = args != NULL ? g_strv_length ((char **) args) : 0;
  if (follow != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (follow);
      g_autofree char *uri = g_file_get_uri (file);

      if (base != NULL || n_args > 0)
        {
          g_printerr (_("--follow FILE takes no other trace\n"));
          return 1;
        }
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "follow", g_variant_new_string (uri));
      return g_application_get_is_remote (app) ? 0 : -1;
    }
  if (base == NULL && n_args == 0)
    return -1;
  if (base != NULL && n_args != 1)
    {
      g_printerr (_("--diff BASE takes exactly one FILE to compare with BASE\n"));
      return 1;
    }
  /* The first trace is read while GTK starts and the window is built,
   * which take some 0.1 s of one core; a second instance hands its files to
   * the first and drops it. */
  if (base == NULL)
    {
      g_autoptr(GFile) first = g_file_new_for_commandline_arg (args[0]);

      /* a trace still being written is followed, not read at once */
      if (g_file_peek_path (first) == NULL || !ht_trace_is_being_written (g_file_peek_path (first)))
        ht_document_prefetch (first);
    }
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      ht_document_drop_prefetch ();
      return 1;
    }

  if (base != NULL)
    {
      g_autoptr(GFile) a = g_file_new_for_commandline_arg (base);
      g_autoptr(GFile) b = g_file_new_for_commandline_arg (args[0]);
      g_autofree char *a_uri = g_file_get_uri (a);
      g_autofree char *b_uri = g_file_get_uri (b);

      g_action_group_activate_action (G_ACTION_GROUP (app), "compare", g_variant_new ("(ss)", a_uri, b_uri));
    }
  else
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n_args; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (args[i]));
      g_application_open (app, (GFile **) files->pdata, files->len, "");
    }
  /* a second instance has handed everything to the first; the first goes
   * on to activate, which brings the window just opened to the front */
  if (g_application_get_is_remote (app))
    {
      ht_document_drop_prefetch ();
      return 0;
    }
  return -1;
}

static void
ht_application_class_init (HtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ht_application_activate;
  app_class->open = ht_application_open;
  app_class->startup = ht_application_startup;
  app_class->handle_local_options = ht_application_handle_local_options;
}

static void
ht_application_init (HtApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
    { "diff", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Compare FILE with BASE, the trace before: what changed from BASE to FILE"), N_("BASE") },
    { "follow", 'f', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Show FILE, a trace still being written, as it grows; it may not exist yet"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows where a program's heap memory went, from "
                                              "heaptrack traces (.zst, .gz or plain). Each FILE "
                                              "opens in a window of its own; a trace already "
                                              "open comes to the front. With --diff BASE, one "
                                              "FILE is compared with BASE in a window of its own. "
                                              "A trace that heaptrack-gtk-record is still writing "
                                              "is shown as it grows, as with --follow."));
}

/**
 * ht_application_tune_malloc:
 *
 * Call it first thing in main (). Opening a trace allocates and frees big
 * blocks by the hundred (the reader's arrays as they grow, cairo's surfaces
 * for the first frames); glibc hands those back to the kernel as they are
 * freed, and the next such block faults its pages in anew: a fault costs
 * some 15 µs in the VMs we measure on. Kept in the heap instead, they make
 * the deep bench trace ready about 10 % sooner, for some 5 MiB more. A
 * document gives its memory back when it goes (ht-document.c).
 */
void
ht_application_tune_malloc (void)
{
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024);
}

/* A GPU that Mesa or NVIDIA's driver can render on: a device we may open */
static gboolean
has_gpu (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (g_access ("/dev/nvidia0", R_OK | W_OK) == 0)
    return TRUE;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/dev/dri", name, NULL);

      if (g_str_has_prefix (name, "renderD") && g_access (path, R_OK | W_OK) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * ht_application_avoid_software_gl:
 *
 * Call it in main () before GTK starts. Without a GPU (a VM, a remote X
 * server, Xvfb) GDK's GL is Mesa's software rasterizer, which GDK 4.8
 * loads when it opens the display: some 55 MiB more memory and a slower
 * start, to draw views that cairo draws anyway. GTK stops using GL on
 * software rasterizers from 4.14 on; 4.8 must be told, with GDK_DEBUG's
 * gl-disable. A user's own GDK_DEBUG, or a GSK_RENDERER other than cairo,
 * is left alone.
 */
void
ht_application_avoid_software_gl (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");

  if (g_getenv ("GDK_DEBUG") != NULL || (renderer != NULL && g_strcmp0 (renderer, "cairo") != 0))
    return;
  if (has_gpu ())
    return;
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  /* or GSK tries GL for every window, and says it cannot */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

HtApplication *
ht_application_new (void)
{
  return g_object_new (HT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/heaptrackgtk/HeaptrackGtk",
                       NULL);
}
