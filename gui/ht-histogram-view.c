/* ht-histogram-view.c: the calls by requested size, stacked by location
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture is ht-histogram-painter.c's; this widget adds what a person
 * does with it: a tooltip on the bar under the pointer, a bucket selected
 * with a click or the arrow keys and described in words under the picture
 * (what a screen reader reads), and the export to PNG, SVG and CSV.
 */

#define G_LOG_DOMAIN "ht-histogram-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-histogram-painter.h"
#include "ht-histogram-view.h"
#include "ht-output-file.h"

/* Locations with a layer of their own: as many as the charts stack, so that
 * each has its colour from the shared location colours */
#define N_TOP 5
/* Exact sizes a bar's tooltip names */
#define TOOLTIP_SIZES 6
/* An export's size where the picture is not on screen */
#define EXPORT_WIDTH 1000
#define EXPORT_HEIGHT 600

struct _HtHistogramView
{
  HtView                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkDrawingArea       *chart;
  GtkLabel             *description;

  /* Owned references, while loaded */
  HtDocument           *document;
  HtHistogram          *histogram;
  HtLocationColours    *colours;

  GtkFileChooserNative *chooser;
  char                 *export_format;   /* the chooser's: "png", "svg" or "csv" */

  int                   selected;        /* buckets, or -1 */
  int                   hovered;
};

G_DEFINE_FINAL_TYPE (HtHistogramView, ht_histogram_view, HT_TYPE_VIEW)

static HtAnalysis *
analysis (HtHistogramView *self)
{
  return ht_document_get_analysis (self->document);
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
geometry (HtHistogramView     *self,
          HtHistogramGeometry *g)
{
  ht_histogram_geometry (self->histogram, gtk_widget_get_width (GTK_WIDGET (self->chart)),
                         gtk_widget_get_height (GTK_WIDGET (self->chart)), g);
}

/* The label under the picture: the bucket under the pointer, or else the
 * selected one */
static void
update (HtHistogramView *self)
{
  int bucket = self->hovered >= 0 ? self->hovered : self->selected;
  g_autofree char *text = NULL;

  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  if (self->histogram != NULL && bucket >= 0)
    text = ht_histogram_bucket_summary (self->histogram, bucket);
  gtk_label_set_text (self->description, text != NULL ? text : "");
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HtHistogramView *self = user_data;
  HtHistogramPaintOptions options = { is_dark (), self->selected, self->hovered };

  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  if (self->histogram != NULL)
    ht_histogram_paint (cr, self->histogram, analysis (self), self->colours, width, height, &options);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HtHistogramView          *self)
{
  HtHistogramGeometry g;
  int bucket;

  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  if (self->histogram == NULL)
    return;
  geometry (self, &g);
  bucket = ht_histogram_geometry_bucket_at (&g, x, y);
  if (bucket != self->hovered)
    {
      self->hovered = bucket;
      update (self);
    }
}

static void
leave_cb (GtkEventControllerMotion *controller,
          HtHistogramView          *self)
{
  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  self->hovered = -1;
  update (self);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            HtHistogramView *self)
{
  HtHistogramGeometry g;
  int bucket;

  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->chart));
  if (self->histogram == NULL)
    return;
  geometry (self, &g);
  bucket = ht_histogram_geometry_bucket_at (&g, x, y);
  if (bucket >= 0)
    {
      self->selected = bucket;
      update (self);
    }
}

/* A bar's tooltip: its calls, by location, and its exact sizes; the tip
 * area is the bar's column, so that the next column gets its own */
