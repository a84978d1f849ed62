/* ht-call-tree.c: bottom-up, top-down and caller/callee views of the sites
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-call-tree"

#include "config.h"

#include <string.h>

#include "ht-call-tree.h"
#include "ht-huge-page.h"

/* Nodes are allocated in blocks, so they never move and cost no malloc
 * header each: a small first block, so that small trees stay small, then
 * huge pages (see ht-huge-page.c). */
#define FIRST_BLOCK_NODES 1024
#define HUGE_BLOCK_NODES  (HT_HUGE_PAGE_SIZE / sizeof (HtCallTreeNode))
#define NO_SYMBOL       G_MAXUINT32

struct _HtCallTreeNode
{
  HtCost          cost;
  HtCallTreeNode *parent;
  /* while building, a list: the newest child, and each child's older
   * sibling; then tree_finish() puts every node's children side by side in
   * HtCallTree.child_slots (one allocation, instead of two per node) */
  HtCallTreeNode *first_child;
  HtCallTreeNode *next_sibling;
  HtCallTreeNode **children;
  guint32         n_children;
  guint32         symbol;    /* into HtCallTree.symbols, NO_SYMBOL for the root */
  guint32         file;      /* first location seen at this node */
  guint32         line;
};

struct _HtCallTree
{
  HtAnalysis     *analysis;
  GArray         *symbols;   /* HtCallSymbol */
  HtCallTreeNode *first_block;  /* HtCallTreeNode[FIRST_BLOCK_NODES] */
  GPtrArray      *blocks;    /* huge pages of HtCallTreeNode[HUGE_BLOCK_NODES] */
  guint           n_nodes;   /* in the blocks, the root is apart */
  HtCallTreeNode **child_slots;
  gboolean        top_down;
  HtCallTreeNode  root;
};

typedef struct
{
  guint32  file;             /* first location seen */
  guint32  line;
  guint    stamp;            /* while building: last site counted + 1 */
  HtCost   inclusive;
  HtCost   self;
  GArray  *callers;          /* HtCallerCalleeLink, NULL while there are none */
  GArray  *callees;
} Function;

struct _HtCallerCallee
{
  HtAnalysis *analysis;
  GArray     *symbols;       /* HtCallSymbol, parallel to functions */
  GArray     *functions;     /* Function */
  GHashTable *index;         /* HtCallSymbol* → function + 1 */
};

/* One level of a backtrace: an IP's own frame or one of its inlined frames. */
typedef struct
{
  guint32 symbol;
  guint32 file;
  guint32 line;
} Frame;

/* Turns the backtraces of sites into symbol sequences, innermost first. */
typedef struct
{
  HtTraceData *data;
  GArray      *symbols;         /* HtCallSymbol, owned by the caller */
  GHashTable  *index;           /* HtCallSymbol* → symbol + 1, owned by the caller */
  guint32     *ip_symbol;       /* per IP: symbol + 1 of its own frame, 0 = not yet */
  guint32     *inlined_symbol;  /* per inlined frame, likewise */
  GArray      *frames;          /* Frame */
} Walker;

static void
cost_add (HtCost       *to,
          const HtCost *from)
{
  to->allocations += from->allocations;
  to->temporary += from->temporary;
  to->peak += from->peak;
  to->leaked += from->leaked;
}

static void
cost_sub (HtCost       *to,
          const HtCost *from)
{
  to->allocations -= from->allocations;
  to->temporary -= from->temporary;
  to->peak -= from->peak;
  to->leaked -= from->leaked;
}

static gboolean
cost_is_zero (const HtCost *cost)
{
  return cost->allocations == 0 && cost->temporary == 0 && cost->peak == 0 && cost->leaked == 0;
}

static guint
symbol_hash (gconstpointer p)
{
  const HtCallSymbol *s = p;

  return s->function * 1000003u + s->module * 7919u + (guint) (s->address ^ (s->address >> 32));
}

static gboolean
symbol_equal (gconstpointer a,
              gconstpointer b)
{
  const HtCallSymbol *x = a;
  const HtCallSymbol *y = b;

  return x->function == y->function && x->module == y->module && x->address == y->address;
}

static GHashTable *
symbol_index_new (void)
{
  return g_hash_table_new_full (symbol_hash, symbol_equal, g_free, NULL);
}

static char *
symbol_display_name (HtTraceData        *data,
                     const HtCallSymbol *symbol,
                     gboolean            shorten_templates)
{
  const char *name = ht_trace_data_get_string (data, symbol->function);

  if (name == NULL)
    return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", symbol->address);
  return shorten_templates ? ht_shorten_template (name) : g_strdup (name);
}

