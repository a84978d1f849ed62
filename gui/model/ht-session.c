/* ht-session.c: what the views of one open trace share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One session per open trace: the window makes it when a trace has loaded
 * and hands it to every view, which binds to its properties and follows
 * their notifications instead of being set up by the window. Every
 * property notifies only when its value really changes.
 *
 * - document: the trace, fixed for the session's lifetime (a window that
 *   opens another trace makes a new session).
 * - view-document: what the views show: the document itself, or an
 *   analysis of part of it (a time window, the heap at an instant) made
 *   from it. Setting NULL goes back to the whole trace.
 *   ht_session_filter_to_selection () and ht_session_show_instant () make
 *   one in a worker thread; meanwhile loading is TRUE, and the views show
 *   what they showed before. A failure is told by the load-failed signal.
 *   The heap at an instant ranks by what was live then: cost-type turns
 *   to leaked while it is shown, and back.
 * - cost-type: the cost the views rank by (peak by default).
 * - selection-start, selection-end: a time range in ms since the start of
 *   the trace, start included and end not, as HtAnalysisOptions' window
 *   (docs/figures.md §14). Without a selection they are 0 and G_MAXUINT64,
 *   the whole trace, and has-selection is FALSE. ht_session_select_time ()
 *   orders the two ends, cuts the range at the trace's end (its runtime),
 *   and takes a range that holds no millisecond of the trace, or all of
 *   it, for no selection.
 * - selected-function: the function the user last selected in any view, as
 *   its index among the view document's functions
 *   (ht_document_get_caller_callee (), which groups frames by symbol as the
 *   trees do), or HT_SESSION_NO_FUNCTION. When the view document changes,
 *   the same function stays selected if the new one has it.
 */

#define G_LOG_DOMAIN "ht-session"

#include "config.h"

#include "ht-session.h"

struct _HtSession
{
  GObject       parent_instance;
  HtDocument   *document;
  HtDocument   *view_document;
  GCancellable *loading;          /* of the view document being made, NULL if none is */
  HtCostType    cost_type_before_instant;
  HtCostType    cost_type;
  guint64       selection_start;
  guint64       selection_end;
  guint         selected_function;
};

enum {
  PROP_0,
  PROP_COST_TYPE,
  PROP_DOCUMENT,
  PROP_HAS_SELECTION,
  PROP_LOADING,
  PROP_SELECTED_FUNCTION,
  PROP_SELECTION_END,
  PROP_SELECTION_START,
  PROP_VIEW_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (HtSession, ht_session, G_TYPE_OBJECT)

/* The end of the trace in ms, G_MAXUINT64 while there is no trace */
static guint64
trace_end (HtSession *self)
{
  g_assert (HT_IS_SESSION (self));

  if (self->document == NULL)
    return G_MAXUINT64;
  return ht_document_get_analysis (self->document)->runtime;
}

static guint
n_functions (HtSession *self)
{
  g_assert (HT_IS_SESSION (self));

  if (self->view_document == NULL)
    return 0;
  return ht_caller_callee_get_n_functions (ht_document_get_caller_callee (self->view_document));
}

static void
ht_session_dispose (GObject *object)
{
  HtSession *self = (HtSession *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->view_document);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (ht_session_parent_class)->dispose (object);
}

static void
ht_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HtSession *self = HT_SESSION (object);

