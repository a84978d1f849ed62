/* ht-document.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-document"

#include "config.h"

#include <malloc.h>

#include "ht-document.h"

struct _HtDocument
{
  GObject         parent_instance;
  GFile          *file;
  HtAnalysis     *analysis;
  HtCallTree     *bottom_up;
  HtCallTree     *top_down;
  GThread        *top_down_thread;  /* building top_down, until joined */
  GThread        *flat_thread;      /* building bottom_up and caller_callee, until joined */
  HtCallerCallee *caller_callee;
};

G_DEFINE_FINAL_TYPE (HtDocument, ht_document, G_TYPE_OBJECT)

/* The loader's progress, kept on its cancellable so the window can poll it
 * from the main thread while the worker reads (0..1, as a double in bits). */
static GQuark
fraction_quark (void)
{
  return g_quark_from_static_string ("ht-document-load-fraction");
}

/* On the cancellable of a load that took over a prefetch: the prefetch's
 * cancellable, where its thread stores the fraction */
static GQuark
prefetch_quark (void)
{
  return g_quark_from_static_string ("ht-document-load-prefetch");
}

static void
store_fraction (double   fraction,
                gpointer user_data)
{
  GCancellable *cancellable = user_data;
  guint permille = (guint) (fraction * 1000);

  g_object_set_qdata (G_OBJECT (cancellable), fraction_quark (), GUINT_TO_POINTER (permille + 1));
}

/**
 * ht_document_get_load_fraction:
 * @cancellable: the cancellable a load was started with
 *
 * Returns: how far that load has read its file, from 0 to 1
 */
double
ht_document_get_load_fraction (GCancellable *cancellable)
{
  GCancellable *source = g_object_get_qdata (G_OBJECT (cancellable), prefetch_quark ());
  guint stored;

  /* a load that took over a prefetch: the prefetch's thread reads */
  if (source != NULL)
    cancellable = source;
  stored = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cancellable), fraction_quark ()));

  return stored == 0 ? 0.0 : (stored - 1) / 1000.0;
}

static void
ht_document_finalize (GObject *object)
{
  HtDocument *self = (HtDocument *) object;

  ht_document_get_top_down (self);
  ht_document_get_bottom_up (self);
  g_clear_pointer (&self->caller_callee, ht_caller_callee_free);
  g_clear_pointer (&self->top_down, ht_call_tree_free);
  g_clear_pointer (&self->bottom_up, ht_call_tree_free);
  g_clear_pointer (&self->analysis, ht_analysis_free);
  g_clear_object (&self->file);
  /* heaptrack-gtk keeps freed memory in the heap while it loads
   * (ht_application_tune_malloc ()): a closed trace gives it back */
  malloc_trim (0);

  G_OBJECT_CLASS (ht_document_parent_class)->finalize (object);
}

static void
ht_document_class_init (HtDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_document_finalize;
}

static void
ht_document_init (HtDocument *self)
{
}

static gpointer
build_top_down (gpointer data)
{
  HtCallTree *tree = ht_call_tree_new_top_down (data);

  ht_call_tree_node_sort_children (ht_call_tree_get_root (tree), HT_COST_PEAK, TRUE);
  return tree;
}

/* The bottom-up tree and the caller/callee data, which the document's
 * fields receive; joined before they are read */
static gpointer
build_flat (gpointer data)
{
  HtDocument *self = data;

  self->bottom_up = ht_call_tree_new_bottom_up (self->analysis);
  ht_call_tree_node_sort_children (ht_call_tree_get_root (self->bottom_up), HT_COST_PEAK, TRUE);
  self->caller_callee = ht_caller_callee_new (self->analysis);
  return NULL;
}

/* Reads and analyses @file with @options, from @whole's marks if it is
 * given. The trees and the caller/callee data may still be building on
 * threads of their own when this returns, while the window draws the
 * summary, which needs none of them; their getters wait for them. */
