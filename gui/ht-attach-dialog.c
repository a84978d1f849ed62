/* ht-attach-dialog.c: the running processes, for "Attach…"
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is read in a worker thread: 47 processes took 8 to 13 ms on the
 * 2-CPU test machine, so a desktop's few hundred, or passwd lookups that go
 * over the network, would stall the window beyond 50 ms.
 */

#define G_LOG_DOMAIN "ht-attach-dialog"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "ht-attach-dialog.h"
#include "ht-process-list.h"

struct _HtAttachDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *unavailable_page;
  GtkWidget          *pid_group;
  AdwEntryRow        *pid_row;
  GtkLabel           *banner;
  GtkSearchEntry     *search_entry;
  GtkColumnView      *column_view;
  GtkLabel           *reason_label;

  char               *proc_root;
  int                 uid;
  gboolean            loading;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  GPid                selected_pid;   /* kept across a refresh */
};

G_DEFINE_FINAL_TYPE (HtAttachDialog, ht_attach_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PROC_ROOT,
  PROP_UID,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  RECORD,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef enum {
  COLUMN_NAME,
  COLUMN_PID,
  COLUMN_USER,
  COLUMN_COMMAND_LINE,
  COLUMN_RESIDENT,
} Column;

static HtProcessItem *
selected_process (HtAttachDialog *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
selection_changed_cb (HtAttachDialog *self)
{
  HtProcessItem *item = selected_process (self);
  g_autofree char *text = NULL;

  if (item != NULL && ht_process_item_get_attachable (item))
    /* Translators: under the list: what Attach does with the selected process */
    text = g_strdup_printf (_("Records %s (PID %d) from now until you stop; the process then runs on."),
                            ht_process_item_get_name (item), (int) ht_process_item_get_pid (item));
  else if (item != NULL)
    text = g_strdup (ht_process_item_get_reason (item));
  gtk_label_set_text (self->reason_label, text ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.attach",
                                 item != NULL && ht_process_item_get_attachable (item));
  if (item != NULL)
    self->selected_pid = ht_process_item_get_pid (item);
}

/* The process ID typed where the list cannot be read (a Flatpak sandbox
 * that may run the recorder on the host), 0 if none is */
static GPid
typed_pid (HtAttachDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->pid_row));
  guint64 pid;

  if (!gtk_widget_get_visible (self->pid_group)
      || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &pid, NULL))
    return 0;
  return (GPid) pid;
}

static void
pid_changed_cb (HtAttachDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.attach", typed_pid (self) > 0);
}

static void
set_loading (HtAttachDialog *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Selects the process selected before the refresh, or else the first */
static void
select_again (HtAttachDialog *self)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtProcessItem) item = g_list_model_get_item (model, i);

      if (ht_process_item_get_pid (item) == self->selected_pid)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, n > 0 ? 0 : GTK_INVALID_LIST_POSITION);
}