static void
walker_init (Walker     *w,
             HtAnalysis *analysis,
             GArray     *symbols,
             GHashTable *index)
{
  w->data = analysis->data;
  w->symbols = symbols;
  w->index = index;
  w->ip_symbol = g_new0 (guint32, w->data->ips->len);
  w->inlined_symbol = g_new0 (guint32, w->data->inlined->len);
  w->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
}

static void
walker_clear (Walker *w)
{
  g_clear_pointer (&w->ip_symbol, g_free);
  g_clear_pointer (&w->inlined_symbol, g_free);
  g_clear_pointer (&w->frames, g_array_unref);
}

static guint32
walker_intern (Walker  *w,
               guint32 *cache,
               guint32  function,
               guint32  module,
               guint64  address)
{
  HtCallSymbol key = { function, module, function != 0 ? 0 : address };
  gpointer value;

  if (*cache != 0)
    return *cache - 1;
  if (g_hash_table_lookup_extended (w->index, &key, NULL, &value))
    *cache = GPOINTER_TO_UINT (value);
  else
    {
      g_array_append_val (w->symbols, key);
      g_hash_table_insert (w->index, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (w->symbols->len));
      *cache = w->symbols->len;
    }
  return *cache - 1;
}

/* The frames of @trace as heaptrack_gui sees them (docs/figures.md §16.1):
 * per IP its own frame, then its inlined frames, each the caller of the one
 * before; the walk ends after the IP of a stop function (docs/figures.md
 * §8.2). Parents precede their children in a file we accepted, so it cannot
 * loop. */
/* Appends the frames of one IP: its own, then its inlined ones outwards */
static void
walker_add_ip (Walker  *w,
               guint32  ip_index)
{
  const HtIp *ip = ht_trace_data_ip (w->data, ip_index);
  Frame frame;

  frame.symbol = walker_intern (w, &w->ip_symbol[ip_index], ip->frame.function, ip->module, ip->address);
  frame.file = ip->frame.file;
  frame.line = ip->frame.line;
  g_array_append_val (w->frames, frame);

  for (guint k = 0; k < ip->n_inlined; k++)
    {
      const HtFrame *inlined = ht_trace_data_inlined (w->data, ip, k);

      frame.symbol = walker_intern (w, &w->inlined_symbol[ip->inlined_start + k],
                                    inlined->function, ip->module, ip->address);
      frame.file = inlined->file;
      frame.line = inlined->line;
      g_array_append_val (w->frames, frame);
    }
}

static void
walker_collect (Walker  *w,
                guint32  trace)
{
  HtTraceData *data = w->data;

  g_array_set_size (w->frames, 0);
  while (trace != 0)
    {
      const HtTraceNode *node = ht_trace_data_trace (data, trace);

      walker_add_ip (w, node->ip);
      if (ht_trace_data_is_stop_ip (data, node->ip))
        break;
      trace = node->parent;
    }
}

/* While building, the children of nodes with more than FEW_CHILDREN are in
 * one hash table keyed by (parent, symbol). */
#define FEW_CHILDREN 8

static guint
node_key_hash (gconstpointer p)
{
  const HtCallTreeNode *node = p;

  return g_direct_hash (node->parent) ^ (node->symbol * 2654435761u);
}

static gboolean
node_key_equal (gconstpointer a,
                gconstpointer b)
{
  const HtCallTreeNode *x = a;
  const HtCallTreeNode *y = b;

  return x->parent == y->parent && x->symbol == y->symbol;
}

static HtCallTreeNode *
node_at (HtCallTree *self,
         guint       index)
{
  HtCallTreeNode *block;

  if (index < FIRST_BLOCK_NODES)
    return &self->first_block[index];
  index -= FIRST_BLOCK_NODES;
  block = g_ptr_array_index (self->blocks, index / HUGE_BLOCK_NODES);
  return &block[index % HUGE_BLOCK_NODES];
}

static HtCallTreeNode *
child_for (HtCallTree     *self,
           GHashTable     *children,
           HtCallTreeNode *parent,
           const Frame    *frame)
{
  HtCallTreeNode key = { .parent = parent, .symbol = frame->symbol };
  HtCallTreeNode *node = NULL;
  guint n = parent->n_children;

  /* most nodes have a few children: look among them; the hash table holds
   * only the children of nodes with many */
  if (n <= FEW_CHILDREN)
    {
      for (HtCallTreeNode *c = parent->first_child; c != NULL; c = c->next_sibling)
        if (c->symbol == frame->symbol)
          return c;
    }
  else if ((node = g_hash_table_lookup (children, &key)) != NULL)
    return node;

  if (self->n_nodes >= FIRST_BLOCK_NODES && (self->n_nodes - FIRST_BLOCK_NODES) % HUGE_BLOCK_NODES == 0)
    g_ptr_array_add (self->blocks, ht_huge_page_new ());
  node = node_at (self, self->n_nodes++);
  /* a block is not cleared beforehand: that would touch its pages twice */
  *node = (HtCallTreeNode) { .parent = parent };
  node->symbol = frame->symbol;
  node->file = frame->file;
  node->line = frame->line;

  node->next_sibling = parent->first_child;
  parent->first_child = node;
  parent->n_children++;
  if (n + 1 == FEW_CHILDREN + 1)
    for (HtCallTreeNode *c = node; c != NULL; c = c->next_sibling)
      g_hash_table_add (children, c);
  else if (n + 1 > FEW_CHILDREN)
    g_hash_table_add (children, node);
  return node;
}

