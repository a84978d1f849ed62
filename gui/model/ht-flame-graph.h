/* ht-flame-graph.h: where each frame of a flame graph goes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-call-tree.h"

G_BEGIN_DECLS

/* No frame: what hit testing and walking return where there is none */
#define HT_FLAME_NO_FRAME G_MAXUINT

/* What a frame is highlighted for */
typedef enum
{
  HT_FLAME_MARK_MATCH    = 1 << 0,  /* its function matches the search */
  HT_FLAME_MARK_SELECTED = 1 << 1,  /* its function is the one selected */
  HT_FLAME_MARK_ADDED    = 1 << 2,  /* in a comparison: only in B */
  HT_FLAME_MARK_REMOVED  = 1 << 3,  /* in a comparison: only in A */
} HtFlameMarks;

/* Where the keyboard moves from a frame */
typedef enum
{
  HT_FLAME_WALK_PARENT,    /* the frame it sits on (its caller top-down) */
  HT_FLAME_WALK_CHILD,     /* its first frame on the next level, the costliest */
  HT_FLAME_WALK_PREVIOUS,  /* its neighbour on the left, on the same level */
  HT_FLAME_WALK_NEXT,      /* its neighbour on the right */
} HtFlameWalk;

/* One rectangle: @x and @width are shares of the view's width (0 to 1),
 * @depth counts levels from the top frame (0). A NULL @node stands for
 * frames merged for being each narrower than a pixel. @parent is the index
 * of the frame it sits on, HT_FLAME_NO_FRAME on the base level. @node is
 * a node of the tree laid out: an HtCallTreeNode, or a comparison's
 * HtDiffNode. */
typedef struct
{
  gpointer        node;
  double          x;
  double          width;
  guint           depth;
  float           change;    /* in a comparison: how its cost changed, -1 (shrank most) to 1 (grew most) */
  gint64          cost;
  guint           parent;
  guint8          marks;     /* HtFlameMarks */
} HtFlameFrame;

typedef struct _HtFlameLayout HtFlameLayout;

/* What a layout reads of the tree it lays out, so that one layout serves
 * the call trees of one trace (ht_flame_layout_new) and the paired trees
 * of a comparison (ht-diff-flame.h). @n_children, @child and @cost run for
 * every child of every frame laid out: plain look-ups, none allocating. */
typedef struct
{
  guint          (*n_children)   (gconstpointer  node);
  gpointer       (*child)        (gconstpointer  node,
                                  guint          index);
  gint64         (*cost)         (gpointer       data,
                                  gconstpointer  node,
                                  HtCostType     type);
  /* the node's function, NULL for the root: equal pointers, one function */
  gconstpointer  (*symbol)       (gpointer       data,
                                  gconstpointer  node);
  char          *(*display_name) (gpointer       data,
                                  gconstpointer  node,
                                  gboolean       shorten_templates);
  const char    *(*module)       (gpointer       data,
                                  gconstpointer  node);
  /* (nullable): after laying out, what the frames carry besides their cost */
  void           (*annotate)     (gpointer       data,
                                  HtFlameLayout *layout);
  /* a frame of a node in one line (ht_flame_layout_describe), and as a
   * tooltip's markup */
  char          *(*describe)     (gpointer       data,
                                  HtFlameLayout *layout,
                                  guint          frame);
  char          *(*tooltip)      (gpointer       data,
                                  HtFlameLayout *layout,
                                  guint          frame);
} HtFlameSource;

struct _HtFlameLayout
{
  gint64               total;     /* the cost of the whole view: the zoomed frame's, or the root's */
  GArray              *frames;    /* HtFlameFrame, parents before their children */
  guint                n_levels;
  const HtFlameSource *source;
  union
  {
    gpointer           data;      /* what it was laid out from */
    HtCallTree        *tree;      /* ... by ht_flame_layout_new */
  };
  gpointer             top;       /* the zoomed node, or the root */
  HtCostType           type;
  GPtrArray           *levels;    /* per depth, a GArray of frame indices (guint) from left to right */
  GArray              *changes;   /* (nullable): in a comparison, each frame's change B − A (double) */
};

extern const HtFlameSource ht_call_tree_flame_source;

HtFlameLayout *ht_flame_layout_new         (HtCallTree         *tree,
                                            HtCallTreeNode     *zoom,
                                            HtCostType          type,
                                            double              width_px,
                                            double              threshold,
                                            gboolean            collapse_recursion);
HtFlameLayout *ht_flame_layout_new_for     (const HtFlameSource *source,
                                            gpointer            data,
                                            gpointer            root,
                                            gpointer            zoom,
                                            HtCostType          type,
                                            double              width_px,
                                            double              threshold,
                                            gboolean            collapse_recursion);
void           ht_flame_layout_free        (HtFlameLayout      *self);
guint          ht_flame_layout_hit         (HtFlameLayout      *self,
                                            double              x,
                                            guint               depth);
guint          ht_flame_layout_walk        (HtFlameLayout      *self,
                                            guint               frame,
                                            HtFlameWalk         direction);
guint          ht_flame_layout_find_node   (HtFlameLayout      *self,
                                            gconstpointer       node);
gint64         ht_flame_layout_search      (HtFlameLayout      *self,
                                            const char         *text);
guint          ht_flame_layout_mark_symbol (HtFlameLayout      *self,
                                            const HtCallSymbol *symbol);
char          *ht_flame_layout_describe    (HtFlameLayout      *self,
                                            guint               frame);
char          *ht_flame_layout_tooltip     (HtFlameLayout      *self,
                                            guint               frame);
const char    *ht_flame_cost_name          (HtCostType          type);
char          *ht_flame_format_cost        (HtCostType          type,
                                            gint64              cost);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtFlameLayout, ht_flame_layout_free)

G_END_DECLS