static void
read_processes (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HtAttachDialog *self = source_object;
  GError *error = NULL;
  GListModel *list = ht_process_list_read_as (self->proc_root, self->uid, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

static void
processes_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HtAttachDialog *self = HT_ATTACH_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  if (list == NULL)
    {
      adw_status_page_set_description (self->unavailable_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
    }
  else
    {
      gtk_filter_list_model_set_model (self->filtered, list);
      select_again (self);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  set_loading (self, FALSE);
}

static void
refresh (HtAttachDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *why = NULL;

  /* gdb can be installed while the dialog is open */
  gtk_widget_set_visible (GTK_WIDGET (self->banner), !ht_process_list_can_attach (&why));
  gtk_label_set_text (self->banner, why ? why : "");

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, processes_read_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_run_in_thread (task, read_processes);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (HT_ATTACH_DIALOG (widget));
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtAttachDialog *self = HT_ATTACH_DIALOG (widget);
  HtProcessItem *item = selected_process (self);
  g_autofree char *output_folder = ht_recorder_default_folder ();
  g_autoptr(HtRecorderProcess) process = NULL;
  GPid pid = typed_pid (self);

  if (pid == 0 && item != NULL && ht_process_item_get_attachable (item))
    pid = ht_process_item_get_pid (item);
  if (pid == 0)
    return;
  process = ht_recorder_process_new_attach (pid, output_folder);
  g_signal_emit (self, signals[RECORD], 0, process);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Double-click or Enter on a row */
static void
row_activated_cb (HtAttachDialog *self,
                  guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.attach", NULL);
}

static void
search_activated_cb (HtAttachDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.attach", NULL);
}

/* Escape in the search entry clears it first, then closes */
static void
search_stopped_cb (HtAttachDialog *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
search_changed_cb (HtAttachDialog *self)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered), GTK_FILTER_CHANGE_DIFFERENT);
  select_again (self);
}

static gboolean
contains_casefolded (const char *haystack,
                     const char *needle)
{
  g_autofree char *folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, needle) != NULL;
}

/* The search text in the name or the command line, or the start of the PID */
static gboolean
filter_process (gpointer object,
                gpointer user_data)
{
  HtAttachDialog *self = user_data;
  HtProcessItem *item = object;
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_autofree char *pid = g_strdup_printf ("%d", (int) ht_process_item_get_pid (item));

  g_strstrip (needle);
  return needle[0] == '\0'
         || g_str_has_prefix (pid, needle)
         || contains_casefolded (ht_process_item_get_name (item), needle)
         || contains_casefolded (ht_process_item_get_command_line (item), needle);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (column == COLUMN_PID || column == COLUMN_RESIDENT)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  if (column == COLUMN_NAME)
    gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  if (column == COLUMN_USER)
    gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
  if (column == COLUMN_COMMAND_LINE)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  HtProcessItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  gboolean attachable = ht_process_item_get_attachable (item);
  g_autofree char *text = NULL;

  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_NAME:
      text = g_strdup (ht_process_item_get_name (item));
      break;
    case COLUMN_PID:
      text = g_strdup_printf ("%d", (int) ht_process_item_get_pid (item));
      break;
    case COLUMN_USER:
      text = g_strdup (ht_process_item_get_user (item));
      break;
    case COLUMN_COMMAND_LINE:
      text = g_strdup (ht_process_item_get_command_line (item));
      break;
    case COLUMN_RESIDENT:
      text = g_format_size (ht_process_item_get_resident (item));
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  /* greyed out, and saying why, rather than hidden: the user looks for it */
  gtk_widget_set_sensitive (label, attachable);
  gtk_widget_set_tooltip_text (label, attachable ? ht_process_item_get_command_line (item)
                                                 : ht_process_item_get_reason (item));
  gtk_list_item_set_activatable (list_item, attachable);
}

static void
add_columns (HtAttachDialog *self)
{
  static const char *titles[] = {
    [COLUMN_NAME] = N_("Name"),
    [COLUMN_PID] = N_("PID"),
    [COLUMN_USER] = N_("User"),
    [COLUMN_COMMAND_LINE] = N_("Command Line"),
    [COLUMN_RESIDENT] = N_("Resident"),
  };

  for (Column c = COLUMN_NAME; c <= COLUMN_RESIDENT; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      gtk_column_view_column_set_expand (column, c == COLUMN_COMMAND_LINE);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
ht_attach_dialog_constructed (GObject *object)
{
  HtAttachDialog *self = (HtAttachDialog *) object;
  g_autofree char *why = NULL;

  G_OBJECT_CLASS (ht_attach_dialog_parent_class)->constructed (object);

  /* a Flatpak's own handful of processes would mislead; where the
   * recorder may run on the host, the process can still be named */
  if (!ht_process_list_available (&why))
    {
      if (ht_recorder_available (NULL))
        {
          g_free (why);
          why = g_strdup (_("The sandbox shows only its own processes. Enter the ID of the process to "
                            "record: “pidof PROGRAM” in a terminal gives it."));
          gtk_widget_set_visible (self->pid_group, TRUE);
        }
      adw_status_page_set_description (self->unavailable_page, why);
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.refresh", FALSE);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
  refresh (self);
}

static void
ht_attach_dialog_dispose (GObject *object)
{
  HtAttachDialog *self = (HtAttachDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);

  G_OBJECT_CLASS (ht_attach_dialog_parent_class)->dispose (object);
}

static void
ht_attach_dialog_finalize (GObject *object)
{
  HtAttachDialog *self = (HtAttachDialog *) object;

  g_free (self->proc_root);

  G_OBJECT_CLASS (ht_attach_dialog_parent_class)->finalize (object);
}

static void
ht_attach_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HtAttachDialog *self = HT_ATTACH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROC_ROOT:
      g_value_set_string (value, self->proc_root);
      break;
    case PROP_UID:
      g_value_set_int (value, self->uid);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_attach_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HtAttachDialog *self = HT_ATTACH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROC_ROOT:
      g_free (self->proc_root);
      self->proc_root = g_value_dup_string (value);
      break;
    case PROP_UID:
      self->uid = g_value_get_int (value) >= 0 ? g_value_get_int (value) : (int) getuid ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_attach_dialog_class_init (HtAttachDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ht_attach_dialog_constructed;
  object_class->dispose = ht_attach_dialog_dispose;
  object_class->finalize = ht_attach_dialog_finalize;
  object_class->get_property = ht_attach_dialog_get_property;
  object_class->set_property = ht_attach_dialog_set_property;

  properties[PROP_PROC_ROOT] =
    g_param_spec_string ("proc-root", NULL, NULL, "/proc",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UID] =
    g_param_spec_int ("uid", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HtAttachDialog::record:
   * @process: what to record, not started yet
   */
  signals[RECORD] = g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HT_TYPE_RECORDER_PROCESS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-attach-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, pid_group);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, pid_row);
  gtk_widget_class_bind_template_callback (widget_class, pid_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, banner);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, HtAttachDialog, reason_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "dialog.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dialog.refresh", NULL);
}

static void
ht_attach_dialog_init (HtAttachDialog *self)
{
  GtkCustomFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));

  filter = gtk_custom_filter_new (filter_process, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.attach", FALSE);
}

HtAttachDialog *
ht_attach_dialog_new (GtkWindow *parent)
{
  return g_object_new (HT_TYPE_ATTACH_DIALOG, "transient-for", parent, NULL);
}