static void
node_finish (HtCallTreeNode  *node,
             HtCallTreeNode **slots)
{
  guint i = node->n_children;

  node->children = slots;
  /* the list is newest first: fill from the end to keep the order of
   * appearance */
  for (HtCallTreeNode *c = node->first_child; c != NULL; c = c->next_sibling)
    slots[--i] = c;
  node->first_child = NULL;
}

/* Once every node is made: the children arrays */
static void
tree_finish (HtCallTree *self)
{
  HtCallTreeNode **slots = g_new (HtCallTreeNode *, self->n_nodes + 1);

  self->child_slots = slots;
  node_finish (&self->root, slots);
  slots += self->root.n_children;
  for (guint i = 0; i < self->n_nodes; i++)
    {
      HtCallTreeNode *node = node_at (self, i);

      node_finish (node, slots);
      slots += node->n_children;
    }
}

static HtCallTree *
call_tree_new_bottom_up (HtAnalysis *analysis)
{
  HtCallTree *self = g_new0 (HtCallTree, 1);
  g_autoptr(GHashTable) children = g_hash_table_new (node_key_hash, node_key_equal);
  g_autoptr(GHashTable) index = symbol_index_new ();
  Walker w;

  self->analysis = analysis;
  self->symbols = g_array_new (FALSE, FALSE, sizeof (HtCallSymbol));
  self->first_block = g_new (HtCallTreeNode, FIRST_BLOCK_NODES);
  self->blocks = g_ptr_array_new_with_free_func (ht_huge_page_free);
  self->root.symbol = NO_SYMBOL;

  walker_init (&w, analysis, self->symbols, index);
  for (guint s = 0; s < analysis->sites->len; s++)
    {
      const HtSite *site = ht_analysis_site (analysis, s);
      HtCallTreeNode *node = &self->root;
      const Frame *frames;
      guint n;

      /* e.g. all of its events were outside the time window */
      if (cost_is_zero (&site->cost))
        continue;

      cost_add (&self->root.cost, &site->cost);
      walker_collect (&w, site->trace);
      frames = (const Frame *) (gpointer) w.frames->data;
      n = w.frames->len;
      for (guint i = 0; i < n; i++)
        {
          node = child_for (self, children, node, &frames[i]);
          cost_add (&node->cost, &site->cost);
        }
    }
  walker_clear (&w);
  tree_finish (self);

  return self;
}

/* The top-down node where the backtrace of @trace ends. Every trace node
 * maps to one such node (its path starts at the innermost stop function
 * above it, or at the outermost frame), so it is computed once per trace
 * node from its parent's, instead of once per site and frame. */
static HtCallTreeNode *
top_down_node (HtCallTree      *self,
               Walker          *w,
               GHashTable      *children,
               HtCallTreeNode **memo,
               GArray          *chain,
               guint32          trace)
{
  HtTraceData *data = w->data;
  HtCallTreeNode *node = &self->root;

  /* the trace nodes without a top-down node yet, innermost first */
  g_array_set_size (chain, 0);
  while (trace != 0 && memo[trace] == NULL)
    {
      g_array_append_val (chain, trace);
      if (ht_trace_data_is_stop_ip (data, ht_trace_data_trace (data, trace)->ip))
        break;
      trace = ht_trace_data_trace (data, trace)->parent;
    }
  if (trace != 0 && memo[trace] != NULL)
    node = memo[trace];

  for (guint i = chain->len; i-- > 0;)
    {
      guint32 t = g_array_index (chain, guint32, i);

      g_array_set_size (w->frames, 0);
      walker_add_ip (w, ht_trace_data_trace (data, t)->ip);
      /* an IP's inlined frames are its callers: outermost first here */
      for (guint f = w->frames->len; f-- > 0;)
        node = child_for (self, children, node, &g_array_index (w->frames, Frame, f));
      memo[t] = node;
    }
  return node;
}

