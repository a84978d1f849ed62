/* ht-flame-graph-area.c: a flame graph to point at, click and walk
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the layout of gui/model/ht-flame-graph.c with the painter of
 * ht-flame-graph-painter.c and answers the pointer and the keyboard; it
 * computes nothing the model does not. The painted frames are kept as a
 * render node until something they show changes (the layout, the marks,
 * the colours, the size), so that hovering and the focus outline, drawn
 * over them, never repaint thousands of frames. The layout is kept until
 * the width, the tree, the zoom or an option changes. The tree is a call
 * tree of one trace, or any other an HtFlameSource reads (a comparison's
 * paired tree); what only a call tree has (its source files, the session's
 * selected function, the trees to show it in) is there for call trees.
 *
 * Zooming keeps a history, as a browser does: back, forward, and reset
 * (to the whole tree, itself a step back can undo).
 *
 * The keyboard walks the frames (the arrows go where they point: up is
 * the parent in an icicle graph and a child in a flame graph), Return
 * zooms, and the Menu key or Shift+F10 opens the frame's menu. The frame
 * pointed at, else the one walked to, is told in words in the
 * "description" property, which the view shows in a label for screen
 * readers.
 */

#define G_LOG_DOMAIN "ht-flame-graph"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-flame-graph-area.h"
#include "ht-flame-graph-painter.h"
#include "ht-settings.h"
#include "ht-view.h"

/* pixels per level: a line of the painter's 9 pt text and a little air */
#define ROW_HEIGHT 18

struct _HtFlameGraphArea
{
  GtkWidget       parent_instance;

  /* Borrowed references */
  const HtFlameSource *source;    /* NULL while there is no tree */
  gpointer        data;           /* the source's tree, while the view shows it */
  gpointer        root;
  HtCallTree     *tree;           /* @data, if it is a call tree */

  /* Owned references */
  HtFlameLayout  *layout;         /* NULL until drawn, or after a change */
  GskRenderNode  *picture;        /* the painted frames, NULL after a change */
  HtFlameLabels  *labels;
  GPtrArray      *history;        /* nodes, NULL for the whole tree */
  GtkWidget      *menu;           /* the frames' context menu */
  char           *search_text;
  char           *description;
  char           *search_summary;

  HtCallSymbol    selected;       /* the session's selected function */
  gboolean        has_selected;
  gpointer        focus_node;     /* walked to with the keyboard, or clicked */
  guint           hover;          /* the frame pointed at, HT_FLAME_NO_FRAME */
  guint           position;       /* in history */
  int             layout_width;
  int             picture_width;
  int             picture_height;

  HtCostType      cost_type;
  double          threshold;      /* percent of the total */
  guint           icicle : 1;
  guint           collapse_recursion : 1;
  guint           colour_by_cost : 1;
  guint           colour_by_change : 1;
};

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  PROP_COLLAPSE_RECURSION,
  PROP_COLOUR_BY_CHANGE,
  PROP_COLOUR_BY_COST,
  PROP_COST_TYPE,
  PROP_DESCRIPTION,
  PROP_EMPTY,
  PROP_ICICLE,
  PROP_SEARCH_SUMMARY,
  PROP_SEARCH_TEXT,
  PROP_THRESHOLD,
  PROP_ZOOMED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtFlameGraphArea, ht_flame_graph_area, GTK_TYPE_WIDGET)

static void ensure_layout (HtFlameGraphArea *self);

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static gpointer
current_zoom (HtFlameGraphArea *self)
{
  return g_ptr_array_index (self->history, self->position);
}

static gboolean
is_empty (HtFlameGraphArea *self)
{
  return self->source == NULL || self->source->cost (self->data, self->root, self->cost_type) <= 0;
}

static guint
focus_frame (HtFlameGraphArea *self)
{
  if (self->layout == NULL)
    return HT_FLAME_NO_FRAME;
  return ht_flame_layout_find_node (self->layout, self->focus_node);
}