static gboolean
query_tooltip_cb (HtHistogramView *self,
                  int              x,
                  int              y,
                  gboolean         keyboard_mode,
                  GtkTooltip      *tooltip,
                  GtkWidget       *widget)
{
  HtHistogramGeometry g;
  g_autofree char *text = NULL;
  double column[4];
  int bucket;

  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  if (self->histogram == NULL)
    return FALSE;
  geometry (self, &g);
  bucket = keyboard_mode ? self->selected : ht_histogram_geometry_bucket_at (&g, x, y);
  if (bucket < 0)
    return FALSE;
  text = ht_histogram_bucket_details (self->histogram, analysis (self), bucket, TOOLTIP_SIZES);
  gtk_tooltip_set_text (tooltip, text);
  ht_histogram_geometry_column (&g, bucket, column);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) column[0], (int) column[1],
                                                       MAX (1, (int) column[2]), (int) column[3] });
  return TRUE;
}

/* Left and Right: the bucket beside the selected one */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtHistogramView *self = HT_HISTOGRAM_VIEW (widget);
  HtHistogramGeometry g;
  int first, last;

  if (self->histogram == NULL)
    return;
  geometry (self, &g);
  if (g.n_bars == 0)
    return;
  first = (int) g.first_bucket;
  last = (int) (g.first_bucket + g.n_bars - 1);
  if (self->selected < 0)
    self->selected = first;
  else
    self->selected = CLAMP (self->selected + g_variant_get_int32 (parameter), first, last);
  /* the keys' bucket is described, not the one the pointer left over */
  self->hovered = -1;
  update (self);
}

static void
add_move_shortcut (GtkShortcutController *controller,
                   guint                  key,
                   int                    delta)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                            gtk_named_action_new ("histogram.move"));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (delta));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* "heaptrack.app.1234.zst" gives "heaptrack.app.1234-sizes.png" */
static char *
suggested_name (HtHistogramView *self,
                const char      *format)
{
  g_autofree char *base = g_file_get_basename (ht_document_get_file (self->document));
  static const char * const compressions[] = { ".zst", ".gz" };

  for (guint i = 0; i < G_N_ELEMENTS (compressions); i++)
    if (g_str_has_suffix (base, compressions[i]))
      base[strlen (base) - strlen (compressions[i])] = '\0';
  return g_strdup_printf ("%s-sizes.%s", base, format);
}

static void
show_error (HtHistogramView *self,
            GFile           *file,
            const GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Could Not Write “%s”"), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ht_histogram_view_save:
 * @format: "png", "svg" or "csv"
 *
 * Writes the histogram to @file as the picture on screen (PNG, SVG) or as
 * its numbers (CSV); an error is shown in a dialog that names the file.
 *
 * Returns: whether @file was written
 */
gboolean
ht_histogram_view_save (HtHistogramView *self,
                        const char      *format,
                        GFile           *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (HT_IS_HISTOGRAM_VIEW (self), FALSE);
  g_return_val_if_fail (self->histogram != NULL, FALSE);

  if (g_str_equal (format, "csv"))
    {
      char *csv = ht_histogram_to_csv (self->histogram, analysis (self));

      bytes = g_bytes_new_take (csv, strlen (csv));
    }
  else
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self->chart));
      int height = gtk_widget_get_height (GTK_WIDGET (self->chart));

      if (width == 0 || height == 0)
        {
          width = EXPORT_WIDTH;
          height = EXPORT_HEIGHT;
        }
      bytes = ht_histogram_render (self->histogram, analysis (self), self->colours, width, height, is_dark (),
                                   g_str_equal (format, "svg") ? HT_HISTOGRAM_IMAGE_SVG : HT_HISTOGRAM_IMAGE_PNG,
                                   &error);
    }

  path = g_file_get_path (file);
  if (bytes != NULL && path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
  if (bytes != NULL && path != NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      if (ht_output_file_write (path, data, length, &error))
        return TRUE;
    }
  show_error (self, file, error);
  return FALSE;
}