static HtCallTree *
call_tree_new_top_down (HtAnalysis *analysis)
{
  HtCallTree *self = g_new0 (HtCallTree, 1);
  g_autoptr(GHashTable) children = g_hash_table_new (node_key_hash, node_key_equal);
  g_autoptr(GHashTable) index = symbol_index_new ();
  g_autofree HtCallTreeNode **memo = g_new0 (HtCallTreeNode *, analysis->data->traces->len);
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (guint32));
  Walker w;

  self->analysis = analysis;
  self->symbols = g_array_new (FALSE, FALSE, sizeof (HtCallSymbol));
  self->first_block = g_new (HtCallTreeNode, FIRST_BLOCK_NODES);
  self->blocks = g_ptr_array_new_with_free_func (ht_huge_page_free);
  self->root.symbol = NO_SYMBOL;

  self->top_down = TRUE;

  /* each site's cost goes to the node its backtrace ends at ... */
  walker_init (&w, analysis, self->symbols, index);
  for (guint s = 0; s < analysis->sites->len; s++)
    {
      const HtSite *site = ht_analysis_site (analysis, s);
      HtCallTreeNode *node;

      if (cost_is_zero (&site->cost))
        continue;
      cost_add (&self->root.cost, &site->cost);
      node = top_down_node (self, &w, children, memo, chain, site->trace);
      if (node != &self->root)
        cost_add (&node->cost, &site->cost);
    }
  walker_clear (&w);

  /* ... and then up to its ancestors: children are made after their
   * parents, so backwards through the blocks every child comes first */
  for (guint i = self->n_nodes; i-- > 0;)
    {
      HtCallTreeNode *node = node_at (self, i);

      if (node->parent != &self->root)
        cost_add (&node->parent->cost, &node->cost);
    }
  tree_finish (self);
  return self;
}

/**
 * ht_call_tree_new_bottom_up:
 * @analysis: the analysis, which must outlive the tree
 *
 * Builds the bottom-up tree: its roots are the innermost frames (the
 * allocating functions), each node's children are the callers of that path.
 * A node's cost is the sum of the costs of the sites whose backtrace starts
 * with the path from the root to the node. Sites without any cost are left
 * out; sites with an empty backtrace count only in the root's cost.
 *
 * Returns: (transfer full): the tree
 */
HtCallTree *
ht_call_tree_new_bottom_up (HtAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return call_tree_new_bottom_up (analysis);
}

/**
 * ht_call_tree_new_top_down:
 * @analysis: the analysis, which must outlive the tree
 *
 * Builds the top-down tree: its roots are the outermost frames (a stop
 * function such as `main` where the backtrace has one, the frames above it
 * left out), each node's children are its callees. A node's cost is the
 * inclusive cost of the sites whose backtrace passes through that path.
 *
 * Returns: (transfer full): the tree
 */
HtCallTree *
ht_call_tree_new_top_down (HtAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return call_tree_new_top_down (analysis);
}

void
ht_call_tree_free (HtCallTree *self)
{
  if (self == NULL)
    return;

  g_free (self->child_slots);
  g_free (self->first_block);
  g_ptr_array_unref (self->blocks);
  g_array_unref (self->symbols);
  g_free (self);
}

HtAnalysis *
ht_call_tree_get_analysis (HtCallTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->analysis;
}

/**
 * ht_call_tree_get_root:
 *
 * The root is not a frame: its children are the roots of the tree, and its
 * cost is that of every site with any cost.
 *
 * Returns: (transfer none): the root node
 */
HtCallTreeNode *
ht_call_tree_get_root (HtCallTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->root;
}

/* The number of nodes without the root. */
guint
ht_call_tree_get_n_nodes (HtCallTree *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_nodes;
}

guint
ht_call_tree_node_get_n_children (const HtCallTreeNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  return node->n_children;
}

HtCallTreeNode *
ht_call_tree_node_get_child (const HtCallTreeNode *node,
                             guint                 index)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (index < ht_call_tree_node_get_n_children (node), NULL);

  return node->children[index];
}

/* Returns: (nullable): the parent, NULL for the root */
HtCallTreeNode *
ht_call_tree_node_get_parent (const HtCallTreeNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return node->parent;
}

const HtCost *
ht_call_tree_node_get_cost (const HtCallTreeNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return &node->cost;
}

/**
 * ht_call_tree_node_get_self_cost:
 *
 * The node's cost minus that of its children: in a top-down tree the sites
 * whose innermost frame is this node, in a bottom-up tree the sites whose
 * backtrace ends here.
 */
void
ht_call_tree_node_get_self_cost (const HtCallTreeNode *node,
                                 HtCost               *self_cost)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (self_cost != NULL);

  *self_cost = node->cost;
  for (guint i = 0; i < ht_call_tree_node_get_n_children (node); i++)
    cost_sub (self_cost, &ht_call_tree_node_get_child (node, i)->cost);
}

