/* ht-diff.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-analysis.h"
#include "ht-report.h"

G_BEGIN_DECLS

/* The two sides of a comparison: A, the base, and B, the new trace. Every
 * delta is B − A (docs/figures.md §21). */
typedef enum
{
  HT_DIFF_A,
  HT_DIFF_B,
} HtDiffSide;

typedef enum
{
  HT_DIFF_CHANGED,  /* on both sides (its costs may still be equal) */
  HT_DIFF_ADDED,    /* only in B */
  HT_DIFF_REMOVED,  /* only in A */
} HtDiffStatus;

typedef enum
{
  HT_DIFF_ABSOLUTE,
  HT_DIFF_PER_TOTAL,  /* each side's figure as a share of that side's total */
} HtDiffNormalise;

/* The summary figures of one side, with the names of the JSON's "summary"
 * (docs/figures.md §17) */
typedef enum
{
  HT_DIFF_CALLS,
  HT_DIFF_TEMPORARY,
  HT_DIFF_PEAK,
  HT_DIFF_PEAK_TIME_MS,
  HT_DIFF_PEAK_RSS,
  HT_DIFF_LEAKED,
  HT_DIFF_SUPPRESSED,
  HT_DIFF_RUNTIME_MS,
  HT_DIFF_N_FIGURES,
} HtDiffFigure;

/* One matching key (docs/figures.md §21.1), with what to show for it: the
 * names and place of the first frame that made it, B's before A's. */
typedef struct
{
  char    *key;       /* "function\nmodule" or "function\nmodule\nfile" */
  char    *function;  /* NULL when unresolved */
  char    *module;    /* the module's file name, version suffix kept; NULL if unknown */
  char    *file;      /* NULL if unknown */
  guint32  line;
} HtDiffSymbol;

/* What the entries, nodes and sites below share: both sides' costs and how
 * many of each side's sites make them up (0 on one side: added or removed) */
typedef struct
{
  HtCost a;
  HtCost b;
  guint  n_a;
  guint  n_b;
} HtDiffCosts;

/* The sites of both sides with one stack of keys */
typedef struct
{
  HtDiffCosts costs;
  GArray     *frames;  /* guint: symbol indices, innermost first */
} HtDiffSite;

/* The sites whose innermost key is one symbol, as the merged entries of a
 * report (docs/figures.md §9.1) are the sites of one leaf location */
typedef struct
{
  HtDiffCosts costs;
  guint       symbol;  /* G_MAXUINT: the sites without a backtrace */
} HtDiffFunction;

typedef struct _HtDiffNode HtDiffNode;

/* A node of a paired call tree (docs/figures.md §16.2, §16.3, by key):
 * inclusive costs of both sides */
struct _HtDiffNode
{
  HtDiffCosts  costs;
  guint        symbol;    /* G_MAXUINT for the root */
  HtDiffNode  *parent;
  GPtrArray   *children;  /* HtDiffNode*, in order of first appearance */
};

/* A caller or callee of a function: both sides' costs of the sites whose
 * stack has that call, each site once (docs/figures.md §16.4, by key) */
typedef struct
{
  guint       symbol;
  HtDiffCosts costs;
} HtDiffLink;

/* One side's analysis, as far as a comparison needs it */
typedef struct
{
  gint64     figures[HT_DIFF_N_FIGURES];
  gboolean   has_figure[HT_DIFF_N_FIGURES];  /* a JSON baseline may lack some */
  gboolean   truncated;
  GPtrArray *warnings;      /* char* */
  guint      n_sites;
  gboolean   all_sites;     /* FALSE for a JSON baseline listing only the top sites */
  guint      unmatched_sites;
  HtCost     unmatched;     /* the costs of the sites without a partner */
} HtDiffSideInfo;

typedef struct
{
  HtDiffSideInfo   side[2];
  GPtrArray       *symbols;     /* HtDiffSymbol* */
  GPtrArray       *sites;       /* HtDiffSite*: B's in order, then those only in A */
  GPtrArray       *functions;   /* HtDiffFunction*, in order of first site */
  HtDiffNode      *bottom_up;   /* roots: the innermost frames */
  HtDiffNode      *top_down;    /* roots: the outermost frames */
  HtDiffNormalise  normalise;
  double           threshold_share;  /* of the larger side's total */
  gint64           threshold_abs;    /* in the figure's unit */
} HtDiff;

HtDiff       *ht_diff_new              (HtAnalysis         *a,
                                        HtAnalysis         *b);
HtDiff       *ht_diff_new_from_json    (const char         *json_a,
                                        HtAnalysis         *b,
                                        GError            **error);
HtDiff       *ht_diff_load_live_growth (const char         *path,
                                        guint64             t1,
                                        guint64             t2,
                                        GCancellable       *cancellable,
                                        GError            **error);
void          ht_diff_free             (HtDiff             *self);
void          ht_diff_swap             (HtDiff             *self);
HtDiffStatus  ht_diff_costs_status     (const HtDiffCosts  *costs);
double        ht_diff_value            (HtDiff             *self,
                                        HtDiffSide          side,
                                        const HtDiffCosts  *costs,
                                        HtCostType          type);
double        ht_diff_delta            (HtDiff             *self,
                                        const HtDiffCosts  *costs,
                                        HtCostType          type);
gboolean      ht_diff_is_noise         (HtDiff             *self,
                                        const HtDiffCosts  *costs,
                                        HtCostType          type);
gboolean      ht_diff_costs_equal      (const HtDiffCosts  *costs);
const HtDiffSymbol *ht_diff_get_symbol (HtDiff             *self,
                                        guint               symbol);
char         *ht_diff_symbol_display_name (const HtDiffSymbol *symbol,
                                        gboolean            shorten_templates);
void          ht_diff_node_get_self_costs (const HtDiffNode *node,
                                        HtDiffCosts        *self_costs);
GArray       *ht_diff_list_inclusive   (HtDiff             *self);
GArray       *ht_diff_list_links       (HtDiff             *self,
                                        guint               symbol,
                                        gboolean            callers);
const char   *ht_diff_figure_name      (HtDiffFigure        figure);
gboolean      ht_diff_figure_from_name (const char         *name,
                                        HtDiffFigure       *figure);
char         *ht_diff_module_key       (const char         *module);
char         *ht_diff_function_key     (const char         *function);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtDiff, ht_diff_free)

G_END_DECLS