static void
set_string (HtFlameGraphArea  *self,
            char             **field,
            char              *value,
            GParamSpec        *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* The frame pointed at, else the one walked to, in words */
static void
update_description (HtFlameGraphArea *self)
{
  guint frame = self->hover != HT_FLAME_NO_FRAME ? self->hover : focus_frame (self);
  char *text;

  if (frame != HT_FLAME_NO_FRAME)
    text = ht_flame_layout_describe (self->layout, frame);
  else if (is_empty (self))
    text = g_strdup ("");
  else
    text = g_strdup (_("Point at a frame, or press an arrow key to walk the frames."));
  set_string (self, &self->description, text, properties [PROP_DESCRIPTION]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* What the frame actions can do on the focused frame */
static void
update_actions (HtFlameGraphArea *self)
{
  gboolean has_node = self->focus_node != NULL && self->source != NULL;
  gboolean has_call = has_node && self->tree != NULL;
  gboolean has_file = has_call && ht_call_tree_node_get_file (self->tree, self->focus_node) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "frame.zoom-in", has_node);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "frame.show-bottom-up", has_call);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "frame.show-top-down", has_call);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "frame.open-source", has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "frame.copy-name", has_node);
}

/* The frames look different: paint them again at the next draw */
static void
repaint (HtFlameGraphArea *self)
{
  g_clear_pointer (&self->picture, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_search (HtFlameGraphArea *self)
{
  char *summary = g_strdup ("");

  if (self->layout != NULL)
    {
      gint64 matched = ht_flame_layout_search (self->layout, self->search_text);

      if (self->search_text != NULL && *self->search_text != '\0' && self->layout->total > 0)
        {
          g_free (summary);
          /* Translators: the share of the total cost the search matches, e.g. "matches 12.3 % of peak" */
          summary = g_strdup_printf (_("matches %.1f %% of %s"),
                                     100.0 * (double) matched / (double) self->layout->total,
                                     ht_flame_cost_name (self->cost_type));
        }
    }
  set_string (self, &self->search_summary, summary, properties [PROP_SEARCH_SUMMARY]);
}

/* Something the layout depends on changed: lay out again at the next draw,
 * or now if a result is watched (the search's share, the description) */
static void
relayout (HtFlameGraphArea *self)
{
  g_clear_pointer (&self->layout, ht_flame_layout_free);
  self->hover = HT_FLAME_NO_FRAME;
  repaint (self);
  ensure_layout (self);
  update_description (self);
  update_actions (self);
}

/* The layout at @width, marked as the widget marks it */
static HtFlameLayout *
new_layout (HtFlameGraphArea *self,
            int               width)
{
  HtFlameLayout *layout = ht_flame_layout_new_for (self->source, self->data, self->root, current_zoom (self),
                                                   self->cost_type, width, self->threshold / 100.0,
                                                   self->collapse_recursion);

  if (self->tree != NULL)
    ht_flame_layout_mark_symbol (layout, self->has_selected ? &self->selected : NULL);
  return layout;
}

static void
ensure_layout (HtFlameGraphArea *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->layout != NULL && self->layout_width == width)
    return;
  g_clear_pointer (&self->layout, ht_flame_layout_free);
  if (self->source == NULL || width <= 0)
    return;
  self->layout = new_layout (self, width);
  self->layout_width = width;
  update_search (self);
}

static void
notify_history (HtFlameGraphArea *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_BACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_FORWARD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ZOOMED]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
go_to (HtFlameGraphArea *self,
       guint             position)
{
  g_assert (position < self->history->len);

  self->position = position;
  relayout (self);
  notify_history (self);
}

/* Where a frame is drawn, in the widget's pixels */
static graphene_rect_t
frame_rect (HtFlameGraphArea *self,
            guint             frame)
{
  const HtFlameFrame *f = &g_array_index (self->layout->frames, HtFlameFrame, frame);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double x = (int) (f->x * width + 0.5);
  double y = self->icicle ? f->depth * ROW_HEIGHT : height - (f->depth + 1.0) * ROW_HEIGHT;

  return GRAPHENE_RECT_INIT (x, y, MAX ((int) ((f->x + f->width) * width + 0.5) - x, 1), ROW_HEIGHT - 1);
}

static guint
hit (HtFlameGraphArea *self,
     double            x,
     double            y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double level = self->icicle ? y / ROW_HEIGHT : (height - y) / ROW_HEIGHT;

  ensure_layout (self);
  if (self->layout == NULL || level < 0 || width <= 0)
    return HT_FLAME_NO_FRAME;
  return ht_flame_layout_hit (self->layout, x / width, (guint) level);
}

static void
set_focus_node (HtFlameGraphArea *self,
                gpointer          node)
{
  if (self->focus_node == node)
    return;
  self->focus_node = node;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_description (self);
  update_actions (self);
}

static void
set_hover (HtFlameGraphArea *self,
           guint             frame)
{
  if (self->hover == frame)
    return;
  self->hover = frame;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_description (self);
}

/* A click on a frame: zoom into it; on frames merged for being narrow,
 * into the frame they sit on, where they get wider */
static void
zoom_to_frame (HtFlameGraphArea *self,
               guint             frame)
{
  const HtFlameFrame *f = &g_array_index (self->layout->frames, HtFlameFrame, frame);

  if (f->node == NULL && f->parent != HT_FLAME_NO_FRAME)
    f = &g_array_index (self->layout->frames, HtFlameFrame, f->parent);
  if (f->node != NULL)
    ht_flame_graph_area_zoom_to (self, f->node);
}

static void
popup_menu (HtFlameGraphArea *self,
            guint             frame)
{
  graphene_rect_t rect = frame_rect (self, frame);
  GdkRectangle where = { (int) rect.origin.x, (int) rect.origin.y, (int) rect.size.width, (int) rect.size.height };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &where);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
pressed_cb (HtFlameGraphArea *self,
            int               n_press,
            double            x,
            double            y,
            GtkGestureClick  *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  guint frame;

  g_assert (HT_IS_FLAME_GRAPH_AREA (self));

  /* the mouse's back and forward buttons, as in a browser */
  if (button == 8)
    {
      ht_flame_graph_area_back (self);
      return;
    }
  if (button == 9)
    {
      ht_flame_graph_area_forward (self);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  frame = hit (self, x, y);
  if (frame == HT_FLAME_NO_FRAME)
    return;
  if (button == GDK_BUTTON_SECONDARY)
    {
      set_focus_node (self, g_array_index (self->layout->frames, HtFlameFrame, frame).node);
      if (self->focus_node != NULL)
        popup_menu (self, frame);
    }
  else if (button == GDK_BUTTON_PRIMARY)
    zoom_to_frame (self, frame);
}

static void
motion_cb (HtFlameGraphArea         *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  set_hover (self, hit (self, x, y));
}

static void
leave_cb (HtFlameGraphArea         *self,
          GtkEventControllerMotion *motion)
{
  set_hover (self, HT_FLAME_NO_FRAME);
}

static gboolean
ht_flame_graph_area_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard,
                                   GtkTooltip *tooltip)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  guint frame = keyboard ? focus_frame (self) : hit (self, x, y);
  g_autofree char *text = NULL;

  if (frame == HT_FLAME_NO_FRAME)
    return FALSE;
  text = ht_flame_layout_tooltip (self->layout, frame);
  gtk_tooltip_set_markup (tooltip, text);
  return TRUE;
}

