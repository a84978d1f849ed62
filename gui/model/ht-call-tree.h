/* ht-call-tree.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ht-analysis.h"
#include "ht-report.h"

G_BEGIN_DECLS

/* What frames are grouped by (docs/figures.md §16.1): the function and module
 * strings. A frame without a function name is keyed by the address of its
 * IP instead, so distinct unresolved IPs stay apart; @address is 0 whenever
 * @function is known. */
typedef struct
{
  guint32 function;
  guint32 module;
  guint64 address;
} HtCallSymbol;

typedef struct _HtCallTree     HtCallTree;
typedef struct _HtCallTreeNode HtCallTreeNode;
typedef struct _HtCallerCallee HtCallerCallee;

/* One caller or callee of a function, with the cost of the sites whose
 * backtrace has that call (each site counted once). */
typedef struct
{
  guint  function;  /* index into the functions of the HtCallerCallee */
  HtCost cost;
} HtCallerCalleeLink;

HtCallTree           *ht_call_tree_new_bottom_up           (HtAnalysis            *analysis);
HtCallTree           *ht_call_tree_new_top_down            (HtAnalysis            *analysis);
void                  ht_call_tree_free                    (HtCallTree            *self);
HtAnalysis           *ht_call_tree_get_analysis            (HtCallTree            *self);
HtCallTreeNode       *ht_call_tree_get_root                (HtCallTree            *self);
guint                 ht_call_tree_get_n_nodes             (HtCallTree            *self);

guint                 ht_call_tree_node_get_n_children     (const HtCallTreeNode  *node);
HtCallTreeNode       *ht_call_tree_node_get_child          (const HtCallTreeNode  *node,
                                                            guint                  index);
HtCallTreeNode       *ht_call_tree_node_get_parent         (const HtCallTreeNode  *node);
const HtCost         *ht_call_tree_node_get_cost           (const HtCallTreeNode  *node);
void                  ht_call_tree_node_get_self_cost      (const HtCallTreeNode  *node,
                                                            HtCost                *self_cost);
const HtCallSymbol   *ht_call_tree_node_get_symbol         (HtCallTree            *tree,
                                                            const HtCallTreeNode  *node);
const char           *ht_call_tree_node_get_function       (HtCallTree            *tree,
                                                            const HtCallTreeNode  *node);
const char           *ht_call_tree_node_get_module         (HtCallTree            *tree,
                                                            const HtCallTreeNode  *node);
const char           *ht_call_tree_node_get_file           (HtCallTree            *tree,
                                                            const HtCallTreeNode  *node);
guint32               ht_call_tree_node_get_line           (const HtCallTreeNode  *node);
guint64               ht_call_tree_node_get_address        (HtCallTree            *tree,
                                                            const HtCallTreeNode  *node);
char                 *ht_call_tree_node_get_display_name   (HtCallTree            *tree,
                                                            const HtCallTreeNode  *node,
                                                            gboolean               shorten_templates);
void                  ht_call_tree_node_sort_children      (HtCallTreeNode        *node,
                                                            HtCostType             type,
                                                            gboolean               recursive);
gboolean              ht_call_tree_is_top_down             (HtCallTree            *self);
GHashTable           *ht_call_tree_find                    (HtCallTree            *self,
                                                            const char            *needle);
HtCallTreeNode       *ht_call_tree_find_symbol             (HtCallTree            *self,
                                                            const HtCallSymbol    *symbol,
                                                            HtCostType             type);
GPtrArray            *ht_call_tree_node_list_backtraces    (HtCallTreeNode        *node,
                                                            HtCostType             type,
                                                            guint                  limit);

HtCallerCallee       *ht_caller_callee_new                 (HtAnalysis            *analysis);
void                  ht_caller_callee_free                (HtCallerCallee        *self);
HtAnalysis           *ht_caller_callee_get_analysis        (HtCallerCallee        *self);
guint                 ht_caller_callee_get_n_functions     (HtCallerCallee        *self);
gboolean              ht_caller_callee_find                (HtCallerCallee        *self,
                                                            const HtCallSymbol    *symbol,
                                                            guint                 *function);
const HtCallSymbol   *ht_caller_callee_get_symbol          (HtCallerCallee        *self,
                                                            guint                  function);
const char           *ht_caller_callee_get_function        (HtCallerCallee        *self,
                                                            guint                  function);
const char           *ht_caller_callee_get_module          (HtCallerCallee        *self,
                                                            guint                  function);
const char           *ht_caller_callee_get_file            (HtCallerCallee        *self,
                                                            guint                  function);
guint32               ht_caller_callee_get_line            (HtCallerCallee        *self,
                                                            guint                  function);
guint64               ht_caller_callee_get_address         (HtCallerCallee        *self,
                                                            guint                  function);
char                 *ht_caller_callee_get_display_name    (HtCallerCallee        *self,
                                                            guint                  function,
                                                            gboolean               shorten_templates);
const HtCost         *ht_caller_callee_get_inclusive_cost  (HtCallerCallee        *self,
                                                            guint                  function);
const HtCost         *ht_caller_callee_get_self_cost       (HtCallerCallee        *self,
                                                            guint                  function);
guint                 ht_caller_callee_get_n_callers       (HtCallerCallee        *self,
                                                            guint                  function);
const HtCallerCalleeLink *ht_caller_callee_get_caller      (HtCallerCallee        *self,
                                                            guint                  function,
                                                            guint                  index);
guint                 ht_caller_callee_get_n_callees       (HtCallerCallee        *self,
                                                            guint                  function);
const HtCallerCalleeLink *ht_caller_callee_get_callee      (HtCallerCallee        *self,
                                                            guint                  function,
                                                            guint                  index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtCallTree, ht_call_tree_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtCallerCallee, ht_caller_callee_free)

G_END_DECLS
