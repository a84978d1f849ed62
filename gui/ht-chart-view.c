/* ht-chart-view.c: one timeline chart, and the input on it
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart is drawn by ht-chart-painter.c from an HtChart its page made;
 * this widget only feeds the painter what to show and turns input into
 * requests: a drag selects a time range in the session, a click clears it
 * (and on the chart of live bytes offers the heap at that moment), the
 * wheel with Ctrl zooms and without it pans the time adjustment that the
 * page's charts share. The keyboard reaches all of it: the arrow keys move
 * a cursor along the rows, Shift extends a selection, Enter offers the
 * heap at the cursor. The label under the chart says in words what the
 * pointer or the cursor is on, as screen readers cannot see a drawing.
 */

#define G_LOG_DOMAIN "ht-chart-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-chart-painter.h"
#include "ht-chart-view.h"
#include "ht-output-file.h"

/* The narrowest zoom, in ms: the rows are at least 1 ms apart */
#define MIN_SPAN 4.0
/* How far the drag must go before it selects rather than clicks */
#define DRAG_THRESHOLD 4.0

struct _HtChartView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *header;
  GtkLabel       *title_label;
  GtkWidget      *peak_button;
  GtkDrawingArea *area;
  GtkLabel       *description_label;

  /* Owned references */
  GtkWidget      *popover;
  HtSession      *session;
  GSignalGroup   *session_signals;
  GtkAdjustment  *adjustment;
  GSignalGroup   *adjustment_signals;
  char           *description;

  /* Borrowed: the page owns the chart and lets go of it after the view */
  const HtChart  *chart;

  HtCostType      cost_type;
  int             hover_row;     /* under the pointer, -1 for none */
  int             cursor_row;    /* of the keyboard */
  int             anchor_row;    /* where Shift+arrows started, -1 for none */
  double          pointer_x;
  gboolean        selecting;     /* a drag went past the threshold */
  double          drag_start_x;
  double          drag_start_y;
  double          drag_x;
  double          pan_start;     /* the adjustment's value when a pan began */
};

enum {
  PROP_0,
  PROP_COST_TYPE,
  PROP_DESCRIPTION,
  PROP_SESSION,
  PROP_TIME_ADJUSTMENT,
  N_PROPS
};

enum {
  HEAP_AT_INSTANT,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (HtChartView, ht_chart_view, GTK_TYPE_WIDGET)

static gboolean
is_bytes (HtChartView *self)
{
  return self->cost_type == HT_COST_PEAK || self->cost_type == HT_COST_LEAKED;
}

static void
get_view_range (HtChartView *self,
                double      *start,
                double      *end)
{
  double page = self->adjustment != NULL ? gtk_adjustment_get_page_size (self->adjustment) : 0;

  if (page > 0)
    {
      *start = gtk_adjustment_get_value (self->adjustment);
      *end = *start + page;
    }
  else
    {
      *start = 0;
      *end = self->chart != NULL ? self->chart->runtime : 1;
    }
}

static void
get_plot (HtChartView         *self,
          HtChartPlot         *plot,
          HtChartPaintOptions *options)
{
  ht_chart_plot_area (gtk_widget_get_width (GTK_WIDGET (self->area)),
                      gtk_widget_get_height (GTK_WIDGET (self->area)), plot);
  memset (options, 0, sizeof *options);
  get_view_range (self, &options->view_start, &options->view_end);
}

static double
x_to_time (HtChartView *self,
           double       x)
{
  HtChartPlot plot;
  HtChartPaintOptions options;

  get_plot (self, &plot, &options);
  return MAX (ht_chart_plot_time (&plot, &options, x), 0);
}

/**
 * ht_chart_view_time_to_x:
 *
 * Returns: where @time (in ms) is drawn, in the chart's drawing area
 */
double
ht_chart_view_time_to_x (HtChartView *self,
                         double       time)
{
  HtChartPlot plot;
  HtChartPaintOptions options;

  g_return_val_if_fail (HT_IS_CHART_VIEW (self), 0);

  get_plot (self, &plot, &options);
  return ht_chart_plot_x (&plot, &options, time);
}

static void
set_description (HtChartView *self,
                 char        *text)
{
  g_assert (HT_IS_CHART_VIEW (self));

  g_free (self->description);
  self->description = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DESCRIPTION]);
}