static void
paint (HtFlameGraphArea *self,
       HtFlameLayout    *layout,
       cairo_t          *cr,
       int               width,
       int               height)
{
  HtFlamePaintOptions options = { ROW_HEIGHT, self->icicle, is_dark (), self->colour_by_cost,
                                  self->search_text != NULL && *self->search_text != '\0', self->labels,
                                  self->colour_by_change };

  ht_flame_graph_paint (cr, layout, width, height, &options);
}

static void
outline (GtkSnapshot           *snapshot,
         const graphene_rect_t *rect,
         float                  width,
         const GdkRGBA         *colour)
{
  GskRoundedRect border;
  float widths[4] = { width, width, width, width };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&border, rect, 0);
  gtk_snapshot_append_border (snapshot, &border, widths, colours);
}

static void
ht_flame_graph_area_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = is_dark ();
  GdkRGBA ink = dark ? (GdkRGBA) { 1, 1, 1, 1 } : (GdkRGBA) { 0, 0, 0, 1 };
  /* the style's accent blue, for the keyboard's focus */
  GdkRGBA accent = dark ? (GdkRGBA) { 0.47, 0.68, 0.93, 1 } : (GdkRGBA) { 0.11, 0.44, 0.85, 1 };
  guint frame;

  ensure_layout (self);
  if (self->layout == NULL)
    return;
  if (self->picture != NULL && (self->picture_width != width || self->picture_height != height))
    g_clear_pointer (&self->picture, gsk_render_node_unref);
  if (self->picture == NULL)
    {
      GtkSnapshot *painter = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (painter, &GRAPHENE_RECT_INIT (0, 0, width, height));

      paint (self, self->layout, cr, width, height);
      cairo_destroy (cr);
      self->picture = gtk_snapshot_free_to_node (painter);
      self->picture_width = width;
      self->picture_height = height;
    }
  if (self->picture != NULL)
    gtk_snapshot_append_node (snapshot, self->picture);

  if (self->hover != HT_FLAME_NO_FRAME)
    {
      graphene_rect_t rect = frame_rect (self, self->hover);

      outline (snapshot, &rect, 1, &ink);
    }
  frame = focus_frame (self);
  if (frame != HT_FLAME_NO_FRAME)
    {
      graphene_rect_t rect = frame_rect (self, frame);

      outline (snapshot, &rect, gtk_widget_has_focus (widget) ? 3 : 2, &accent);
    }
}