/* Returns: (nullable): the node's symbol, NULL for the root */
const HtCallSymbol *
ht_call_tree_node_get_symbol (HtCallTree           *tree,
                              const HtCallTreeNode *node)
{
  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  if (node->symbol == NO_SYMBOL)
    return NULL;
  return &g_array_index (tree->symbols, HtCallSymbol, node->symbol);
}

/* Returns: (nullable): the function name, NULL if it is unknown */
const char *
ht_call_tree_node_get_function (HtCallTree           *tree,
                                const HtCallTreeNode *node)
{
  const HtCallSymbol *symbol = ht_call_tree_node_get_symbol (tree, node);

  return symbol != NULL ? ht_trace_data_get_string (tree->analysis->data, symbol->function) : NULL;
}

/* Returns: (nullable): the module path, NULL if it is unknown */
const char *
ht_call_tree_node_get_module (HtCallTree           *tree,
                              const HtCallTreeNode *node)
{
  const HtCallSymbol *symbol = ht_call_tree_node_get_symbol (tree, node);

  return symbol != NULL ? ht_trace_data_get_string (tree->analysis->data, symbol->module) : NULL;
}

/* Returns: (nullable): the source file of the first location seen at the node */
const char *
ht_call_tree_node_get_file (HtCallTree           *tree,
                            const HtCallTreeNode *node)
{
  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return ht_trace_data_get_string (tree->analysis->data, node->file);
}

/* The line of the first location seen at the node, 0 if unknown. */
guint32
ht_call_tree_node_get_line (const HtCallTreeNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  return node->line;
}

/* The address of the IP for an unknown function, else 0. */
guint64
ht_call_tree_node_get_address (HtCallTree           *tree,
                               const HtCallTreeNode *node)
{
  const HtCallSymbol *symbol = ht_call_tree_node_get_symbol (tree, node);

  return symbol != NULL ? symbol->address : 0;
}

/**
 * ht_call_tree_node_get_display_name:
 *
 * The function name, with template arguments shortened (docs/figures.md
 * §10) if @shorten_templates, or "0x..." with the IP's address when the
 * function is unknown.
 *
 * Returns: (transfer full) (nullable): the name, NULL for the root
 */
char *
ht_call_tree_node_get_display_name (HtCallTree           *tree,
                                    const HtCallTreeNode *node,
                                    gboolean              shorten_templates)
{
  const HtCallSymbol *symbol = ht_call_tree_node_get_symbol (tree, node);

  if (symbol == NULL)
    return NULL;
  return symbol_display_name (tree->analysis->data, symbol, shorten_templates);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const HtCallTreeNode *x = *(HtCallTreeNode * const *) a;
  const HtCallTreeNode *y = *(HtCallTreeNode * const *) b;
  HtCostType type = GPOINTER_TO_INT (user_data);
  gint64 cx = ht_cost_get (&x->cost, type);
  gint64 cy = ht_cost_get (&y->cost, type);

  if (cx != cy)
    return cx > cy ? -1 : 1;
  /* ties in order of first appearance of the symbol, to be deterministic */
  if (x->symbol != y->symbol)
    return x->symbol < y->symbol ? -1 : 1;
  return 0;
}

static void
sort_nodes (HtCallTreeNode *node,
            HtCostType      type)
{
  if (node->n_children > 1)
    g_qsort_with_data (node->children, node->n_children, sizeof (HtCallTreeNode *),
                       compare_nodes, GINT_TO_POINTER (type));
}

/**
 * ht_call_tree_node_sort_children:
 * @recursive: whether to sort the children's children too, all the way down
 *
 * Sorts the children of @node by the cost @type, highest first.
 */
void
ht_call_tree_node_sort_children (HtCallTreeNode *node,
                                 HtCostType      type,
                                 gboolean        recursive)
{
  g_autoptr(GPtrArray) pending = NULL;

  g_return_if_fail (node != NULL);

  if (!recursive)
    {
      sort_nodes (node, type);
      return;
    }

  /* no recursion in C: backtraces of recursive programs can be very deep */
  pending = g_ptr_array_new ();
  g_ptr_array_add (pending, node);
  while (pending->len > 0)
    {
      HtCallTreeNode *next = g_ptr_array_steal_index_fast (pending, pending->len - 1);

      sort_nodes (next, type);
      for (guint i = 0; i < next->n_children; i++)
        g_ptr_array_add (pending, next->children[i]);
    }
}

/* A (callee, caller) pair while building: where it is in both link lists,
 * and the last site it was counted for. */
typedef struct
{
  guint64 key;               /* callee << 32 | caller */
  guint   caller_link;       /* into the callee's callers */
  guint   callee_link;       /* into the caller's callees */
  guint   stamp;
} Pair;

/* g_int64_hash () folds the two halves together: callee ^ caller, the same
 * for a million pairs of a thousand functions. Fibonacci hashing spreads
 * them. */