/* the label says what the pointer is on, or else the keyboard's cursor */
static void
update_description (HtChartView *self)
{
  int row = self->hover_row >= 0 ? self->hover_row : self->cursor_row;

  if (self->chart == NULL || self->chart->n_rows == 0)
    set_description (self, g_strdup (""));
  else if (row >= 0)
    set_description (self, ht_chart_describe_row (self->chart, row, FALSE));
  else
    set_description (self, g_strdup (_("Point at the chart, or focus it and press the arrow keys, to read its values")));
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HtChartView *self = user_data;
  HtChartPaintOptions options = { 0 };

  g_assert (HT_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return;
  get_view_range (self, &options.view_start, &options.view_end);
  options.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  if (self->selecting)
    {
      double a = x_to_time (self, self->drag_start_x), b = x_to_time (self, self->drag_x);

      options.has_selection = TRUE;
      options.selection_start = (guint64) floor (MIN (a, b));
      options.selection_end = (guint64) ceil (MAX (a, b));
    }
  else if (self->session != NULL && ht_session_get_has_selection (self->session))
    {
      options.has_selection = TRUE;
      options.selection_start = ht_session_get_selection_start (self->session);
      options.selection_end = ht_session_get_selection_end (self->session);
    }
  options.cursor_row = self->hover_row >= 0 ? self->hover_row
                     : gtk_widget_has_focus (GTK_WIDGET (area)) ? self->cursor_row : -1;
  ht_chart_paint (cr, self->chart, width, height, &options);
}

static void
queue_draw (HtChartView *self)
{
  g_assert (HT_IS_CHART_VIEW (self));

  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/**
 * ht_chart_view_show_range:
 *
 * Shows the time from @start to @end (ms) in every chart sharing the time
 * adjustment, no narrower than a few ms and no wider than the trace.
 */
void
ht_chart_view_show_range (HtChartView *self,
                          double       start,
                          double       end)
{
  double upper, span;

  g_return_if_fail (HT_IS_CHART_VIEW (self));

  if (self->adjustment == NULL)
    return;
  upper = gtk_adjustment_get_upper (self->adjustment);
  span = CLAMP (end - start, MIN (MIN_SPAN, upper), upper);
  start = CLAMP (start, 0, upper - span);
  gtk_adjustment_configure (self->adjustment, start, 0, upper, span / 10, span * 0.9, span);
}

/**
 * ht_chart_view_zoom:
 * @factor: below 1 zooms in, above 1 out
 * @around: the time (ms) that stays where it is
 */
void
ht_chart_view_zoom (HtChartView *self,
                    double       factor,
                    double       around)
{
  double start, end, span;

  g_return_if_fail (HT_IS_CHART_VIEW (self));

  get_view_range (self, &start, &end);
  span = end - start;
  if (span <= 0)
    return;
  ht_chart_view_show_range (self, around - (around - start) * factor, around + (end - around) * factor);
}

/* Pans so that @row is in view */
static void
ensure_visible (HtChartView *self,
                int          row)
{
  double start, end, t = self->chart->times[row];

  get_view_range (self, &start, &end);
  if (t < start)
    ht_chart_view_show_range (self, t - (end - start) * 0.1, t + (end - start) * 0.9);
  else if (t > end)
    ht_chart_view_show_range (self, t - (end - start) * 0.9, t + (end - start) * 0.1);
}

static void
popup_menu (HtChartView *self,
            int          row,
            double       x,
            double       y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) heap = g_menu_new ();
  g_autoptr(GMenu) zoom = g_menu_new ();

  g_assert (HT_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return;
  if (is_bytes (self) && row >= 0)
    {
      g_autofree char *when = ht_chart_format_moment (self->chart->times[row]);
      /* Translators: what was live at a moment, e.g. "Heap at 1.25 s" */
      g_autofree char *label = g_strdup_printf (_("Heap at %s"), when);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "chart.heap-at",
                                               g_variant_new_uint64 (self->chart->times[row]));
      g_menu_append_item (heap, item);
      g_menu_append (heap, _("Heap at the Peak"), "chart.heap-at-peak");
      if (self->session != NULL && ht_session_get_has_selection (self->session))
        {
          g_autofree char *start = ht_chart_format_moment (ht_session_get_selection_start (self->session));
          g_autofree char *end = ht_chart_format_moment (ht_session_get_selection_end (self->session));
          /* Translators: what grew over the selection: the heap at its
           * start and at its end, compared, e.g. "Compare Heap at 0.50 s
           * and at 0.77 s" */
          g_autofree char *compare = g_strdup_printf (_("Compare Heap at %s and at %s"), start, end);

          g_menu_append (heap, compare, "win.compare-selection");
        }
      g_menu_append_section (menu, NULL, G_MENU_MODEL (heap));
    }
  g_menu_append (zoom, _("Zoom to Selection"), "charts.zoom-to-selection");
  g_menu_append (zoom, _("Reset Zoom"), "charts.reset-zoom");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (zoom));

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static int
row_at_x (HtChartView *self,
          double       x)
{
  if (self->chart == NULL || self->chart->n_rows == 0)
    return -1;
  return ht_chart_row_at (self->chart, (guint64) round (x_to_time (self, x)));
}

/* The row under the pointer at @x, -1 outside the plot */
static int
hover_row_at (HtChartView *self,
              double       x)
{
  HtChartPlot plot;
  HtChartPaintOptions options;

  get_plot (self, &plot, &options);
  if (x >= plot.x && x <= plot.x + plot.width)
    return row_at_x (self, x);
  return -1;
}

static void
motion_cb (HtChartView              *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  int row;

  g_assert (HT_IS_CHART_VIEW (self));

  self->pointer_x = x;
  row = hover_row_at (self, x);
  if (row != self->hover_row)
    {
      self->hover_row = row;
      update_description (self);
    }
}

static void
leave_cb (HtChartView              *self,
          GtkEventControllerMotion *motion)
{
  g_assert (HT_IS_CHART_VIEW (self));

  self->hover_row = -1;
  update_description (self);
}

static gboolean
query_tooltip_cb (HtChartView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkWidget   *area)
{
  int row = keyboard ? self->cursor_row : self->hover_row;
  g_autofree char *text = NULL;

  g_assert (HT_IS_CHART_VIEW (self));

  if (self->chart == NULL || row < 0 || self->selecting)
    return FALSE;
  text = ht_chart_describe_row (self->chart, row, TRUE);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
drag_begin_cb (HtChartView    *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  g_assert (HT_IS_CHART_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  self->drag_start_x = self->drag_x = x;
  self->drag_start_y = y;
  self->selecting = FALSE;
}

static void
drag_update_cb (HtChartView    *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  g_assert (HT_IS_CHART_VIEW (self));

  self->drag_x = self->drag_start_x + dx;
  if (fabs (dx) >= DRAG_THRESHOLD)
    self->selecting = TRUE;
  if (self->selecting)
    queue_draw (self);
}

static void
drag_end_cb (HtChartView    *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  g_assert (HT_IS_CHART_VIEW (self));

  self->drag_x = self->drag_start_x + dx;
  if (self->session == NULL || self->chart == NULL)
    return;
  if (self->selecting || fabs (dx) >= DRAG_THRESHOLD)
    {
      double a = x_to_time (self, self->drag_start_x), b = x_to_time (self, self->drag_x);

      self->selecting = FALSE;
      ht_session_select_time (self->session, (guint64) floor (MIN (a, b)), (guint64) ceil (MAX (a, b)));
    }
  else
    {
      /* a click: no selection any more, and the heap at that moment */
      int row = row_at_x (self, self->drag_start_x);

      ht_session_clear_selection (self->session);
      if (row >= 0)
        {
          self->cursor_row = row;
          self->anchor_row = -1;
          update_description (self);
        }
      if (is_bytes (self) && row >= 0)
        popup_menu (self, row, self->drag_start_x, self->drag_start_y);
    }
  queue_draw (self);
}

static void
context_pressed_cb (HtChartView     *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  g_assert (HT_IS_CHART_VIEW (self));

  popup_menu (self, row_at_x (self, x), x, y);
}

static void
pan_begin_cb (HtChartView    *self,
              double          x,
              double          y,
              GtkGestureDrag *gesture)
{
  double end;

  g_assert (HT_IS_CHART_VIEW (self));

  get_view_range (self, &self->pan_start, &end);
}

static void
pan_update_cb (HtChartView    *self,
               double          dx,
               double          dy,
               GtkGestureDrag *gesture)
{
  HtChartPlot plot;
  HtChartPaintOptions options;
  double span, start;

  g_assert (HT_IS_CHART_VIEW (self));

  get_plot (self, &plot, &options);
  span = options.view_end - options.view_start;
  /* the time under the pointer stays under it */
  start = self->pan_start - dx / plot.width * span;
  ht_chart_view_show_range (self, start, start + span);
}

static gboolean
scroll_cb (HtChartView              *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double start, end;

  g_assert (HT_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return FALSE;
  get_view_range (self, &start, &end);
  if (state & GDK_CONTROL_MASK)
    ht_chart_view_zoom (self, pow (1.2, dy), x_to_time (self, self->pointer_x));
  else
    {
      double shift = (dx != 0 ? dx : dy) * (end - start) * 0.08;

      ht_chart_view_show_range (self, start + shift, end + shift);
    }
  return TRUE;
}

/* the keyboard's cursor moved to @row: Shift selects from where it started */
static void
move_cursor (HtChartView *self,
             int          row,
             gboolean     extend)
{
  row = CLAMP (row, 0, (int) self->chart->n_rows - 1);
  if (extend)
    {
      if (self->anchor_row < 0)
        self->anchor_row = self->cursor_row;
    }
  else
    self->anchor_row = -1;
  self->cursor_row = row;
  self->hover_row = -1;
  ensure_visible (self, row);
  if (extend && self->session != NULL)
    {
      guint64 a = self->chart->times[self->anchor_row], b = self->chart->times[row];

      if (a != b)
        ht_session_select_time (self->session, MIN (a, b), MAX (a, b));
      else
        ht_session_clear_selection (self->session);
    }
  update_description (self);
}

static gboolean
key_pressed_cb (HtChartView           *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *key)
{
  gboolean extend = (state & GDK_SHIFT_MASK) != 0;
  int step = (state & GDK_CONTROL_MASK) ? 10 : 1;

  g_assert (HT_IS_CHART_VIEW (self));

  if (self->chart == NULL || self->chart->n_rows == 0)
    return FALSE;
  if (self->cursor_row < 0)
    self->cursor_row = 0;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_cursor (self, self->cursor_row - step, extend);
      return TRUE;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_cursor (self, self->cursor_row + step, extend);
      return TRUE;

    case GDK_KEY_Home:
      move_cursor (self, 0, extend);
      return TRUE;

    case GDK_KEY_End:
      move_cursor (self, self->chart->n_rows - 1, extend);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
    case GDK_KEY_Menu:
      popup_menu (self, self->cursor_row, ht_chart_view_time_to_x (self, self->chart->times[self->cursor_row]),
                  gtk_widget_get_height (GTK_WIDGET (self->area)) / 2.0);
      return TRUE;

    case GDK_KEY_F10:
      if (!extend)
        return FALSE;
      popup_menu (self, self->cursor_row, ht_chart_view_time_to_x (self, self->chart->times[self->cursor_row]),
                  gtk_widget_get_height (GTK_WIDGET (self->area)) / 2.0);
      return TRUE;

    case GDK_KEY_Escape:
      if (self->session == NULL || !ht_session_get_has_selection (self->session))
        return FALSE;
      ht_session_clear_selection (self->session);
      self->anchor_row = -1;
      return TRUE;

    default:
      return FALSE;
    }
}

static void
heap_at_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals [HEAP_AT_INSTANT], 0, g_variant_get_uint64 (parameter));
}

static void
heap_at_peak_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HtChartView *self = HT_CHART_VIEW (widget);

  /* the peak came after the c line of its ms: the heap at the ms after it
   * holds it (docs/figures.md §14.1) */
  if (self->chart != NULL && is_bytes (self))
    g_signal_emit (widget, signals [HEAP_AT_INSTANT], 0, self->chart->peak_time + 1);
}

