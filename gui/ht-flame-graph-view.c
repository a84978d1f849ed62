/* ht-flame-graph-view.c: the flame graph page, with its tools
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The graph itself is HtFlameGraphArea; this view hands it the session's
 * tree and cost type, shows the frame under the pointer in words below it
 * (the label a screen reader reads), and holds the toolbar: the cost type
 * (the session's, shared with the other views), top-down or bottom-up,
 * flame or icicle, the display options, the zoom history, the search,
 * and the exports (docs/figures.md §12).
 */

#define G_LOG_DOMAIN "ht-flame-graph"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "ht-flame-graph-view.h"
#include "ht-output-file.h"
#include "ht-summary.h"

struct _HtFlameGraphView
{
  HtView                parent_instance;

  /* Template widgets */
  GtkWidget            *box;
  GtkDropDown          *cost_dropdown;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  HtFlameGraphArea     *area;

  /* Owned references */
  GBinding             *cost_to_dropdown;  /* while a document is shown */
  GBinding             *cost_to_area;
  GtkFileChooserNative *chooser;

  gboolean              top_down;
  gboolean              loaded;
};

enum {
  PROP_0,
  PROP_TOP_DOWN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtFlameGraphView, ht_flame_graph_view, HT_TYPE_VIEW)

/* The dropdown's order, as the issue lists the costs */
static const HtCostType dropdown_costs[] = { HT_COST_PEAK, HT_COST_LEAKED, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };

static gboolean
cost_to_position (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (dropdown_costs); i++)
    if (dropdown_costs[i] == (HtCostType) g_value_get_enum (from))
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
position_to_cost (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint position = g_value_get_uint (from);

  if (position >= G_N_ELEMENTS (dropdown_costs))
    return FALSE;
  g_value_set_enum (to, dropdown_costs[position]);
  return TRUE;
}

static void
show_tree (HtFlameGraphView *self)
{
  HtDocument *document = ht_view_get_document (HT_VIEW (self));

  g_assert (HT_IS_FLAME_GRAPH_VIEW (self));

  if (!self->loaded || document == NULL)
    ht_flame_graph_area_set_tree (self->area, NULL);
  else
    ht_flame_graph_area_set_tree (self->area, self->top_down ? ht_document_get_top_down (document)
                                                             : ht_document_get_bottom_up (document));
}

/* The session's selected function, chosen here or in any view: its frames
 * get an outline */
static void
selected_function_changed_cb (HtFlameGraphView *self)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));
  HtDocument *document = ht_view_get_document (HT_VIEW (self));
  guint function = session != NULL ? ht_session_get_selected_function (session) : HT_SESSION_NO_FUNCTION;

  g_assert (HT_IS_FLAME_GRAPH_VIEW (self));

  if (!self->loaded || document == NULL || function == HT_SESSION_NO_FUNCTION)
    ht_flame_graph_area_set_selected_symbol (self->area, NULL);
  else
    ht_flame_graph_area_set_selected_symbol (self->area,
                                             ht_caller_callee_get_symbol (ht_document_get_caller_callee (document),
                                                                          function));
}

static void
empty_changed_cb (HtFlameGraphView *self)
{
  gboolean empty;

  g_assert (HT_IS_FLAME_GRAPH_VIEW (self));

  g_object_get (self->area, "empty", &empty, NULL);
  /* an empty page before a trace is loaded would only flash */
  gtk_stack_set_visible_child_name (self->stack, empty && self->loaded ? "empty" : "graph");
}

static void
history_changed_cb (HtFlameGraphView *self)
{
  gboolean back, forward, zoomed;

  g_assert (HT_IS_FLAME_GRAPH_VIEW (self));

  g_object_get (self->area, "can-go-back", &back, "can-go-forward", &forward, "zoomed", &zoomed, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.back", back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.forward", forward);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.reset", zoomed);
}

static void
search_changed_cb (HtFlameGraphView *self,
                   GtkSearchEntry   *entry)
{
  g_assert (HT_IS_FLAME_GRAPH_VIEW (self));

  g_object_set (self->area, "search-text", gtk_editable_get_text (GTK_EDITABLE (entry)), NULL);
}