static guint
pair_hash (gconstpointer key)
{
  return (guint) ((*(const guint64 *) key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

static Function *
function_at (HtCallerCallee *self,
             guint           function)
{
  return &g_array_index (self->functions, Function, function);
}

static guint
add_link (GArray **links,
          guint    function)
{
  HtCallerCalleeLink link = { function, { 0 } };

  if (*links == NULL)
    *links = g_array_new (FALSE, FALSE, sizeof (HtCallerCalleeLink));
  g_array_append_val (*links, link);
  return (*links)->len - 1;
}

static void
count_call (HtCallerCallee *self,
            GHashTable     *pairs,
            guint32         callee,
            guint32         caller,
            guint           stamp,
            const HtCost   *cost)
{
  guint64 key = ((guint64) callee << 32) | caller;
  Pair *pair = g_hash_table_lookup (pairs, &key);
  HtCallerCalleeLink *link;

  if (pair == NULL)
    {
      pair = g_new0 (Pair, 1);
      pair->key = key;
      pair->caller_link = add_link (&function_at (self, callee)->callers, caller);
      pair->callee_link = add_link (&function_at (self, caller)->callees, callee);
      g_hash_table_add (pairs, pair);
    }
  /* a recursive backtrace has the same call several times: count it once */
  if (pair->stamp == stamp)
    return;
  pair->stamp = stamp;

  link = &g_array_index (function_at (self, callee)->callers, HtCallerCalleeLink, pair->caller_link);
  cost_add (&link->cost, cost);
  link = &g_array_index (function_at (self, caller)->callees, HtCallerCalleeLink, pair->callee_link);
  cost_add (&link->cost, cost);
}

/**
 * ht_caller_callee_new:
 * @analysis: the analysis, which must outlive the result
 *
 * Builds the flat list of functions (by symbol, docs/figures.md §16.4) in order
 * of first appearance, each with its inclusive cost (the sites whose
 * backtrace contains it, each site once even when it recurses), its self
 * cost (the sites whose innermost frame it is), its callers and its callees.
 * Sites without any cost are left out.
 *
 * Returns: (transfer full): the caller/callee data
 */
HtCallerCallee *
ht_caller_callee_new (HtAnalysis *analysis)
{
  HtCallerCallee *self;
  g_autoptr(GHashTable) pairs = NULL;
  Walker w;

  g_return_val_if_fail (analysis != NULL, NULL);

  self = g_new0 (HtCallerCallee, 1);
  self->analysis = analysis;
  self->symbols = g_array_new (FALSE, FALSE, sizeof (HtCallSymbol));
  self->functions = g_array_new (FALSE, TRUE, sizeof (Function));
  self->index = symbol_index_new ();
  pairs = g_hash_table_new_full (pair_hash, g_int64_equal, g_free, NULL);

  walker_init (&w, analysis, self->symbols, self->index);
  for (guint s = 0; s < analysis->sites->len; s++)
    {
      const HtSite *site = ht_analysis_site (analysis, s);
      guint stamp = s + 1;
      guint filled = self->functions->len;
      const Frame *frames;
      guint n;

      if (cost_is_zero (&site->cost))
        continue;

      walker_collect (&w, site->trace);
      frames = (const Frame *) (gpointer) w.frames->data;
      n = w.frames->len;
      if (n == 0)
        continue;

      /* new symbols were numbered in order of their first frame */
      g_array_set_size (self->functions, self->symbols->len);
      for (guint i = 0; i < n && filled < self->functions->len; i++)
        if (frames[i].symbol == filled)
          {
            function_at (self, filled)->file = frames[i].file;
            function_at (self, filled)->line = frames[i].line;
            filled++;
          }

      cost_add (&function_at (self, frames[0].symbol)->self, &site->cost);
      for (guint i = 0; i < n; i++)
        {
          Function *function = function_at (self, frames[i].symbol);

          if (function->stamp != stamp)
            {
              function->stamp = stamp;
              cost_add (&function->inclusive, &site->cost);
            }
          if (i + 1 < n)
            count_call (self, pairs, frames[i].symbol, frames[i + 1].symbol, stamp, &site->cost);
        }
    }
  walker_clear (&w);

  return self;
}

void
ht_caller_callee_free (HtCallerCallee *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->functions->len; i++)
    {
      g_clear_pointer (&function_at (self, i)->callers, g_array_unref);
      g_clear_pointer (&function_at (self, i)->callees, g_array_unref);
    }
  g_array_unref (self->functions);
  g_array_unref (self->symbols);
  g_hash_table_unref (self->index);
  g_free (self);
}

HtAnalysis *
ht_caller_callee_get_analysis (HtCallerCallee *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->analysis;
}

guint
ht_caller_callee_get_n_functions (HtCallerCallee *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->functions->len;
}

/**
 * ht_caller_callee_find:
 * @symbol: a symbol, e.g. of a tree node built from the same analysis
 * @function: (out) (optional): its index
 *
 * Returns: whether a function has @symbol
 */
gboolean
ht_caller_callee_find (HtCallerCallee     *self,
                       const HtCallSymbol *symbol,
                       guint              *function)
{
  gpointer value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (symbol != NULL, FALSE);

  if (!g_hash_table_lookup_extended (self->index, symbol, NULL, &value))
    return FALSE;
  if (function != NULL)
    *function = GPOINTER_TO_UINT (value) - 1;
  return TRUE;
}

const HtCallSymbol *
ht_caller_callee_get_symbol (HtCallerCallee *self,
                             guint           function)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (function < self->functions->len, NULL);

  return &g_array_index (self->symbols, HtCallSymbol, function);
}

/* Returns: (nullable): the function name, NULL if it is unknown */
const char *
ht_caller_callee_get_function (HtCallerCallee *self,
                               guint           function)
{
  const HtCallSymbol *symbol = ht_caller_callee_get_symbol (self, function);

  return symbol != NULL ? ht_trace_data_get_string (self->analysis->data, symbol->function) : NULL;
}

/* Returns: (nullable): the module path, NULL if it is unknown */
const char *
ht_caller_callee_get_module (HtCallerCallee *self,
                             guint           function)
{
  const HtCallSymbol *symbol = ht_caller_callee_get_symbol (self, function);

  return symbol != NULL ? ht_trace_data_get_string (self->analysis->data, symbol->module) : NULL;
}

/* Returns: (nullable): the source file of the first location seen */
const char *
ht_caller_callee_get_file (HtCallerCallee *self,
                           guint           function)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (function < self->functions->len, NULL);

  return ht_trace_data_get_string (self->analysis->data, function_at (self, function)->file);
}