/* the window shows the heap at the instant (its win.heap-at-instant) */
static void
ht_chart_view_real_heap_at_instant (HtChartView *self,
                                    guint64      ms)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.heap-at-instant", "t", ms);
}

static const char *
export_name (HtChartView *self)
{
  switch (self->cost_type)
    {
    case HT_COST_ALLOCATIONS:
      return "allocations";
    case HT_COST_TEMPORARY:
      return "temporary-allocations";
    case HT_COST_PEAK:
    case HT_COST_LEAKED:
    default:
      return "consumed-memory";
    }
}

/**
 * ht_chart_view_export:
 * @format: "png", "svg" or "csv"
 *
 * Writes the chart (as a picture the size it has on screen, or its series
 * as CSV) to @path; a failure is shown in a dialog that names the file.
 *
 * Returns: whether the file was written
 */
gboolean
ht_chart_view_export (HtChartView *self,
                      const char  *format,
                      const char  *path)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  HtChartPaintOptions options = { 0 };
  int width, height;

  g_return_val_if_fail (HT_IS_CHART_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->chart == NULL)
    return FALSE;
  get_view_range (self, &options.view_start, &options.view_end);
  options.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  options.background = TRUE;
  options.cursor_row = -1;
  if (self->session != NULL && ht_session_get_has_selection (self->session))
    {
      options.has_selection = TRUE;
      options.selection_start = ht_session_get_selection_start (self->session);
      options.selection_end = ht_session_get_selection_end (self->session);
    }
  /* a picture no smaller than a readable one */
  width = MAX (gtk_widget_get_width (GTK_WIDGET (self->area)), 800);
  height = MAX (gtk_widget_get_height (GTK_WIDGET (self->area)), 300);
  if (g_strcmp0 (format, "png") == 0)
    bytes = ht_chart_paint_png (self->chart, width, height, &options);
  else if (g_strcmp0 (format, "svg") == 0)
    bytes = ht_chart_paint_svg (self->chart, width, height, &options);
  else
    {
      char *csv = ht_chart_to_csv (self->chart);

      bytes = g_bytes_new_take (csv, strlen (csv));
    }

  if (!ht_output_file_write (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      /* ht_output_file_write's message names the file and says why */
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Cannot Export the Chart"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }
  return TRUE;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    HtChartView     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  g_assert (HT_IS_CHART_VIEW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL)
        ht_chart_view_export (self, g_object_get_data (G_OBJECT (dialog), "format"), path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtChartView *self = HT_CHART_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = g_strdup_printf ("%s.%s", export_name (self), format);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Chart"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
update_title (HtChartView *self)
{
  static const char * const titles[] = {
    [HT_COST_ALLOCATIONS] = N_("Allocations"),
    [HT_COST_TEMPORARY] = N_("Temporary Allocations"),
    [HT_COST_PEAK] = N_("Consumed Memory"),
    [HT_COST_LEAKED] = N_("Consumed Memory"),
  };

  gtk_label_set_label (self->title_label, _(titles[self->cost_type]));
  gtk_widget_set_visible (self->peak_button, is_bytes (self));
}

/**
 * ht_chart_view_set_chart:
 * @chart: (nullable): the chart of the view's cost; the caller keeps it
 *   alive until it sets another one or %NULL
 *
 * Shows @chart, over the whole trace until the time adjustment says otherwise.
 */
void
ht_chart_view_set_chart (HtChartView   *self,
                         const HtChart *chart)
{
  gboolean hovering;

  g_return_if_fail (HT_IS_CHART_VIEW (self));

  /* a chart that grows (a recording watched live) keeps the reading
   * under a pointer that stays where it was */
  hovering = self->hover_row >= 0;
  self->chart = chart;
  self->hover_row = hovering ? hover_row_at (self, self->pointer_x) : -1;
  self->cursor_row = -1;
  self->anchor_row = -1;
  self->selecting = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export", chart != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.heap-at-peak",
                                 chart != NULL && ht_chart_is_bytes (chart) && chart->peak > 0);
  update_description (self);
}

const HtChart *
ht_chart_view_get_chart (HtChartView *self)
{
  g_return_val_if_fail (HT_IS_CHART_VIEW (self), NULL);

  return self->chart;
}

/* What the label under the chart says: the values at the pointer or cursor */
const char *
ht_chart_view_get_description (HtChartView *self)
{
  g_return_val_if_fail (HT_IS_CHART_VIEW (self), NULL);

  return self->description;
}

static void
ht_chart_view_dispose (GObject *object)
{
  HtChartView *self = (HtChartView *) object;

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_CHART_VIEW);
  self->chart = NULL;
  g_clear_object (&self->session_signals);
  g_clear_object (&self->adjustment_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->adjustment);

  G_OBJECT_CLASS (ht_chart_view_parent_class)->dispose (object);
}

static void
ht_chart_view_finalize (GObject *object)
{
  HtChartView *self = (HtChartView *) object;

  g_free (self->description);

  G_OBJECT_CLASS (ht_chart_view_parent_class)->finalize (object);
}

static void
ht_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HtChartView *self = HT_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_COST_TYPE:
      g_value_set_enum (value, self->cost_type);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TIME_ADJUSTMENT:
      g_value_set_object (value, self->adjustment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HtChartView *self = HT_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_COST_TYPE:
      if (self->cost_type != (HtCostType) g_value_get_enum (value))
        {
          self->cost_type = g_value_get_enum (value);
          update_title (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->session_signals, self->session);
          queue_draw (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TIME_ADJUSTMENT:
      if (g_set_object (&self->adjustment, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->adjustment_signals, self->adjustment);
          queue_draw (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_chart_view_class_init (HtChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_chart_view_dispose;
  object_class->finalize = ht_chart_view_finalize;
  object_class->get_property = ht_chart_view_get_property;
  object_class->set_property = ht_chart_view_set_property;

  properties [PROP_COST_TYPE] =
    g_param_spec_enum ("cost-type", NULL, NULL,
                       HT_TYPE_COST_TYPE, HT_COST_PEAK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* whose selection the chart shows and sets */
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         HT_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* the time shown, in ms: value to value + page-size; shared by the page's charts */
  properties [PROP_TIME_ADJUSTMENT] =
    g_param_spec_object ("time-adjustment", NULL, NULL,
                         GTK_TYPE_ADJUSTMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HtChartView::heap-at-instant:
   * @ms: the moment, in ms since the start of the trace
   *
   * The user asked for the heap at @ms; the default handler activates
   * the window's win.heap-at-instant with it.
   */
  signals [HEAP_AT_INSTANT] =
    g_signal_new_class_handler ("heap-at-instant",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (ht_chart_view_real_heap_at_instant),
                                NULL, NULL,
                                NULL,
                                G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-chart-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtChartView, header);
  gtk_widget_class_bind_template_child (widget_class, HtChartView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HtChartView, peak_button);
  gtk_widget_class_bind_template_child (widget_class, HtChartView, area);
  gtk_widget_class_bind_template_child (widget_class, HtChartView, description_label);

  gtk_widget_class_install_action (widget_class, "chart.heap-at", "t", heap_at_action);
  gtk_widget_class_install_action (widget_class, "chart.heap-at-peak", NULL, heap_at_peak_action);
  gtk_widget_class_install_action (widget_class, "chart.export", "s", export_action);
}

static void
ht_chart_view_init (HtChartView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->hover_row = self->cursor_row = self->anchor_row = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_title (self);
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  /* a screen reader names the chart by its title and reads the label under it */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->description_label, NULL,
                                  -1);

  self->popover = gtk_popover_menu_new_from_model (NULL);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self->area));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), controller);

  /* a drag with the first button selects, a click clears */
  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (gesture));

  /* the middle button pans */
  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_MIDDLE);
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (pan_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (pan_update_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (context_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), controller);

  controller = gtk_event_controller_focus_new ();
  /* the keyboard's cursor shows while the chart has the focus */
  g_signal_connect_object (controller, "enter", G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->area), controller);

  g_signal_connect_object (self->area, "query-tooltip", G_CALLBACK (query_tooltip_cb), self, G_CONNECT_SWAPPED);

  /* the selection, the zoom and the style show on the chart at once */
  self->session_signals = g_signal_group_new (HT_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selection-start",
                                 G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::selection-end",
                                 G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  self->adjustment_signals = g_signal_group_new (GTK_TYPE_ADJUSTMENT);
  g_signal_group_connect_object (self->adjustment_signals, "value-changed",
                                 G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->adjustment_signals, "changed",
                                 G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
  ht_chart_view_set_chart (self, NULL);
}