static void
ht_flame_graph_area_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);

  /* here, not when drawing: the search's share and the description follow
   * the layout, and labels showing them must not change while drawing */
  if (self->source != NULL && (self->layout == NULL || self->layout_width != width))
    relayout (self);
  gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
walk_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  const char *way = g_variant_get_string (parameter, NULL);
  guint frame, to;
  HtFlameWalk walk;

  ensure_layout (self);
  if (self->layout == NULL || self->layout->frames->len == 0)
    return;
  frame = focus_frame (self);
  if (frame == HT_FLAME_NO_FRAME)
    {
      /* the first key press picks the base's widest frame */
      set_focus_node (self, g_array_index (self->layout->frames, HtFlameFrame, 0).node);
      return;
    }
  /* the arrows go where they point */
  if (g_str_equal (way, "up"))
    walk = self->icicle ? HT_FLAME_WALK_PARENT : HT_FLAME_WALK_CHILD;
  else if (g_str_equal (way, "down"))
    walk = self->icicle ? HT_FLAME_WALK_CHILD : HT_FLAME_WALK_PARENT;
  else if (g_str_equal (way, "left"))
    walk = HT_FLAME_WALK_PREVIOUS;
  else
    walk = HT_FLAME_WALK_NEXT;
  to = ht_flame_layout_walk (self->layout, frame, walk);
  /* merged frames stand for no function: walk past them */
  while (to != HT_FLAME_NO_FRAME && g_array_index (self->layout->frames, HtFlameFrame, to).node == NULL)
    to = ht_flame_layout_walk (self->layout, to, walk);
  if (to != HT_FLAME_NO_FRAME)
    set_focus_node (self, g_array_index (self->layout->frames, HtFlameFrame, to).node);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);

  if (self->focus_node != NULL)
    ht_flame_graph_area_zoom_to (self, self->focus_node);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  guint frame = focus_frame (self);

  if (frame != HT_FLAME_NO_FRAME)
    popup_menu (self, frame);
}

/* The focused frame's function, selected in the session, shown in a tree */
static void
show_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  GtkWidget *view = gtk_widget_get_ancestor (widget, HT_TYPE_VIEW);
  HtSession *session = view != NULL ? ht_view_get_session (HT_VIEW (view)) : NULL;
  const HtCallSymbol *symbol;

  if (session == NULL || self->focus_node == NULL || self->tree == NULL)
    return;
  symbol = ht_call_tree_node_get_symbol (self->tree, self->focus_node);
  if (symbol != NULL)
    ht_session_select_symbol (session, symbol);
  gtk_widget_activate_action (widget, "win.show-view", "s",
                              g_str_equal (action_name, "frame.show-top-down") ? "top-down" : "bottom-up");
}

static void
open_source_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  const char *file = self->focus_node != NULL && self->tree != NULL
                     ? ht_call_tree_node_get_file (self->tree, self->focus_node) : NULL;

  if (file != NULL)
    ht_open_location (widget, file, ht_call_tree_node_get_line (self->focus_node));
}

static void
copy_name_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (widget);
  g_autofree char *name = NULL;

  if (self->focus_node == NULL)
    return;
  name = self->source->display_name (self->data, self->focus_node, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), name);
}

static void
dark_changed_cb (HtFlameGraphArea *self)
{
  repaint (self);
}

static void
ht_flame_graph_area_dispose (GObject *object)
{
  HtFlameGraphArea *self = (HtFlameGraphArea *) object;

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->layout, ht_flame_layout_free);
  g_clear_pointer (&self->picture, gsk_render_node_unref);
  g_clear_pointer (&self->labels, ht_flame_labels_free);
  self->source = NULL;
  self->data = self->root = NULL;
  self->tree = NULL;
  self->focus_node = NULL;

  G_OBJECT_CLASS (ht_flame_graph_area_parent_class)->dispose (object);
}

