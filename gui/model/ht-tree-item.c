/* ht-tree-item.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-tree-item"

#include "config.h"

#include <string.h>

#include "ht-tree-item.h"

struct _HtTreeItem
{
  GObject         parent_instance;
  HtDocument     *document;   /* owns the tree */
  HtCallTree     *tree;
  HtCallTreeNode *node;
  char           *name;       /* templates shortened */
};

G_DEFINE_FINAL_TYPE (HtTreeItem, ht_tree_item, G_TYPE_OBJECT)

static void
ht_tree_item_finalize (GObject *object)
{
  HtTreeItem *self = (HtTreeItem *) object;

  g_clear_object (&self->document);
  g_free (self->name);

  G_OBJECT_CLASS (ht_tree_item_parent_class)->finalize (object);
}

static void
ht_tree_item_class_init (HtTreeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_tree_item_finalize;
}

static void
ht_tree_item_init (HtTreeItem *self)
{
}

static HtTreeItem *
ht_tree_item_new (HtDocument     *document,
                  HtCallTree     *tree,
                  HtCallTreeNode *node)
{
  HtTreeItem *self = g_object_new (HT_TYPE_TREE_ITEM, NULL);

  self->document = g_object_ref (document);
  self->tree = tree;
  self->node = node;
  self->name = ht_call_tree_node_get_display_name (tree, node, TRUE);
  return self;
}

static GListModel *
list_children_of (HtDocument     *document,
                  HtCallTree     *tree,
                  HtCallTreeNode *node)
{
  GListStore *store = g_list_store_new (HT_TYPE_TREE_ITEM);
  guint n = ht_call_tree_node_get_n_children (node);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTreeItem) item = ht_tree_item_new (document, tree,
                                                     ht_call_tree_node_get_child (node, i));
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

/**
 * ht_tree_item_list_roots:
 *
 * Returns: (transfer full): the top level of @tree, an item per node
 */
GListModel *
ht_tree_item_list_roots (HtDocument *document,
                         HtCallTree *tree)
{
  return list_children_of (document, tree, ht_call_tree_get_root (tree));
}

/**
 * ht_tree_item_list_children:
 *
 * Returns: (transfer full) (nullable): the children, %NULL for a leaf
 */
GListModel *
ht_tree_item_list_children (HtTreeItem *self)
{
  if (ht_call_tree_node_get_n_children (self->node) == 0)
    return NULL;
  return list_children_of (self->document, self->tree, self->node);
}

HtCallTree *
ht_tree_item_get_tree (HtTreeItem *self)
{
  return self->tree;
}

HtCallTreeNode *
ht_tree_item_get_node (HtTreeItem *self)
{
  return self->node;
}

const HtCost *
ht_tree_item_get_cost (HtTreeItem *self)
{
  return ht_call_tree_node_get_cost (self->node);
}

const char *
ht_tree_item_get_name (HtTreeItem *self)
{
  return self->name;
}

/* The whole name, templates and all */
char *
ht_tree_item_dup_full_name (HtTreeItem *self)
{
  return ht_call_tree_node_get_display_name (self->tree, self->node, FALSE);
}

/* "file:line · module" as far as known */
char *
ht_tree_item_dup_location (HtTreeItem *self)
{
  const char *file = ht_call_tree_node_get_file (self->tree, self->node);
  const char *module = ht_call_tree_node_get_module (self->tree, self->node);
  g_autofree char *module_base = module ? g_path_get_basename (module) : NULL;
  GString *out = g_string_new (NULL);

  if (file != NULL)
    g_string_append_printf (out, "%s:%u", file, ht_call_tree_node_get_line (self->node));
  if (module_base != NULL)
    g_string_append_printf (out, "%s%s", out->len ? " · " : "", module_base);
  return g_string_free (out, FALSE);
}

/* Largest cost first; ties by name, so the order is stable. */
int
ht_tree_item_compare (HtTreeItem *a,
                      HtTreeItem *b,
                      HtCostType  type)
{
  guint64 x = ht_bytes_magnitude (ht_cost_get (ht_tree_item_get_cost (a), type));
  guint64 y = ht_bytes_magnitude (ht_cost_get (ht_tree_item_get_cost (b), type));

  if (x != y)
    return x > y ? -1 : 1;
  return ht_tree_item_compare_name (a, b);
}

int
ht_tree_item_compare_name (HtTreeItem *a,
                           HtTreeItem *b)
{
  return g_strcmp0 (a->name, b->name);
}
