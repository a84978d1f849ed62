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

#include "ht-application.h"
#include "ht-settings.h"
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

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "about", about_action },
  { "preferences", preferences_action },
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
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

/* Options this process answers itself, before any window or D-Bus */
static int
ht_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("heaptrack-gtk %s\n", PACKAGE_VERSION);
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
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows where a program's heap memory went, from "
                                              "heaptrack traces (.zst, .gz or plain). Each FILE "
                                              "opens in a window of its own; a trace already "
                                              "open comes to the front."));
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

HtApplication *
ht_application_new (void)
{
  return g_object_new (HT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/heaptrackgtk/HeaptrackGtk",
                       NULL);
}