static void
ht_flame_graph_area_finalize (GObject *object)
{
  HtFlameGraphArea *self = (HtFlameGraphArea *) object;

  g_ptr_array_unref (self->history);
  g_free (self->search_text);
  g_free (self->description);
  g_free (self->search_summary);

  G_OBJECT_CLASS (ht_flame_graph_area_parent_class)->finalize (object);
}

static void
ht_flame_graph_area_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->position > 0);
      break;

    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, self->position + 1 < self->history->len);
      break;

    case PROP_COLLAPSE_RECURSION:
      g_value_set_boolean (value, self->collapse_recursion);
      break;

    case PROP_COLOUR_BY_CHANGE:
      g_value_set_boolean (value, self->colour_by_change);
      break;

    case PROP_COLOUR_BY_COST:
      g_value_set_boolean (value, self->colour_by_cost);
      break;

    case PROP_COST_TYPE:
      g_value_set_enum (value, self->cost_type);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_EMPTY:
      g_value_set_boolean (value, is_empty (self));
      break;

    case PROP_ICICLE:
      g_value_set_boolean (value, self->icicle);
      break;

    case PROP_SEARCH_SUMMARY:
      g_value_set_string (value, self->search_summary);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;

    case PROP_ZOOMED:
      g_value_set_boolean (value, current_zoom (self) != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A frame that costs nothing (of a new cost type, or after the source
 * changed) would show nothing: back to the whole tree */
static void
reset_empty_zoom (HtFlameGraphArea *self)
{
  gpointer zoom = current_zoom (self);

  if (zoom != NULL && self->source->cost (self->data, zoom, self->cost_type) <= 0)
    ht_flame_graph_area_reset (self);
}

static void
set_cost_type (HtFlameGraphArea *self,
               HtCostType        type)
{
  if (self->cost_type == type)
    return;
  self->cost_type = type;
  reset_empty_zoom (self);
  relayout (self);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COST_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMPTY]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* A boolean option: notifies and lays out again if it changed */
static void
set_option (HtFlameGraphArea *self,
            guint             prop_id,
            gboolean          value)
{
  gboolean old;

  switch (prop_id)
    {
    case PROP_COLLAPSE_RECURSION:
      old = self->collapse_recursion;
      self->collapse_recursion = value;
      break;

    case PROP_COLOUR_BY_CHANGE:
      old = self->colour_by_change;
      self->colour_by_change = value;
      break;

    case PROP_COLOUR_BY_COST:
      old = self->colour_by_cost;
      self->colour_by_cost = value;
      break;

    case PROP_ICICLE:
      old = self->icicle;
      self->icicle = value;
      break;

    default:
      g_assert_not_reached ();
    }
  if (old == value)
    return;
  /* colours and the direction change the picture, not the layout */
  if (prop_id == PROP_COLLAPSE_RECURSION)
    relayout (self);
  else
    repaint (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
}

static void
ht_flame_graph_area_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HtFlameGraphArea *self = HT_FLAME_GRAPH_AREA (object);

  switch (prop_id)
    {
    case PROP_COLLAPSE_RECURSION:
    case PROP_COLOUR_BY_CHANGE:
    case PROP_COLOUR_BY_COST:
    case PROP_ICICLE:
      set_option (self, prop_id, g_value_get_boolean (value));
      break;

    case PROP_COST_TYPE:
      set_cost_type (self, g_value_get_enum (value));
      break;

    case PROP_SEARCH_TEXT:
      if (g_strcmp0 (self->search_text, g_value_get_string (value)) != 0)
        {
          g_free (self->search_text);
          self->search_text = g_value_dup_string (value);
          update_search (self);
          repaint (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_THRESHOLD:
      if (self->threshold != g_value_get_double (value))
        {
          self->threshold = g_value_get_double (value);
          relayout (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GMenuModel *
frame_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) zoom = g_menu_new ();
  g_autoptr(GMenu) show = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();

  g_menu_append (zoom, _("_Zoom In"), "frame.zoom-in");
  g_menu_append (show, _("Show in _Bottom-Up"), "frame.show-bottom-up");
  g_menu_append (show, _("Show in _Top-Down"), "frame.show-top-down");
  g_menu_append (show, _("_Open Source"), "frame.open-source");
  g_menu_append (copy, _("_Copy Function Name"), "frame.copy-name");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (zoom));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (show));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
  return G_MENU_MODEL (menu);
}

static void
ht_flame_graph_area_class_init (HtFlameGraphAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct
  {
    guint       key;
    const char *way;
  } arrows[] = {
    { GDK_KEY_Up, "up" }, { GDK_KEY_KP_Up, "up" },
    { GDK_KEY_Down, "down" }, { GDK_KEY_KP_Down, "down" },
    { GDK_KEY_Left, "left" }, { GDK_KEY_KP_Left, "left" },
    { GDK_KEY_Right, "right" }, { GDK_KEY_KP_Right, "right" },
  };

  object_class->dispose = ht_flame_graph_area_dispose;
  object_class->finalize = ht_flame_graph_area_finalize;
  object_class->get_property = ht_flame_graph_area_get_property;
  object_class->set_property = ht_flame_graph_area_set_property;

  widget_class->snapshot = ht_flame_graph_area_snapshot;
  widget_class->size_allocate = ht_flame_graph_area_size_allocate;
  widget_class->query_tooltip = ht_flame_graph_area_query_tooltip;

  properties [PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* a function calling itself takes one level */
  properties [PROP_COLLAPSE_RECURSION] =
    g_param_spec_boolean ("collapse-recursion", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* coloured by the frames' change in a comparison, not by module */
  properties [PROP_COLOUR_BY_CHANGE] =
    g_param_spec_boolean ("colour-by-change", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* coloured by share of the total, not by module */
  properties [PROP_COLOUR_BY_COST] =
    g_param_spec_boolean ("colour-by-cost", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* the session's, bound in the view */
  properties [PROP_COST_TYPE] =
    g_param_spec_enum ("cost-type", NULL, NULL, HT_TYPE_COST_TYPE, HT_COST_PEAK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* the frame pointed at, else the one walked to, in words */
  properties [PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* nothing to show: no tree, or nothing of the cost type in it */
  properties [PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* levels go down from the top, not up from the bottom */
  properties [PROP_ICICLE] =
    g_param_spec_boolean ("icicle", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* how much of the total the search matches, in words; "" without one */
  properties [PROP_SEARCH_SUMMARY] =
    g_param_spec_string ("search-summary", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* frames below this percentage of the total are hidden */
  properties [PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0, 100, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ZOOMED] =
    g_param_spec_boolean ("zoomed", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "frame.walk", "s", walk_action);
  gtk_widget_class_install_action (widget_class, "frame.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "frame.menu", NULL, menu_action);
  gtk_widget_class_install_action (widget_class, "frame.show-bottom-up", NULL, show_in_action);
  gtk_widget_class_install_action (widget_class, "frame.show-top-down", NULL, show_in_action);
  gtk_widget_class_install_action (widget_class, "frame.open-source", NULL, open_source_action);
  gtk_widget_class_install_action (widget_class, "frame.copy-name", NULL, copy_name_action);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "frame.walk", "s", arrows[i].way);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "frame.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "frame.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "frame.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "frame.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "flamegraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ht_flame_graph_area_init (HtFlameGraphArea *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_autoptr(GMenuModel) menu = frame_menu ();

  self->history = g_ptr_array_new ();
  g_ptr_array_add (self->history, NULL);
  self->hover = HT_FLAME_NO_FRAME;
  self->cost_type = HT_COST_PEAK;
  self->labels = ht_flame_labels_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* a picture to screen readers, its description the frame told in words */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Flame Graph"), -1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  /* every button: the secondary opens the menu, 8 and 9 go back and forth */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  self->menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

/**
 * ht_flame_graph_area_set_source:
 * @source: (nullable): how to read @data's tree, %NULL for no tree
 * @data: the tree to show, which must outlive its showing
 * @root: its root
 *
 * Shows the tree whole, with the zoom history and the focus forgotten.
 */
void
ht_flame_graph_area_set_source (HtFlameGraphArea    *self,
                                const HtFlameSource *source,
                                gpointer             data,
                                gpointer             root)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  if (self->source == source && self->data == data && self->root == root)
    return;
  self->source = source;
  self->data = source != NULL ? data : NULL;
  self->root = source != NULL ? root : NULL;
  self->tree = source == &ht_call_tree_flame_source ? data : NULL;
  self->focus_node = NULL;
  g_ptr_array_set_size (self->history, 1);
  g_ptr_array_index (self->history, 0) = NULL;
  self->position = 0;
  relayout (self);
  notify_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMPTY]);
}

/**
 * ht_flame_graph_area_set_tree:
 * @tree: (nullable): the tree to show, which must outlive its showing
 *
 * Shows @tree whole, with the zoom history and the focus forgotten.
 */
void
ht_flame_graph_area_set_tree (HtFlameGraphArea *self,
                              HtCallTree       *tree)
{
  ht_flame_graph_area_set_source (self, tree != NULL ? &ht_call_tree_flame_source : NULL, tree,
                                  tree != NULL ? ht_call_tree_get_root (tree) : NULL);
}

/**
 * ht_flame_graph_area_source_changed:
 *
 * What the tree shown says changed (a comparison swapped, or now shapes
 * by the other side): lays out again, keeping the zoom where it still
 * shows something.
 */
void
ht_flame_graph_area_source_changed (HtFlameGraphArea *self)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  if (self->source == NULL)
    return;
  reset_empty_zoom (self);
  relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMPTY]);
}

/**
 * ht_flame_graph_area_set_selected_symbol:
 * @symbol: (nullable): the function whose frames get an outline
 */
void
ht_flame_graph_area_set_selected_symbol (HtFlameGraphArea   *self,
                                         const HtCallSymbol *symbol)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  self->has_selected = symbol != NULL;
  if (symbol != NULL)
    self->selected = *symbol;
  if (self->layout != NULL && self->tree != NULL)
    ht_flame_layout_mark_symbol (self->layout, symbol);
  repaint (self);
}

/**
 * ht_flame_graph_area_get_layout:
 *
 * Returns: (transfer none) (nullable): what is shown, %NULL while the
 *   widget has no width or no tree
 */
HtFlameLayout *
ht_flame_graph_area_get_layout (HtFlameGraphArea *self)
{
  g_return_val_if_fail (HT_IS_FLAME_GRAPH_AREA (self), NULL);

  ensure_layout (self);
  return self->layout;
}

/* Returns: (nullable): the node that fills the width, %NULL for the whole tree */
gpointer
ht_flame_graph_area_get_zoom (HtFlameGraphArea *self)
{
  g_return_val_if_fail (HT_IS_FLAME_GRAPH_AREA (self), NULL);

  return current_zoom (self);
}

/**
 * ht_flame_graph_area_zoom_to:
 * @node: (nullable): a node of the tree shown, %NULL for the whole tree
 *
 * Makes @node fill the width, as a new step of the history (the steps
 * forward of the current one are forgotten), and focuses it.
 */
void
ht_flame_graph_area_zoom_to (HtFlameGraphArea *self,
                             gpointer          node)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  if (node == current_zoom (self))
    return;
  g_ptr_array_set_size (self->history, self->position + 1);
  g_ptr_array_add (self->history, node);
  self->focus_node = node;
  go_to (self, self->position + 1);
}

void
ht_flame_graph_area_back (HtFlameGraphArea *self)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  if (self->position > 0)
    go_to (self, self->position - 1);
}

void
ht_flame_graph_area_forward (HtFlameGraphArea *self)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  if (self->position + 1 < self->history->len)
    go_to (self, self->position + 1);
}

/* Back to the whole tree, a step that back undoes */
void
ht_flame_graph_area_reset (HtFlameGraphArea *self)
{
  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  ht_flame_graph_area_zoom_to (self, NULL);
}

/* Returns: (nullable): the node walked to with the keyboard or clicked */
gpointer
ht_flame_graph_area_get_focus_node (HtFlameGraphArea *self)
{
  g_return_val_if_fail (HT_IS_FLAME_GRAPH_AREA (self), NULL);

  return self->focus_node;
}

/**
 * ht_flame_graph_area_paint:
 *
 * Paints what the widget shows, without the pointer's and the keyboard's
 * outlines, at @width × @height (for exports).
 */
void
ht_flame_graph_area_paint (HtFlameGraphArea *self,
                           cairo_t          *cr,
                           int               width,
                           int               height)
{
  g_autoptr(HtFlameLayout) layout = NULL;

  g_return_if_fail (HT_IS_FLAME_GRAPH_AREA (self));

  ensure_layout (self);
  if (self->layout == NULL)
    return;
  /* the size asked for may not be the widget's */
  if (width == self->layout_width)
    {
      paint (self, self->layout, cr, width, height);
      return;
    }
  layout = new_layout (self, width);
  ht_flame_layout_search (layout, self->search_text);
  paint (self, layout, cr, width, height);
}