static void
ht_flame_graph_view_load (HtView *view)
{
  HtFlameGraphView *self = HT_FLAME_GRAPH_VIEW (view);
  HtSession *session = ht_view_get_session (view);

  g_assert (self->cost_to_area == NULL);

  /* before the binding: the item replaced may be the one selected */
  gtk_string_list_splice (GTK_STRING_LIST (gtk_drop_down_get_model (self->cost_dropdown)), 1, 1,
                          (const char * const[]) { ht_summary_leaked_title (ht_document_get_analysis (
                                                     ht_view_get_document (view))), NULL });
  self->loaded = TRUE;
  self->cost_to_area = g_object_bind_property (session, "cost-type", self->area, "cost-type", G_BINDING_SYNC_CREATE);
  self->cost_to_dropdown = g_object_bind_property_full (session, "cost-type", self->cost_dropdown, "selected",
                                                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                                                        cost_to_position, position_to_cost, NULL, NULL);
  show_tree (self);
  selected_function_changed_cb (self);
  empty_changed_cb (self);
}

static void
ht_flame_graph_view_unload (HtView *view)
{
  HtFlameGraphView *self = HT_FLAME_GRAPH_VIEW (view);

  g_clear_pointer (&self->cost_to_area, g_binding_unbind);
  g_clear_pointer (&self->cost_to_dropdown, g_binding_unbind);
  self->loaded = FALSE;
  show_tree (self);
  selected_function_changed_cb (self);
}

/* The name a file of @format is offered under: the trace's, without the
 * compression's suffix, with what it holds: heaptrack.app.1234.flame.svg */