guint32
ht_caller_callee_get_line (HtCallerCallee *self,
                           guint           function)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (function < self->functions->len, 0);

  return function_at (self, function)->line;
}

/* The address of the IP for an unknown function, else 0. */
guint64
ht_caller_callee_get_address (HtCallerCallee *self,
                              guint           function)
{
  const HtCallSymbol *symbol = ht_caller_callee_get_symbol (self, function);

  return symbol != NULL ? symbol->address : 0;
}

/* Returns: (transfer full): as ht_call_tree_node_get_display_name() */
char *
ht_caller_callee_get_display_name (HtCallerCallee *self,
                                   guint           function,
                                   gboolean        shorten_templates)
{
  const HtCallSymbol *symbol = ht_caller_callee_get_symbol (self, function);

  g_return_val_if_fail (symbol != NULL, NULL);

  return symbol_display_name (self->analysis->data, symbol, shorten_templates);
}

const HtCost *
ht_caller_callee_get_inclusive_cost (HtCallerCallee *self,
                                     guint           function)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (function < self->functions->len, NULL);

  return &function_at (self, function)->inclusive;
}

const HtCost *
ht_caller_callee_get_self_cost (HtCallerCallee *self,
                                guint           function)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (function < self->functions->len, NULL);

  return &function_at (self, function)->self;
}

static guint
n_links (const GArray *links)
{
  return links != NULL ? links->len : 0;
}

guint
ht_caller_callee_get_n_callers (HtCallerCallee *self,
                                guint           function)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (function < self->functions->len, 0);

  return n_links (function_at (self, function)->callers);
}

/* Returns: (transfer none): the @index-th caller, in order of first appearance */
const HtCallerCalleeLink *
ht_caller_callee_get_caller (HtCallerCallee *self,
                             guint           function,
                             guint           index)
{
  g_return_val_if_fail (index < ht_caller_callee_get_n_callers (self, function), NULL);

  return &g_array_index (function_at (self, function)->callers, HtCallerCalleeLink, index);
}

guint
ht_caller_callee_get_n_callees (HtCallerCallee *self,
                                guint           function)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (function < self->functions->len, 0);

  return n_links (function_at (self, function)->callees);
}

/* Returns: (transfer none): the @index-th callee, in order of first appearance */
const HtCallerCalleeLink *
ht_caller_callee_get_callee (HtCallerCallee *self,
                             guint           function,
                             guint           index)
{
  g_return_val_if_fail (index < ht_caller_callee_get_n_callees (self, function), NULL);

  return &g_array_index (function_at (self, function)->callees, HtCallerCalleeLink, index);
}

gboolean
ht_call_tree_is_top_down (HtCallTree *self)
{
  return self->top_down;
}

