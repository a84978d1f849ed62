/* ht-record-dialog.c: what to record, for "Record…"
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Record stays disabled until the command line names a program that can
 * be found, the working folder exists and every extra variable is a
 * NAME=value pair; what is wrong is said under its row as it is typed.
 */

#define G_LOG_DOMAIN "ht-record-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ht-record-dialog.h"
#include "ht-settings.h"

/* how many command lines "recent-commands" keeps */
#define N_RECENT 8

struct _HtRecordDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwEntryRow          *command_row;
  GtkLabel             *command_error;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  AdwActionRow         *folder_row;
  AdwEntryRow          *environment_row;
  GtkLabel             *surroundings_error;
  GtkLabel             *output_label;

  char                 *command_line;
  char                 *working_folder;
  char                 *environment;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (HtRecordDialog, ht_record_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_COMMAND_LINE,
  PROP_WORKING_FOLDER,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  RECORD,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

/* The program and its arguments; NULL with *@message (NULL for an empty
 * line, which needs no telling) when they cannot be recorded */
static char **
parse_command_line (HtRecordDialog  *self,
                    char           **message)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;

  *message = NULL;
  if (is_blank (self->command_line))
    return NULL;
  if (!g_shell_parse_argv (self->command_line, NULL, &argv, &error))
    {
      *message = g_strdup_printf (_("The command line cannot be read: %s"), error->message);
      return NULL;
    }
  /* a path is the launcher's to run from the working folder; a bare name
   * is looked up in PATH */
  if (strchr (argv[0], '/') != NULL)
    {
      program = g_path_is_absolute (argv[0]) ? g_strdup (argv[0])
                                             : g_build_filename (self->working_folder, argv[0], NULL);
      if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE) || g_file_test (program, G_FILE_TEST_IS_DIR))
        g_clear_pointer (&program, g_free);
    }
  else
    program = g_find_program_in_path (argv[0]);
  if (program == NULL)
    {
      *message = g_strdup_printf (_("“%s” not found: type its full path, or choose it with the button beside"),
                                  argv[0]);
      return NULL;
    }
  return g_steal_pointer (&argv);
}