static char *
suggested_name (HtFlameGraphView *self,
                const char       *format)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));
  GFile *file = session != NULL ? ht_document_get_file (ht_session_get_document (session)) : NULL;
  g_autofree char *base = file != NULL ? g_file_get_basename (file) : g_strdup ("heaptrack");

  if (g_str_has_suffix (base, ".zst") || g_str_has_suffix (base, ".gz"))
    *strrchr (base, '.') = '\0';
  if (g_str_equal (format, "folded"))
    return g_strconcat (base, ".folded", NULL);
  return g_strconcat (base, ".flame.", format, NULL);
}

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * ht_flame_graph_view_export:
 * @format: "png" or "svg" (the graph as shown, at the view's size) or
 *   "folded" (the folded stacks of the view's document for the cost type,
 *   as flamegraph.pl reads them)
 * @path: the file to write
 *
 * Returns: %FALSE if @path could not be written; @error names it
 */
gboolean
ht_flame_graph_view_export (HtFlameGraphView  *self,
                            const char        *format,
                            const char        *path,
                            GError           **error)
{
  HtDocument *document;
  HtSession *session;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int width, height;
  gboolean dark;

  g_return_val_if_fail (HT_IS_FLAME_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  document = ht_view_get_document (HT_VIEW (self));
  session = ht_view_get_session (HT_VIEW (self));
  if (document == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("%s: no trace to export"), path);
      return FALSE;
    }
  if (g_str_equal (format, "folded"))
    {
      g_autoptr(GString) out = g_string_new (NULL);

      ht_report_folded (ht_document_get_analysis (document), ht_session_get_cost_type (session), TRUE, NULL, out);
      return ht_output_file_write (path, out->str, out->len, error);
    }

  width = MAX (gtk_widget_get_width (GTK_WIDGET (self->area)), 1);
  height = MAX (gtk_widget_get_height (GTK_WIDGET (self->area)), 1);
  if (g_str_equal (format, "svg"))
    surface = cairo_svg_surface_create_for_stream (append_bytes_cb, bytes, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* the style's background: the painter's text colours suit only it */
  dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  if (dark)
    cairo_set_source_rgb (cr, 0.14, 0.14, 0.14);
  else
    cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  ht_flame_graph_area_paint (self->area, cr, width, height);
  cairo_destroy (cr);
  if (g_str_equal (format, "png"))
    cairo_surface_write_to_png_stream (surface, append_bytes_cb, bytes);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot draw: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return ht_output_file_write (path, (const char *) bytes->data, bytes->len, error);
}

static void
chooser_response_cb (HtFlameGraphView     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (HT_IS_FLAME_GRAPH_VIEW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  if (path != NULL && !ht_flame_graph_view_export (self, format, path, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("Cannot Export"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtFlameGraphView *self = HT_FLAME_GRAPH_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;
  const char *title;

  if (self->chooser != NULL || ht_view_get_document (HT_VIEW (self)) == NULL)
    return;
  if (g_str_equal (format, "png"))
    title = _("Export Flame Graph as PNG");
  else if (g_str_equal (format, "svg"))
    title = _("Export Flame Graph as SVG");
  else if (g_str_equal (format, "folded"))
    title = _("Export Folded Stacks");
  else
    g_return_if_reached ();

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = suggested_name (self, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ht_flame_graph_area_back (HT_FLAME_GRAPH_VIEW (widget)->area);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ht_flame_graph_area_forward (HT_FLAME_GRAPH_VIEW (widget)->area);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ht_flame_graph_area_reset (HT_FLAME_GRAPH_VIEW (widget)->area);
}

static void
ht_flame_graph_view_dispose (GObject *object)
{
  HtFlameGraphView *self = (HtFlameGraphView *) object;

  g_clear_pointer (&self->cost_to_area, g_binding_unbind);
  g_clear_pointer (&self->cost_to_dropdown, g_binding_unbind);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_FLAME_GRAPH_VIEW);

  G_OBJECT_CLASS (ht_flame_graph_view_parent_class)->dispose (object);
}

static void
ht_flame_graph_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HtFlameGraphView *self = HT_FLAME_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_TOP_DOWN:
      g_value_set_boolean (value, self->top_down);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_flame_graph_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HtFlameGraphView *self = HT_FLAME_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_TOP_DOWN:
      if (self->top_down != g_value_get_boolean (value))
        {
          self->top_down = g_value_get_boolean (value);
          show_tree (self);
          selected_function_changed_cb (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_flame_graph_view_class_init (HtFlameGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_flame_graph_view_dispose;
  object_class->get_property = ht_flame_graph_view_get_property;
  object_class->set_property = ht_flame_graph_view_set_property;

  view_class->load = ht_flame_graph_view_load;
  view_class->unload = ht_flame_graph_view_unload;

  /* callers at the base (the top-down tree), else allocating functions */
  properties [PROP_TOP_DOWN] =
    g_param_spec_boolean ("top-down", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_FLAME_GRAPH_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-flame-graph-view.ui");
  /* bound so that gtk_widget_dispose_template () unparents it */
  gtk_widget_class_bind_template_child (widget_class, HtFlameGraphView, box);
  gtk_widget_class_bind_template_child (widget_class, HtFlameGraphView, cost_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HtFlameGraphView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HtFlameGraphView, stack);
  gtk_widget_class_bind_template_child (widget_class, HtFlameGraphView, area);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, empty_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_changed_cb);

  gtk_widget_class_install_action (widget_class, "flame.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "flame.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "flame.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "flame.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "flame.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "flame.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "flame.forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "flame.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flame.reset", NULL);
}

static void
ht_flame_graph_view_init (HtFlameGraphView *self)
{
  GSignalGroup *session_signals = ht_view_get_session_signals (HT_VIEW (self));

  self->top_down = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  history_changed_cb (self);

  g_signal_group_connect_object (session_signals, "notify::selected-function",
                                 G_CALLBACK (selected_function_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The graph itself, for tests */
HtFlameGraphArea *
ht_flame_graph_view_get_area (HtFlameGraphView *self)
{
  g_return_val_if_fail (HT_IS_FLAME_GRAPH_VIEW (self), NULL);

  return self->area;
}

/* Highlights the functions whose name holds @text, as typed in the
 * search; with %NULL, puts the keyboard in the search field (Ctrl+F) */
void
ht_flame_graph_view_search (HtFlameGraphView *self,
                            const char       *text)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_VIEW (self));

  if (text == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* at once, not after the entry's typing delay */
  search_changed_cb (self, self->search_entry);
}
