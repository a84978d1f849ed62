/* ht-function-item.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-function-item"

#include "config.h"

#include "ht-function-item.h"

struct _HtFunctionItem
{
  GObject       parent_instance;
  HtDocument   *document;   /* owns the caller/callee data */
  guint         index;
  const HtCost *cost;       /* inclusive, or the cost of the call */
  char         *name;
};

G_DEFINE_FINAL_TYPE (HtFunctionItem, ht_function_item, G_TYPE_OBJECT)

static void
ht_function_item_finalize (GObject *object)
{
  HtFunctionItem *self = (HtFunctionItem *) object;

  g_clear_object (&self->document);
  g_free (self->name);

  G_OBJECT_CLASS (ht_function_item_parent_class)->finalize (object);
}

static void
ht_function_item_class_init (HtFunctionItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_function_item_finalize;
}

static void
ht_function_item_init (HtFunctionItem *self)
{
}

static HtFunctionItem *
ht_function_item_new (HtDocument   *document,
                      guint         index,
                      const HtCost *cost)
{
  HtFunctionItem *self = g_object_new (HT_TYPE_FUNCTION_ITEM, NULL);
  HtCallerCallee *cc = ht_document_get_caller_callee (document);

  self->document = g_object_ref (document);
  self->index = index;
  self->cost = cost;
  self->name = ht_caller_callee_get_display_name (cc, index, TRUE);
  return self;
}

/**
 * ht_function_item_list_all:
 *
 * Returns: (transfer full): every function, with its inclusive cost
 */
GListModel *
ht_function_item_list_all (HtDocument *document)
{
  HtCallerCallee *cc = ht_document_get_caller_callee (document);
  GListStore *store = g_list_store_new (HT_TYPE_FUNCTION_ITEM);
  guint n = ht_caller_callee_get_n_functions (cc);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtFunctionItem) item = ht_function_item_new (document, i,
                                                             ht_caller_callee_get_inclusive_cost (cc, i));
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

static GListModel *
list_links (HtFunctionItem *self,
            gboolean        callers)
{
  HtCallerCallee *cc = ht_document_get_caller_callee (self->document);
  GListStore *store = g_list_store_new (HT_TYPE_FUNCTION_ITEM);
  guint n = callers ? ht_caller_callee_get_n_callers (cc, self->index)
                    : ht_caller_callee_get_n_callees (cc, self->index);

  for (guint i = 0; i < n; i++)
    {
      const HtCallerCalleeLink *link = callers ? ht_caller_callee_get_caller (cc, self->index, i)
                                               : ht_caller_callee_get_callee (cc, self->index, i);
      g_autoptr(HtFunctionItem) item = ht_function_item_new (self->document, link->function, &link->cost);

      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

/* Returns: (transfer full): the functions that call this one */
GListModel *
ht_function_item_list_callers (HtFunctionItem *self)
{
  return list_links (self, TRUE);
}

/* Returns: (transfer full): the functions this one calls */
GListModel *
ht_function_item_list_callees (HtFunctionItem *self)
{
  return list_links (self, FALSE);
}

guint
ht_function_item_get_index (HtFunctionItem *self)
{
  return self->index;
}

const HtCost *
ht_function_item_get_cost (HtFunctionItem *self)
{
  return self->cost;
}

const HtCost *
ht_function_item_get_self_cost (HtFunctionItem *self)
{
  return ht_caller_callee_get_self_cost (ht_document_get_caller_callee (self->document), self->index);
}

const char *
ht_function_item_get_name (HtFunctionItem *self)
{
  return self->name;
}

/* The whole name, templates and all */
char *
ht_function_item_dup_full_name (HtFunctionItem *self)
{
  return ht_caller_callee_get_display_name (ht_document_get_caller_callee (self->document), self->index, FALSE);
}

/* "file:line · module" as far as known */
char *
ht_function_item_dup_location (HtFunctionItem *self)
{
  HtCallerCallee *cc = ht_document_get_caller_callee (self->document);
  const char *file = ht_caller_callee_get_file (cc, self->index);
  const char *module = ht_caller_callee_get_module (cc, self->index);
  g_autofree char *module_base = module ? g_path_get_basename (module) : NULL;
  GString *out = g_string_new (NULL);

  if (file != NULL)
    g_string_append_printf (out, "%s:%u", file, ht_caller_callee_get_line (cc, self->index));
  if (module_base != NULL)
    g_string_append_printf (out, "%s%s", out->len ? " · " : "", module_base);
  return g_string_free (out, FALSE);
}