static int
compare_leaves (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  HtCostType type = GPOINTER_TO_INT (user_data);
  guint64 x = ht_bytes_magnitude (ht_cost_get (&(*(HtCallTreeNode **) a)->cost, type));
  guint64 y = ht_bytes_magnitude (ht_cost_get (&(*(HtCallTreeNode **) b)->cost, type));

  return x > y ? -1 : x < y;
}

/**
 * ht_call_tree_node_list_backtraces:
 * @limit: how many at most
 *
 * The complete backtraces through @node: the leaves of its subtree (the
 * node itself if it has no children), largest @type first. The path from
 * the tree's root to a leaf is one backtrace.
 *
 * Returns: (transfer container) (element-type HtCallTreeNode): the leaves
 */
GPtrArray *
ht_call_tree_node_list_backtraces (HtCallTreeNode *node,
                                   HtCostType      type,
                                   guint           limit)
{
  GPtrArray *leaves = g_ptr_array_new ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      HtCallTreeNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (n->n_children == 0)
        g_ptr_array_add (leaves, n);
      else
        for (guint i = 0; i < n->n_children; i++)
          g_ptr_array_add (stack, n->children[i]);
    }
  g_ptr_array_sort_with_data (leaves, compare_leaves, GINT_TO_POINTER (type));
  if (leaves->len > limit)
    g_ptr_array_set_size (leaves, limit);
  return leaves;
}

static gboolean
contains_folded (const char *text,
                 const char *needle)
{
  g_autofree char *folded = text ? g_utf8_casefold (text, -1) : NULL;

  return folded != NULL && strstr (folded, needle) != NULL;
}

/* Whether string @index contains @needle; memoized in @memo (0 unknown, 1 no, 2 yes) */
static gboolean
string_matches (HtTraceData *data,
                guint8      *memo,
                guint32      index,
                const char  *needle)
{
  if (index == 0)
    return FALSE;
  if (memo[index] == 0)
    memo[index] = contains_folded (ht_trace_data_get_string (data, index), needle) ? 2 : 1;
  return memo[index] == 2;
}

/**
 * ht_call_tree_find:
 * @needle: the text to find, case-folded with g_utf8_casefold()
 *
 * Finds the nodes whose function (as displayed, templates shortened), file
 * or module contains @needle, in one pass over the tree: each symbol and
 * string is tested once, whatever the number of nodes.
 *
 * Returns: (transfer full): a set of the matching nodes and their ancestors
 */
GHashTable *
ht_call_tree_find (HtCallTree *self,
                   const char *needle)
{
  HtTraceData *data = self->analysis->data;
  GHashTable *found = g_hash_table_new (NULL, NULL);
  g_autofree guint8 *string_memo = g_new0 (guint8, data->strings->len);
  g_autofree guint8 *symbol_memo = g_new0 (guint8, self->symbols->len);

  for (guint i = 0; i < self->n_nodes; i++)
    {
      HtCallTreeNode *node = node_at (self, i);
      const HtCallSymbol *symbol = &g_array_index (self->symbols, HtCallSymbol, node->symbol);

      if (symbol_memo[node->symbol] == 0)
        {
          g_autofree char *name = symbol_display_name (data, symbol, TRUE);

          symbol_memo[node->symbol] = contains_folded (name, needle)
                                      || string_matches (data, string_memo, symbol->module, needle) ? 2 : 1;
        }
      if (symbol_memo[node->symbol] != 2 && !string_matches (data, string_memo, node->file, needle))
        continue;

      for (; node != &self->root && g_hash_table_add (found, node); node = node->parent)
        ;
    }
  return found;
}

/**
 * ht_call_tree_find_symbol:
 * @symbol: a function's symbol, e.g. of another tree's node
 * @type: the cost that decides between the nodes of that function
 *
 * Finds where a function selected elsewhere is in this tree: of its nodes,
 * the costliest by @type, the one nearest the root if several are.
 *
 * Returns: (nullable): the node, or %NULL if the tree has no such function
 */
HtCallTreeNode *
ht_call_tree_find_symbol (HtCallTree         *self,
                          const HtCallSymbol *symbol,
                          HtCostType          type)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  HtCallTreeNode *best = NULL;
  guint64 best_cost = 0;

  g_ptr_array_add (queue, ht_call_tree_get_root (self));
  for (guint i = 0; i < queue->len; i++)
    {
      HtCallTreeNode *node = g_ptr_array_index (queue, i);

      for (guint c = 0; c < ht_call_tree_node_get_n_children (node); c++)
        g_ptr_array_add (queue, ht_call_tree_node_get_child (node, c));
      if (i > 0 && symbol_equal (ht_call_tree_node_get_symbol (self, node), symbol))
        {
          guint64 cost = ht_bytes_magnitude (ht_cost_get (ht_call_tree_node_get_cost (node), type));

          if (best == NULL || cost > best_cost)
            best = node, best_cost = cost;
        }
    }
  return best;
}
