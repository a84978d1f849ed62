/* ht-settings.c: preferences, and opening a source location with them
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-settings"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-editor.h"
#include "ht-settings.h"

/**
 * ht_settings_get:
 *
 * Returns: (transfer none) (nullable): the application's settings, %NULL
 *   when the schema is not installed (run from the build tree without
 *   GSETTINGS_SCHEMA_DIR): preferences then keep their defaults
 */
GSettings *
ht_settings_get (void)
{
  static GSettings *settings;

  if (settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

      if (schema != NULL)
        settings = g_settings_new_full (schema, NULL, NULL);
    }
  return settings;
}

static void
show_error (GtkWidget  *parent,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ht_open_location:
 *
 * Opens @file at @line with the editor command of the preferences, run
 * without a shell, or else with the desktop's default application.
 */
void
ht_open_location (GtkWidget  *parent,
                  const char *file,
                  guint       line)
{
  GSettings *settings = ht_settings_get ();
  g_autofree char *command = settings ? g_settings_get_string (settings, "editor-command") : NULL;
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(GError) error = NULL;

  if (!g_file_query_exists (gfile, NULL))
    {
      g_autofree char *body = g_strdup_printf (_("“%s” does not exist on this computer. Traces name source files "
                                                 "as the compiler saw them, which may be relative to the "
                                                 "build folder."), file);
      show_error (parent, _("Source File Not Found"), body);
      return;
    }

  if (command != NULL && *command != '\0')
    {
      g_auto(GStrv) argv = ht_editor_build_argv (command, file, line, &error);
      g_autoptr(GSubprocess) proc = NULL;

      if (argv != NULL)
        proc = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (gfile);

      g_app_info_launch_default_for_uri (uri, NULL, &error);
    }

  if (error != NULL)
    show_error (parent, _("Cannot Open the Editor"), error->message);
}

/**
 * ht_show_preferences:
 *
 * The preferences window: the editor command.
 */
void
ht_show_preferences (GtkWindow *parent)
{
  GSettings *settings = ht_settings_get ();
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Source Code"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("How “Open in Editor” opens a source location. %f stands for the "
                                           "file, %l for the line; no shell is involved. Leave it empty to use "
                                           "the desktop’s default application."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Editor Command"));
  gtk_widget_set_tooltip_text (row, _("For example: gnome-text-editor +%l %f"));
  if (settings != NULL)
    g_settings_bind (settings, "editor-command", row, "text", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (row, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}
