/* ht-view.c: what every view of a trace has: a session, loaded when shown
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-view"

#include "config.h"

#include "ht-view.h"

typedef struct
{
  HtSession    *session;
  GSignalGroup *session_signals;
  gboolean      loaded;        /* a view document is shown ... */
  gboolean      stale;         /* ... but no longer the session's */
  gboolean      queued;        /* in idle_views */
} HtViewPrivate;

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HtView, ht_view, GTK_TYPE_WIDGET)

/* Views off screen with a step to take when the window is idle (see
 * view_document_changed ()), one step a main-loop turn: GLib dispatches
 * every ready source of a priority in the same turn, so that a source for
 * each view would take all their steps at once. GTK's own idle work runs
 * at the same priority; at G_PRIORITY_LOW, a window drawing one page
 * after another never got to these. */
static GQueue idle_views;
static guint idle_source;

static gboolean idle_step_cb (gpointer data);

static void
queue_idle_step (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  if (priv->queued)
    return;
  priv->queued = TRUE;
  g_queue_push_tail (&idle_views, self);
  if (idle_source == 0)
    idle_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, idle_step_cb, NULL, NULL);
}

static void
dequeue (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  if (priv->queued)
    g_queue_remove (&idle_views, self);
  priv->queued = FALSE;
}

static void
load (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_assert (HT_IS_VIEW (self));
  g_assert (priv->session != NULL);

  priv->loaded = TRUE;
  dequeue (self);
  if (HT_VIEW_GET_CLASS (self)->load != NULL)
    HT_VIEW_GET_CLASS (self)->load (self);
}

static void
unload (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_assert (HT_IS_VIEW (self));

  if (priv->loaded && HT_VIEW_GET_CLASS (self)->unload != NULL)
    HT_VIEW_GET_CLASS (self)->unload (self);
  priv->loaded = FALSE;
  priv->stale = FALSE;
  dequeue (self);
}

/* A stale view lets go of what it showed, then, in a later turn, loads
 * the session's part */
static gboolean
idle_step_cb (gpointer data)
{
  HtView *self = g_queue_pop_head (&idle_views);

  if (self != NULL)
    {
      HtViewPrivate *priv = ht_view_get_instance_private (self);

      priv->queued = FALSE;
      if (priv->stale)
        {
          unload (self);
          if (priv->session != NULL)
            queue_idle_step (self);
        }
      else if (!priv->loaded && priv->session != NULL)
        load (self);
    }
  if (!g_queue_is_empty (&idle_views))
    return G_SOURCE_CONTINUE;
  idle_source = 0;
  return G_SOURCE_REMOVE;
}

/* Another part of the trace to show. The view on screen shows it at once.
 * A view off screen that was shown lets go of what it showed and loads the
 * new part when the window is idle, in main-loop turns of their own: the
 * change does not stall the window, and the view is ready when shown
 * (after Filter to Selection, the user looks at one page after another). */
static void
view_document_changed (HtView     *self,
                       GParamSpec *pspec,
                       HtSession  *session)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_assert (HT_IS_VIEW (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      unload (self);
      load (self);
    }
  else if (priv->loaded && !priv->stale)
    {
      priv->stale = TRUE;
      queue_idle_step (self);
    }
}

static void
ht_view_map (GtkWidget *widget)
{
  HtView *self = HT_VIEW (widget);
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  if (priv->stale)
    unload (self);
  if (priv->session != NULL && !priv->loaded)
    load (self);

  GTK_WIDGET_CLASS (ht_view_parent_class)->map (widget);
}

static void
ht_view_dispose (GObject *object)
{
  HtView *self = (HtView *) object;
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  dequeue (self);
  g_clear_object (&priv->session_signals);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (ht_view_parent_class)->dispose (object);
}

static void
ht_view_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  HtView *self = HT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, ht_view_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_view_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  HtView *self = HT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ht_view_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_view_class_init (HtViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_view_dispose;
  object_class->get_property = ht_view_get_property;
  object_class->set_property = ht_view_set_property;

  widget_class->map = ht_view_map;

  /* the window's, in ht-window.ui */
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         HT_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ht_view_init (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  priv->session_signals = g_signal_group_new (HT_TYPE_SESSION);
  g_signal_group_connect_object (priv->session_signals,
                                 "notify::view-document",
                                 G_CALLBACK (view_document_changed),
                                 self,
                                 G_CONNECT_SWAPPED);
}

HtSession *
ht_view_get_session (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_return_val_if_fail (HT_IS_VIEW (self), NULL);

  return priv->session;
}

/**
 * ht_view_set_session:
 *
 * Drops what the view shows of its session before, and shows @session's
 * document when the view is next shown (at once if it is).
 */
void
ht_view_set_session (HtView    *self,
                     HtSession *session)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_return_if_fail (HT_IS_VIEW (self));
  g_return_if_fail (session == NULL || HT_IS_SESSION (session));

  if (priv->session == session)
    return;
  unload (self);
  g_set_object (&priv->session, session);
  g_signal_group_set_target (priv->session_signals, session);
  if (session != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
}

/**
 * ht_view_get_session_signals:
 *
 * Returns: (transfer none): signals of the view's session, to connect to
 *   once: they move with the session
 */
GSignalGroup *
ht_view_get_session_signals (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_return_val_if_fail (HT_IS_VIEW (self), NULL);

  return priv->session_signals;
}

/**
 * ht_view_get_document:
 *
 * Returns: (transfer none) (nullable): what the view shows: its session's
 *   view document, the whole trace or part of it
 */
HtDocument *
ht_view_get_document (HtView *self)
{
  HtViewPrivate *priv = ht_view_get_instance_private (self);

  g_return_val_if_fail (HT_IS_VIEW (self), NULL);

  return priv->session != NULL ? ht_session_get_view_document (priv->session) : NULL;
}