  switch (prop_id)
    {
    case PROP_COST_TYPE:
      g_value_set_enum (value, self->cost_type);
      break;

    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, ht_session_get_has_selection (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, ht_session_get_loading (self));
      break;

    case PROP_SELECTED_FUNCTION:
      g_value_set_uint (value, self->selected_function);
      break;

    case PROP_SELECTION_END:
      g_value_set_uint64 (value, self->selection_end);
      break;

    case PROP_SELECTION_START:
      g_value_set_uint64 (value, self->selection_start);
      break;

    case PROP_VIEW_DOCUMENT:
      g_value_set_object (value, self->view_document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HtSession *self = HT_SESSION (object);

  switch (prop_id)
    {
    case PROP_COST_TYPE:
      ht_session_set_cost_type (self, g_value_get_enum (value));
      break;

    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      self->view_document = g_value_dup_object (value);
      break;

    case PROP_SELECTED_FUNCTION:
      ht_session_set_selected_function (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_session_class_init (HtSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ht_session_dispose;
  object_class->get_property = ht_session_get_property;
  object_class->set_property = ht_session_set_property;

  properties [PROP_COST_TYPE] =
    g_param_spec_enum ("cost-type", NULL, NULL,
                       HT_TYPE_COST_TYPE,
                       HT_COST_PEAK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         HT_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_SELECTED_FUNCTION] =
    g_param_spec_uint ("selected-function", NULL, NULL,
                       0, G_MAXUINT, HT_SESSION_NO_FUNCTION,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SELECTION_END] =
    g_param_spec_uint64 ("selection-end", NULL, NULL,
                         0, G_MAXUINT64, G_MAXUINT64,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_SELECTION_START] =
    g_param_spec_uint64 ("selection-start", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_VIEW_DOCUMENT] =
    g_param_spec_object ("view-document", NULL, NULL,
                         HT_TYPE_DOCUMENT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HtSession::load-failed:
   * @error: why the part of the trace could not be analysed
   *
   * A view document could not be made; the views go on showing what they
   * showed.
   */
  signals [LOAD_FAILED] =
    g_signal_new ("load-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ht_session_init (HtSession *self)
{
  self->cost_type = HT_COST_PEAK;
  self->selection_start = 0;
  self->selection_end = G_MAXUINT64;
  self->selected_function = HT_SESSION_NO_FUNCTION;
}

HtSession *
ht_session_new (HtDocument *document)
{
  g_return_val_if_fail (HT_IS_DOCUMENT (document), NULL);

  return g_object_new (HT_TYPE_SESSION, "document", document, NULL);
}

HtDocument *
ht_session_get_document (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), NULL);

  return self->document;
}

/* What the views show: the document, or an analysis of part of it */
HtDocument *
ht_session_get_view_document (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), NULL);

  return self->view_document;
}

/**
 * ht_session_set_view_document:
 * @view_document: (nullable): an analysis of part of the session's trace,
 *   or %NULL for the whole trace
 *
 * Makes the views show @view_document. The selected function follows, by
 * its symbol, or is unselected where @view_document lacks it.
 */
void
ht_session_set_view_document (HtSession  *self,
                              HtDocument *view_document)
{
  HtCallSymbol symbol;
  gboolean had_function, was_instant, is_instant;
  guint function = HT_SESSION_NO_FUNCTION;

  g_return_if_fail (HT_IS_SESSION (self));
  g_return_if_fail (view_document == NULL || HT_IS_DOCUMENT (view_document));

  if (view_document == NULL)
    view_document = self->document;
  if (self->view_document == view_document)
    return;

  was_instant = ht_document_get_analysis (self->view_document)->live_at;
  is_instant = ht_document_get_analysis (view_document)->live_at;
  had_function = self->selected_function != HT_SESSION_NO_FUNCTION;
  if (had_function)
    symbol = *ht_caller_callee_get_symbol (ht_document_get_caller_callee (self->view_document),
                                           self->selected_function);
  g_set_object (&self->view_document, view_document);
  if (had_function)
    ht_caller_callee_find (ht_document_get_caller_callee (view_document), &symbol, &function);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VIEW_DOCUMENT]);
  if (self->selected_function != function)
    {
      self->selected_function = function;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_FUNCTION]);
    }
  /* the heap at an instant is what was live then: the leaked cost */
  if (is_instant && !was_instant)
    {
      self->cost_type_before_instant = self->cost_type;
      ht_session_set_cost_type (self, HT_COST_LEAKED);
    }
  else if (was_instant && !is_instant)
    ht_session_set_cost_type (self, self->cost_type_before_instant);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Whether a view document is being made */
gboolean
ht_session_get_loading (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), FALSE);

  return self->loading != NULL;
}

/* Stops making a view document; FALSE if none was being made */
static gboolean
stop_loading (HtSession *self)
{
  g_assert (HT_IS_SESSION (self));

  if (self->loading == NULL)
    return FALSE;
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  return TRUE;
}

static void
part_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HtSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDocument) part = ht_document_load_part_finish (HT_DOCUMENT (object), result, &error);

  /* cancelled: another part, or the whole trace, was asked for since */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
  if (part != NULL)
    ht_session_set_view_document (self, part);
  g_object_thaw_notify (G_OBJECT (self));
  if (part == NULL)
    g_signal_emit (self, signals [LOAD_FAILED], 0, error);
}