static void
chooser_response_cb (HtHistogramView      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_assert (HT_IS_HISTOGRAM_VIEW (self));

  /* the trace may have been closed while the chooser was open */
  if (response == GTK_RESPONSE_ACCEPT && self->histogram != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      ht_histogram_view_save (self, self->export_format, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtHistogramView *self = HT_HISTOGRAM_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->histogram == NULL)
    return;

  g_free (self->export_format);
  self->export_format = g_strdup (format);
  name = suggested_name (self, format);
  self->chooser = gtk_file_chooser_native_new (_("Export Histogram"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The histogram of the view document, in the colours of the whole trace's
 * locations; the tallest bar selected, so that the label says something */
static void
ht_histogram_view_load (HtView *view)
{
  HtHistogramView *self = HT_HISTOGRAM_VIEW (view);
  HtDocument *whole = ht_session_get_document (ht_view_get_session (view));
  gboolean empty;

  self->document = g_object_ref (ht_view_get_document (view));
  self->histogram = ht_histogram_new (analysis (self), N_TOP);
  self->colours = ht_location_colours_new (ht_document_get_analysis (whole), N_TOP);
  empty = ht_histogram_total_calls (self->histogram) == 0;
  self->selected = empty ? -1 : (int) ht_histogram_tallest_bucket (self->histogram);
  self->hovered = -1;
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "chart");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "histogram.export", !empty);
  update (self);
}

static void
ht_histogram_view_unload (HtView *view)
{
  HtHistogramView *self = HT_HISTOGRAM_VIEW (view);

  g_clear_pointer (&self->histogram, ht_histogram_free);
  g_clear_pointer (&self->colours, ht_location_colours_free);
  g_clear_object (&self->document);
  self->selected = -1;
  self->hovered = -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "histogram.export", FALSE);
  update (self);
}

static void
ht_histogram_view_dispose (GObject *object)
{
  HtHistogramView *self = (HtHistogramView *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->histogram, ht_histogram_free);
  g_clear_pointer (&self->colours, ht_location_colours_free);
  g_clear_object (&self->document);
  g_clear_pointer (&self->export_format, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_HISTOGRAM_VIEW);

  G_OBJECT_CLASS (ht_histogram_view_parent_class)->dispose (object);
}

static void
ht_histogram_view_class_init (HtHistogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_histogram_view_dispose;

  view_class->load = ht_histogram_view_load;
  view_class->unload = ht_histogram_view_unload;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-histogram-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtHistogramView, stack);
  gtk_widget_class_bind_template_child (widget_class, HtHistogramView, chart);
  gtk_widget_class_bind_template_child (widget_class, HtHistogramView, description);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);

  gtk_widget_class_install_action (widget_class, "histogram.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "histogram.export", "s", export_action);
}

static void
ht_histogram_view_init (HtHistogramView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->selected = -1;
  self->hovered = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart, draw_cb, self, NULL);

  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, 0);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->chart), motion);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->chart), GTK_EVENT_CONTROLLER (click));
  /* on the picture only: elsewhere the arrow keys move the focus */
  add_move_shortcut (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Left, -1);
  add_move_shortcut (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Right, 1);
  gtk_widget_add_controller (GTK_WIDGET (self->chart), keys);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw),
                           self->chart, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "histogram.export", FALSE);
}

/* The bars the picture shows: one per bucket from the first with calls */
guint
ht_histogram_view_get_n_bars (HtHistogramView *self)
{
  HtHistogramGeometry g;

  g_return_val_if_fail (HT_IS_HISTOGRAM_VIEW (self), 0);

  if (self->histogram == NULL)
    return 0;
  geometry (self, &g);
  return g.n_bars;
}

/* The selected bucket, -1 if none */
int
ht_histogram_view_get_selected (HtHistogramView *self)
{
  g_return_val_if_fail (HT_IS_HISTOGRAM_VIEW (self), -1);

  return self->selected;
}

/* What the label under the picture says */
const char *
ht_histogram_view_get_description (HtHistogramView *self)
{
  g_return_val_if_fail (HT_IS_HISTOGRAM_VIEW (self), NULL);

  return gtk_label_get_text (self->description);
}

/* The picture: the widget that takes the keys */
GtkWidget *
ht_histogram_view_get_chart (HtHistogramView *self)
{
  g_return_val_if_fail (HT_IS_HISTOGRAM_VIEW (self), NULL);

  return GTK_WIDGET (self->chart);
}