static HtDocument *
load (GFile                    *file,
      HtDocument               *whole,
      const HtAnalysisOptions  *options,
      gboolean                  live_at,
      GCancellable             *cancellable,
      GError                  **error)
{
  g_autoptr(HtDocument) self = g_object_new (HT_TYPE_DOCUMENT, NULL);
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s: only local files can be opened", uri);
      return NULL;
    }

  self->file = g_object_ref (file);
  if (whole != NULL)
    self->analysis = ht_analysis_load_part (path, whole->analysis, options,
                                            cancellable ? store_fraction : NULL, cancellable,
                                            cancellable, error);
  else
    self->analysis = ht_analysis_load (path, options, cancellable ? store_fraction : NULL, cancellable,
                                       cancellable, error);
  if (self->analysis == NULL)
    return NULL;
  self->analysis->live_at = live_at;
  /* They only read the analysis */
  self->top_down_thread = g_thread_new ("ht-top-down", build_top_down, self->analysis);
  self->flat_thread = g_thread_new ("ht-bottom-up", build_flat, self);
  return g_steal_pointer (&self);
}

/**
 * ht_document_load:
 *
 * Reads and analyses @file and builds its trees; blocks, so call it from a
 * worker thread (ht_document_load_async() does).
 */
HtDocument *
ht_document_load (GFile         *file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return load (file, NULL, NULL, FALSE, cancellable, error);
}

/* What ht_document_load_part_async () loads */
typedef struct
{
  HtDocument        *whole;
  HtAnalysisOptions  options;
  gboolean           live_at;
} Part;

static void
part_free (gpointer data)
{
  Part *part = data;

  g_object_unref (part->whole);
  g_free (part);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  HtDocument *document = ht_document_load (task_data, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

/* A load started before anything asked for it (ht_document_prefetch ()),
 * kept for the first ht_document_load_async () of its file. Used from the
 * main thread only. */
typedef struct
{
  GFile        *file;
  GCancellable *cancellable;
  gboolean      done;
  HtDocument   *document;
  GError       *error;
  GTask        *claimant;   /* the load that took it over while it ran */
  gulong        cancel_id;  /* the claimant's cancellable cancels ours */
} Prefetch;

static Prefetch *prefetch;

static void
prefetch_free (Prefetch *p)
{
  g_clear_object (&p->file);
  g_clear_object (&p->cancellable);
  g_clear_object (&p->document);
  g_clear_error (&p->error);
  g_clear_object (&p->claimant);
  g_free (p);
}

/* Gives @p's result to @task, which then owns it */
static void
prefetch_return (Prefetch *p,
                 GTask    *task)
{
  if (p->error != NULL)
    g_task_return_error (task, g_steal_pointer (&p->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&p->document), g_object_unref);
}

static void
prefetch_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Prefetch *p = user_data;

  p->document = ht_document_load_finish (result, &p->error);
  p->done = TRUE;
  if (p->claimant != NULL)
    {
      g_cancellable_disconnect (g_task_get_cancellable (p->claimant), p->cancel_id);
      prefetch_return (p, p->claimant);
    }
  /* kept only while nothing has claimed or dropped it */
  if (p != prefetch)
    prefetch_free (p);
}

/**
 * ht_document_prefetch:
 * @file: a trace the application will open
 *
 * Starts reading @file in a worker thread before anything has asked for it
 * (heaptrack-gtk does it for the trace on its command line while GTK
 * starts and the window is built). The next ht_document_load_async () of
 * @file takes the load over, finished or not; one of any other file drops
 * it. Drops an earlier prefetch.
 */
void
ht_document_prefetch (GFile *file)
{
  Prefetch *p = g_new0 (Prefetch, 1);

  ht_document_drop_prefetch ();
  p->file = g_object_ref (file);
  p->cancellable = g_cancellable_new ();
  ht_document_load_async (file, p->cancellable, prefetch_cb, p);
  prefetch = p;
}

/**
 * ht_document_drop_prefetch:
 *
 * Cancels the prefetch nothing has taken over, if there is one.
 */
void
ht_document_drop_prefetch (void)
{
  Prefetch *p = g_steal_pointer (&prefetch);

  if (p == NULL)
    return;
  if (p->done)
    prefetch_free (p);
  else
    g_cancellable_cancel (p->cancellable);  /* prefetch_cb frees it */
}

static void
cancel_prefetch (GCancellable *claimant,
                 GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* Hands the prefetch of @file, if there is one, to a new load @task */
static gboolean
claim_prefetch (GFile *file,
                GTask *task)
{
  Prefetch *p = prefetch;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (p == NULL || !g_file_equal (p->file, file))
    {
      ht_document_drop_prefetch ();
      return FALSE;
    }

  prefetch = NULL;
  if (p->done)
    {
      prefetch_return (p, task);
      prefetch_free (p);
      return TRUE;
    }
  p->claimant = g_object_ref (task);
  if (cancellable != NULL)
    {
      g_object_set_qdata_full (G_OBJECT (cancellable), prefetch_quark (),
                               g_object_ref (p->cancellable), g_object_unref);
      p->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_prefetch),
                                            g_object_ref (p->cancellable), g_object_unref);
    }
  return TRUE;
}