static gboolean
is_variable_name (const char *name,
                  gsize       length)
{
  if (length == 0 || g_ascii_isdigit (name[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/* The extra NAME=value pairs, an empty array for none; NULL with
 * *@message when one is malformed */
static char **
parse_environment (HtRecordDialog  *self,
                   char           **message)
{
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GError) error = NULL;

  *message = NULL;
  if (is_blank (self->environment))
    return g_new0 (char *, 1);
  if (!g_shell_parse_argv (self->environment, NULL, &pairs, &error))
    {
      *message = g_strdup_printf (_("The environment variables cannot be read: %s"), error->message);
      return NULL;
    }
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');

      if (equals == NULL || !is_variable_name (pairs[i], equals - pairs[i]))
        {
          *message = g_strdup_printf (_("“%s” is not a variable: write NAME=value, the name of letters, "
                                        "digits and underscores"), pairs[i]);
          return NULL;
        }
    }
  return g_steal_pointer (&pairs);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* Says what is wrong and enables Record when nothing is */
static void
validate (HtRecordDialog *self)
{
  g_autofree char *command_message = NULL;
  g_autofree char *environment_message = NULL;
  g_autofree char *folder_message = NULL;
  g_auto(GStrv) argv = parse_command_line (self, &command_message);
  g_auto(GStrv) environment = parse_environment (self, &environment_message);
  gboolean folder_ok = g_file_test (self->working_folder, G_FILE_TEST_IS_DIR);

  if (!folder_ok)
    folder_message = g_strdup_printf (_("The folder “%s” does not exist"), self->working_folder);
  show_error (self->command_error, command_message);
  show_error (self->surroundings_error, folder_message ? folder_message : environment_message);
  set_row_error (GTK_WIDGET (self->command_row), command_message != NULL);
  set_row_error (GTK_WIDGET (self->folder_row), !folder_ok);
  set_row_error (GTK_WIDGET (self->environment_row), environment_message != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.record",
                                 argv != NULL && environment != NULL && folder_ok);
}

/* Puts @command first in "recent-commands", once */
static void
remember_command (const char *command)
{
  GSettings *settings = ht_settings_get ();
  g_auto(GStrv) old = settings ? g_settings_get_strv (settings, "recent-commands") : NULL;
  g_autoptr(GPtrArray) recent = g_ptr_array_new ();

  if (settings == NULL)
    return;
  g_ptr_array_add (recent, (char *) command);
  for (guint i = 0; old[i] != NULL && recent->len < N_RECENT; i++)
    if (g_strcmp0 (old[i], command) != 0)
      g_ptr_array_add (recent, old[i]);
  g_ptr_array_add (recent, NULL);
  g_settings_set_strv (settings, "recent-commands", (const char * const *) recent->pdata);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtRecordDialog *self = HT_RECORD_DIALOG (widget);
  g_autofree char *command_message = NULL;
  g_autofree char *environment_message = NULL;
  g_auto(GStrv) argv = parse_command_line (self, &command_message);
  g_auto(GStrv) environment = parse_environment (self, &environment_message);
  g_autofree char *output_folder = ht_recorder_default_folder ();
  g_autofree char *command = NULL;
  g_autoptr(HtRecorderProcess) process = NULL;

  if (argv == NULL || environment == NULL)
    return;
  process = ht_recorder_process_new_launch ((const char * const *) argv, self->working_folder,
                                            (const char * const *) environment, output_folder);
  command = g_strstrip (g_strdup (self->command_line));
  remember_command (command);
  g_signal_emit (self, signals[RECORD], 0, process);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Enter in a row records, when it may */
static void
command_activated_cb (HtRecordDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.record", NULL);
}

static void
recent_activated_cb (HtRecordDialog *self,
                     GtkListBoxRow  *row)
{
  const char *command = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gtk_editable_set_text (GTK_EDITABLE (self->command_row), command);
  gtk_widget_grab_focus (GTK_WIDGET (self->command_row));
}

static void
fill_recent (HtRecordDialog *self)
{
  GSettings *settings = ht_settings_get ();
  g_auto(GStrv) recent = settings ? g_settings_get_strv (settings, "recent-commands") : NULL;

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("document-open-recent-symbolic");

      /* a command line may hold '&' or '<' */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recent[i]);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Use this command line"));
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), recent != NULL && recent[0] != NULL);
}

static void
update_output_folder (HtRecordDialog *self)
{
  g_autofree char *folder = ht_recorder_default_folder ();
  g_autofree char *text = g_strdup_printf (_("Traces go to %s"), folder);

  gtk_label_set_text (self->output_label, text);
}

static void
set_string (HtRecordDialog  *self,
            char           **field,
            const char      *value,
            guint            prop)
{
  /* NULL reads as nothing typed */
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The chosen program replaces the first word and keeps the arguments */
static void
program_chosen_cb (HtRecordDialog       *self,
                   int                   response,
                   GtkFileChooserNative *chooser)
{
  g_autofree char *path = ht_chooser_get_path (chooser, response);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GString) command = NULL;
  g_autofree char *quoted_path = NULL;

  if (path == NULL)
    return;
  quoted_path = g_shell_quote (path);
  command = g_string_new (quoted_path);
  if (g_shell_parse_argv (self->command_line, NULL, &argv, NULL))
    for (guint i = 1; argv[i] != NULL; i++)
      {
        g_autofree char *quoted = g_shell_quote (argv[i]);

        g_string_append_printf (command, " %s", quoted);
      }
  gtk_editable_set_text (GTK_EDITABLE (self->command_row), command->str);
}

static void
folder_chosen_cb (HtRecordDialog       *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autofree char *path = ht_chooser_get_path (chooser, response);

  if (path != NULL)
    set_string (self, &self->working_folder, path, PROP_WORKING_FOLDER);
}

static void
run_chooser (HtRecordDialog       *self,
             const char           *title,
             GtkFileChooserAction  action,
             GCallback             callback)
{
  g_autoptr(GFile) folder = g_file_new_for_path (self->working_folder);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _("_Select"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_signal_connect_object (self->chooser, "response", callback, self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* "program" or "folder" */
static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtRecordDialog *self = HT_RECORD_DIALOG (widget);

  if (g_strcmp0 (g_variant_get_string (parameter, NULL), "folder") == 0)
    run_chooser (self, _("Choose the Working Folder"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                 G_CALLBACK (folder_chosen_cb));
  else
    run_chooser (self, _("Choose the Program"), GTK_FILE_CHOOSER_ACTION_OPEN, G_CALLBACK (program_chosen_cb));
}

static void
ht_record_dialog_dispose (GObject *object)
{
  HtRecordDialog *self = (HtRecordDialog *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (ht_record_dialog_parent_class)->dispose (object);
}

static void
ht_record_dialog_finalize (GObject *object)
{
  HtRecordDialog *self = (HtRecordDialog *) object;

  g_free (self->command_line);
  g_free (self->working_folder);
  g_free (self->environment);

  G_OBJECT_CLASS (ht_record_dialog_parent_class)->finalize (object);
}

static void
ht_record_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HtRecordDialog *self = HT_RECORD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_COMMAND_LINE:
      g_value_set_string (value, self->command_line);
      break;
    case PROP_WORKING_FOLDER:
      g_value_set_string (value, self->working_folder);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_string (value, self->environment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_record_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HtRecordDialog *self = HT_RECORD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_COMMAND_LINE:
      set_string (self, &self->command_line, g_value_get_string (value), prop_id);
      break;
    case PROP_WORKING_FOLDER:
      set_string (self, &self->working_folder, g_value_get_string (value), prop_id);
      break;
    case PROP_ENVIRONMENT:
      set_string (self, &self->environment, g_value_get_string (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_record_dialog_class_init (HtRecordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_record_dialog_dispose;
  object_class->finalize = ht_record_dialog_finalize;
  object_class->get_property = ht_record_dialog_get_property;
  object_class->set_property = ht_record_dialog_set_property;

  properties[PROP_COMMAND_LINE] = g_param_spec_string ("command-line", NULL, NULL, NULL, flags);
  properties[PROP_WORKING_FOLDER] = g_param_spec_string ("working-folder", NULL, NULL, NULL, flags);
  properties[PROP_ENVIRONMENT] = g_param_spec_string ("environment", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HtRecordDialog::record:
   * @process: what to record, not started yet
   */
  signals[RECORD] = g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HT_TYPE_RECORDER_PROCESS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-record-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, command_row);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, command_error);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, environment_row);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, surroundings_error);
  gtk_widget_class_bind_template_child (widget_class, HtRecordDialog, output_label);
  gtk_widget_class_bind_template_callback (widget_class, command_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose", "s", choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ht_record_dialog_init (HtRecordDialog *self)
{
  GSettings *settings = ht_settings_get ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->command_line = g_strdup ("");
  self->environment = g_strdup ("");
  self->working_folder = g_strdup (g_get_home_dir ());

  g_object_bind_property (self, "command-line", self->command_row, "text",
                          G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "environment", self->environment_row, "text",
                          G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "working-folder", self->folder_row, "subtitle", G_BINDING_SYNC_CREATE);
  fill_recent (self);
  update_output_folder (self);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::trace-folder", G_CALLBACK (update_output_folder), self,
                             G_CONNECT_SWAPPED);
  validate (self);
}

HtRecordDialog *
ht_record_dialog_new (GtkWindow *parent)
{
  return g_object_new (HT_TYPE_RECORD_DIALOG, "transient-for", parent, NULL);
}