static void
load_part (HtSession *self,
           guint64    start,
           guint64    end,
           gboolean   live_at)
{
  gboolean was_loading = stop_loading (self);

  g_assert (HT_IS_SESSION (self));

  self->loading = g_cancellable_new ();
  ht_document_load_part_async (self->document, start, end, live_at, self->loading,
                               part_loaded_cb, g_object_ref (self));
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

/**
 * ht_session_filter_to_selection:
 *
 * Makes the views show the selected time range: the figures and trees of
 * its events only (docs/figures.md §14). Without a selection, shows the
 * whole trace.
 */
void
ht_session_filter_to_selection (HtSession *self)
{
  g_return_if_fail (HT_IS_SESSION (self));

  if (!ht_session_get_has_selection (self))
    ht_session_show_whole (self);
  else
    load_part (self, self->selection_start, self->selection_end, FALSE);
}

/**
 * ht_session_show_instant:
 * @time: in ms since the start of the trace
 *
 * Makes the views show the heap at @time: the allocations live after every
 * event before @time, nothing suppressed (docs/figures.md §14.1).
 */
void
ht_session_show_instant (HtSession *self,
                         guint64    time)
{
  g_return_if_fail (HT_IS_SESSION (self));

  load_part (self, 0, time, TRUE);
}

/* Makes the views show the whole trace again */
void
ht_session_show_whole (HtSession *self)
{
  g_return_if_fail (HT_IS_SESSION (self));

  if (stop_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
  ht_session_set_view_document (self, NULL);
}

HtCostType
ht_session_get_cost_type (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), HT_COST_PEAK);

  return self->cost_type;
}

void
ht_session_set_cost_type (HtSession  *self,
                          HtCostType  cost_type)
{
  g_return_if_fail (HT_IS_SESSION (self));
  g_return_if_fail (cost_type <= HT_COST_LEAKED);

  if (self->cost_type == cost_type)
    return;
  self->cost_type = cost_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COST_TYPE]);
}

/* Whether part of the trace is selected, not all of it */
gboolean
ht_session_get_has_selection (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), FALSE);

  return self->selection_start != 0 || self->selection_end != G_MAXUINT64;
}

/* The first millisecond of the selection, 0 without one */
guint64
ht_session_get_selection_start (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), 0);

  return self->selection_start;
}

/* The millisecond after the selection, G_MAXUINT64 without one */
guint64
ht_session_get_selection_end (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), G_MAXUINT64);

  return self->selection_end;
}

/* Stores a range ht_session_select_time () made valid; the three
 * properties notify together, after all of them hold their new values. */
static void
set_selection (HtSession *self,
               guint64    start,
               guint64    end)
{
  gboolean had_selection = ht_session_get_has_selection (self);

  g_assert (HT_IS_SESSION (self));
  g_assert (start < end);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->selection_start != start)
    {
      self->selection_start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTION_START]);
    }
  if (self->selection_end != end)
    {
      self->selection_end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTION_END]);
    }
  if (ht_session_get_has_selection (self) != had_selection)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HAS_SELECTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ht_session_select_time:
 * @start: a time in ms since the start of the trace
 * @end: another one
 *
 * Selects the range from the earlier of @start and @end, included, to the
 * later, excluded, cut at the end of the trace. A range that holds none of
 * the trace (empty, or after its end) or all of it leaves nothing selected.
 */
void
ht_session_select_time (HtSession *self,
                        guint64    start,
                        guint64    end)
{
  guint64 last;

  g_return_if_fail (HT_IS_SESSION (self));

  last = trace_end (self);
  if (start > end)
    {
      guint64 swap = start;

      start = end;
      end = swap;
    }
  end = MIN (end, last);
  if (start >= end || (start == 0 && end == last))
    {
      start = 0;
      end = G_MAXUINT64;
    }
  set_selection (self, start, end);
}

void
ht_session_clear_selection (HtSession *self)
{
  g_return_if_fail (HT_IS_SESSION (self));

  set_selection (self, 0, G_MAXUINT64);
}

/* The selected function's index in the document's caller/callee data, or
 * HT_SESSION_NO_FUNCTION */
guint
ht_session_get_selected_function (HtSession *self)
{
  g_return_val_if_fail (HT_IS_SESSION (self), HT_SESSION_NO_FUNCTION);

  return self->selected_function;
}

void
ht_session_set_selected_function (HtSession *self,
                                  guint      function)
{
  g_return_if_fail (HT_IS_SESSION (self));
  g_return_if_fail (function == HT_SESSION_NO_FUNCTION || function < n_functions (self));

  if (self->selected_function == function)
    return;
  self->selected_function = function;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_FUNCTION]);
}

/**
 * ht_session_select_symbol:
 * @symbol: a frame's symbol, e.g. of a node of the document's trees
 *
 * Selects the function of @symbol.
 *
 * Returns: %FALSE, and the selection left as it was, if the document has
 *   no such function
 */
gboolean
ht_session_select_symbol (HtSession          *self,
                          const HtCallSymbol *symbol)
{
  guint function;

  g_return_val_if_fail (HT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (symbol != NULL, FALSE);

  if (self->view_document == NULL ||
      !ht_caller_callee_find (ht_document_get_caller_callee (self->view_document), symbol, &function))
    return FALSE;
  ht_session_set_selected_function (self, function);
  return TRUE;
}