void
ht_document_load_async (GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ht_document_load_async);
  if (claim_prefetch (file, task))
    return;
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

HtDocument *
ht_document_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_part_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Part *part = task_data;
  GError *error = NULL;
  HtDocument *document = load (part->whole->file, part->whole, &part->options, part->live_at,
                               cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

/**
 * ht_document_load_part_async:
 * @self: the document of the whole trace
 * @start: the first ms of the part, or 0 with @live_at
 * @end: the ms after it
 * @live_at: the heap at @end: the part from 0 to @end with nothing
 *   suppressed, whose leaked figures are what was live at @end
 *   (docs/figures.md §14.1)
 *
 * Analyses part of @self's trace, in a worker thread: the figures and trees
 * of the events from @start up to, not including, @end (docs/figures.md
 * §14), as heaptrack-gtk-print --from/--to or --at computes them.
 */
void
ht_document_load_part_async (HtDocument          *self,
                             guint64              start,
                             guint64              end,
                             gboolean             live_at,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  static const HtAnalysisOptions defaults = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Part *part = g_new0 (Part, 1);

  g_return_if_fail (HT_IS_DOCUMENT (self));
  g_return_if_fail (!live_at || start == 0);

  part->whole = g_object_ref (self);
  part->options = defaults;
  part->options.min_time = start;
  part->options.max_time = end;
  /* suppressions are about leaks at exit, not what is live at an instant */
  part->options.disable_builtin_suppressions = live_at;
  part->options.disable_embedded_suppressions = live_at;
  part->live_at = live_at;
  g_task_set_source_tag (task, ht_document_load_part_async);
  g_task_set_task_data (task, part, part_free);
  g_task_run_in_thread (task, load_part_thread);
}

HtDocument *
ht_document_load_part_finish (HtDocument    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
ht_document_get_file (HtDocument *self)
{
  return self->file;
}

HtAnalysis *
ht_document_get_analysis (HtDocument *self)
{
  return self->analysis;
}

/* Waits for the trees that are still being built (see load ()). Call
 * these from one thread at a time (the window's). */
HtCallTree *
ht_document_get_bottom_up (HtDocument *self)
{
  if (self->flat_thread != NULL)
    g_thread_join (g_steal_pointer (&self->flat_thread));
  return self->bottom_up;
}

HtCallTree *
ht_document_get_top_down (HtDocument *self)
{
  if (self->top_down_thread != NULL)
    self->top_down = g_thread_join (g_steal_pointer (&self->top_down_thread));
  return self->top_down;
}

HtCallerCallee *
ht_document_get_caller_callee (HtDocument *self)
{
  ht_document_get_bottom_up (self);
  return self->caller_callee;
}
