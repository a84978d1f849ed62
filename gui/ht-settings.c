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
#include "ht-recorder-process.h"
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

static void
update_trace_folder_row (AdwActionRow *row)
{
  GSettings *settings = ht_settings_get ();
  g_autofree char *folder = ht_recorder_default_folder ();
  g_autofree char *setting = g_settings_get_string (settings, "trace-folder");
  GtkWidget *reset = g_object_get_data (G_OBJECT (row), "reset-button");

  adw_action_row_set_subtitle (row, folder);
  gtk_widget_set_visible (reset, setting[0] != '\0');
}

/**
 * ht_chooser_get_path:
 *
 * Returns: (transfer full) (nullable): the local path the user accepted in
 *   @chooser, %NULL when cancelled or not a local file
 */
char *
ht_chooser_get_path (GtkFileChooserNative *chooser,
                     int                   response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  return file ? g_file_get_path (file) : NULL;
}

static void
trace_folder_chosen_cb (GtkFileChooserNative *chooser,
                        int                   response)
{
  g_autofree char *path = ht_chooser_get_path (chooser, response);

  if (path != NULL)
    g_settings_set_string (ht_settings_get (), "trace-folder", path);
  g_object_unref (chooser);
}

static void
choose_trace_folder_cb (GtkWidget *button)
{
  g_autofree char *current = ht_recorder_default_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (current);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Choose the Folder of Recordings"), GTK_WINDOW (gtk_widget_get_root (button)),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* the default folder is only created by the first recording */
  if (g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (trace_folder_chosen_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reset_trace_folder_cb (void)
{
  g_settings_reset (ht_settings_get (), "trace-folder");
}

static GtkWidget *
add_row_button (GtkWidget  *row,
                const char *icon_name,
                const char *tooltip,
                GCallback   clicked)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", clicked, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

/* Where recordings go: the setting, shown as the folder it stands for */
static GtkWidget *
trace_folder_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *reset = add_row_button (row, "edit-undo-symbolic", _("Use the Default Folder"),
                                     G_CALLBACK (reset_trace_folder_cb));
  GtkWidget *choose = add_row_button (row, "folder-open-symbolic", _("Choose the Folder of Recordings"),
                                      G_CALLBACK (choose_trace_folder_cb));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Recording"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Where “Record…” and “Attach…” write their traces"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Trace Folder"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);
  g_object_set_data (G_OBJECT (row), "reset-button", reset);
  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::trace-folder", G_CALLBACK (update_trace_folder_row), row,
                               G_CONNECT_SWAPPED);
      update_trace_folder_row (ADW_ACTION_ROW (row));
    }
  else
    gtk_widget_set_sensitive (row, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}

/**
 * ht_show_preferences:
 *
 * The preferences window: the editor command, the folder of recordings.
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
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (trace_folder_group (settings)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}
