/* ht-diff.c: two analyses paired by symbol (docs/figures.md §21)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-diff"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ht-diff.h"
#include "ht-json.h"

/* One frame of a backtrace before it is keyed: the strings belong to the
 * analysis or the parsed JSON, which outlive the building. */
typedef struct
{
  const char *function;
  const char *module;
  const char *file;
  guint32     line;
  guint       symbol;
} RawFrame;

typedef struct
{
  guint  start;  /* into RawSide.frames */
  guint  n;
  HtCost cost;
} RawSite;

typedef struct
{
  GArray *frames;  /* RawFrame */
  GArray *sites;   /* RawSite */
} RawSide;

static const char * const figure_names[HT_DIFF_N_FIGURES] = {
  "calls", "temporary", "peak", "peak_time_ms", "peak_rss", "leaked", "suppressed", "runtime_ms",
};

const char *
ht_diff_figure_name (HtDiffFigure figure)
{
  g_return_val_if_fail (figure < HT_DIFF_N_FIGURES, NULL);
  return figure_names[figure];
}

gboolean
ht_diff_figure_from_name (const char   *name,
                          HtDiffFigure *figure)
{
  for (guint i = 0; i < HT_DIFF_N_FIGURES; i++)
    if (strcmp (name, figure_names[i]) == 0)
      return *figure = i, TRUE;
  return FALSE;
}

/**
 * ht_diff_module_key:
 *
 * The module's file name without the folder and without a shared library's
 * version suffix, so that two builds in different places, or against
 * libfoo.so.1.2.3 and libfoo.so.1.2.4, pair.
 */
char *
ht_diff_module_key (const char *module)
{
  const char *base, *so;

  if (module == NULL)
    return g_strdup ("??");
  base = strrchr (module, '/');
  base = base != NULL ? base + 1 : module;
  so = strstr (base, ".so.");
  if (so != NULL)
    return g_strndup (base, so + strlen (".so") - base);
  return g_strdup (base);
}

/**
 * ht_diff_function_key:
 *
 * The function's name without the hash that legacy Rust mangling appends
 * (`::h0123456789abcdef`), which changes with every build; NULL for an
 * unresolved frame.
 */
char *
ht_diff_function_key (const char *function)
{
  static const gsize hash_len = strlen ("::h") + 16;
  gsize len;

  if (function == NULL)
    return NULL;
  len = strlen (function);
  if (len > hash_len && strncmp (function + len - hash_len, "::h", 3) == 0)
    {
      gboolean hex = TRUE;

      for (gsize i = len - 16; i < len; i++)
        hex = hex && g_ascii_isxdigit (function[i]);
      if (hex)
        return g_strndup (function, len - hash_len);
    }
  return g_strdup (function);
}

static const char *
file_name (const char *path)
{
  const char *slash = path != NULL ? strrchr (path, '/') : NULL;

  return slash != NULL ? slash + 1 : path;
}

/* The key without the tie-breaking file: the function and module keys, or
 * "<unresolved in MODULE>" for a frame without a function name */
static char *
name_key (const RawFrame *frame,
          gboolean        shorten)
{
  g_autofree char *module = ht_diff_module_key (frame->module);
  g_autofree char *function = ht_diff_function_key (frame->function);

  if (function == NULL)
    return g_strdup_printf ("<unresolved in %s>\n%s", module, module);
  if (shorten)
    {
      char *shortened = ht_shorten_template (function);

      g_free (function);
      function = shortened;
    }
  return g_strdup_printf ("%s\n%s", function, module);
}

static void
cost_add (HtCost       *to,
          const HtCost *from)
{
  to->allocations += from->allocations;
  to->temporary += from->temporary;
  to->peak = ht_bytes_add (to->peak, from->peak);
  to->leaked = ht_bytes_add (to->leaked, from->leaked);
}

static void
cost_sub (HtCost       *from,
          const HtCost *cost)
{
  from->allocations -= cost->allocations;
  from->temporary -= cost->temporary;
  from->peak -= cost->peak;
  from->leaked -= cost->leaked;
}

static gboolean
cost_is_zero (const HtCost *cost)
{
  return cost->allocations == 0 && cost->temporary == 0 && cost->peak == 0 && cost->leaked == 0;
}

static void
costs_add (HtDiffCosts       *to,
           const HtDiffCosts *from)
{
  cost_add (&to->a, &from->a);
  cost_add (&to->b, &from->b);
  to->n_a += from->n_a;
  to->n_b += from->n_b;
}

static void
raw_side_init (RawSide *side)
{
  side->frames = g_array_new (FALSE, FALSE, sizeof (RawFrame));
  side->sites = g_array_new (FALSE, FALSE, sizeof (RawSite));
}

static void
raw_side_clear (RawSide *side)
{
  g_array_unref (side->frames);
  g_array_unref (side->sites);
}

static void
raw_frame_add (RawSide    *side,
               const char *function,
               const char *module,
               const char *file,
               guint32     line)
{
  RawFrame frame = { function, module, file, line, 0 };

  g_array_append_val (side->frames, frame);
}

/* The frames of each site as the call trees walk them (docs/figures.md
 * §16.1): per IP its own frame, then its inlined frames, up to and
 * including a stop function. Sites of no cost (outside a time window) are
 * not there. */
static void
raw_side_from_analysis (RawSide    *side,
                        HtAnalysis *analysis)
{
  HtTraceData *data = analysis->data;

  raw_side_init (side);
  for (guint s = 0; s < analysis->sites->len; s++)
    {
      const HtSite *site = ht_analysis_site (analysis, s);
      RawSite raw = { side->frames->len, 0, site->cost };
      guint32 trace = site->trace;

      if (cost_is_zero (&site->cost))
        continue;
      while (trace != 0)
        {
          const HtTraceNode *node = ht_trace_data_trace (data, trace);
          const HtIp *ip = ht_trace_data_ip (data, node->ip);
          const char *module = ht_trace_data_get_string (data, ip->module);

          raw_frame_add (side, ht_trace_data_get_string (data, ip->frame.function), module,
                         ht_trace_data_get_string (data, ip->frame.file), ip->frame.line);
          for (guint k = 0; k < ip->n_inlined; k++)
            {
              const HtFrame *f = ht_trace_data_inlined (data, ip, k);

              raw_frame_add (side, ht_trace_data_get_string (data, f->function), module,
                             ht_trace_data_get_string (data, f->file), f->line);
            }
          if (ht_trace_data_is_stop_ip (data, node->ip))
            break;
          trace = node->parent;
        }
      raw.n = side->frames->len - raw.start;
      g_array_append_val (side->sites, raw);
    }
}

static void
side_info_from_analysis (HtDiffSideInfo *info,
                         HtAnalysis     *analysis)
{
  const gint64 figures[HT_DIFF_N_FIGURES] = {
    [HT_DIFF_CALLS] = analysis->total.allocations,
    [HT_DIFF_TEMPORARY] = analysis->total.temporary,
    [HT_DIFF_PEAK] = analysis->total.peak,
    [HT_DIFF_PEAK_TIME_MS] = analysis->peak_time,
    [HT_DIFF_PEAK_RSS] = ht_analysis_get_peak_rss (analysis),
    [HT_DIFF_LEAKED] = analysis->total.leaked,
    [HT_DIFF_SUPPRESSED] = analysis->suppressed,
    [HT_DIFF_RUNTIME_MS] = analysis->runtime,
  };

  memcpy (info->figures, figures, sizeof figures);
  for (guint i = 0; i < HT_DIFF_N_FIGURES; i++)
    info->has_figure[i] = TRUE;
  info->truncated = analysis->truncated;
  info->all_sites = TRUE;
  for (guint i = 0; i < analysis->warnings->len; i++)
    g_ptr_array_add (info->warnings, g_strdup (g_ptr_array_index (analysis->warnings, i)));
}

static void
symbol_free (gpointer p)
{
  HtDiffSymbol *symbol = p;

  g_free (symbol->key);
  g_free (symbol->function);
  g_free (symbol->module);
  g_free (symbol->file);
  g_free (symbol);
}

static void
site_free (gpointer p)
{
  HtDiffSite *site = p;

  g_array_unref (site->frames);
  g_free (site);
}

static void
node_free (HtDiffNode *node)
{
  if (node->children != NULL)
    {
      for (guint i = 0; i < node->children->len; i++)
        node_free (g_ptr_array_index (node->children, i));
      g_ptr_array_unref (node->children);
    }
  g_free (node);
}

void
ht_diff_free (HtDiff *self)
{
  for (guint i = 0; i < 2; i++)
    g_ptr_array_unref (self->side[i].warnings);
  g_ptr_array_unref (self->symbols);
  g_ptr_array_unref (self->sites);
  g_ptr_array_unref (self->functions);
  node_free (self->bottom_up);
  node_free (self->top_down);
  g_free (self);
}

/* A name key with two different source files on one side belongs to two
 * functions (two static helpers of one name, say): only then does the file
 * become part of the key, so a function whose lines or file moved still
 * pairs. */
static void
note_files (GHashTable *ambiguous,
            RawSide    *side,
            gboolean    shorten)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < side->frames->len; i++)
    {
      RawFrame *frame = &g_array_index (side->frames, RawFrame, i);
      g_autofree char *key = NULL;
      const char *file = file_name (frame->file);
      const char *known;

      if (frame->function == NULL)
        continue;
      key = name_key (frame, shorten);
      if (!g_hash_table_lookup_extended (seen, key, NULL, (gpointer *) &known))
        g_hash_table_insert (seen, g_strdup (key), (gpointer) file);
      else if (g_strcmp0 (known, file) != 0)
        g_hash_table_add (ambiguous, g_strdup (key));
    }
}

static void
intern_symbols (HtDiff     *self,
                GHashTable *index,
                GHashTable *ambiguous,
                RawSide    *side,
                gboolean    shorten)
{
  for (guint i = 0; i < side->frames->len; i++)
    {
      RawFrame *frame = &g_array_index (side->frames, RawFrame, i);
      g_autofree char *key = name_key (frame, shorten);
      gpointer found;

      if (g_hash_table_contains (ambiguous, key))
        {
          const char *file = file_name (frame->file);
          char *with_file = g_strdup_printf ("%s\n%s", key, file != NULL ? file : "");

          g_free (key);
          key = with_file;
        }
      if (!g_hash_table_lookup_extended (index, key, NULL, &found))
        {
          HtDiffSymbol *symbol = g_new0 (HtDiffSymbol, 1);

          symbol->key = g_strdup (key);
          symbol->function = g_strdup (frame->function);
          symbol->module = frame->module != NULL ? g_strdup (file_name (frame->module)) : NULL;
          symbol->file = g_strdup (frame->file);
          symbol->line = frame->line;
          found = GUINT_TO_POINTER (self->symbols->len);
          g_ptr_array_add (self->symbols, symbol);
          g_hash_table_insert (index, symbol->key, found);
        }
      frame->symbol = GPOINTER_TO_UINT (found);
    }
}

/* Sites of either side with the same stack of keys are one paired site */
static void
pair_sites (HtDiff     *self,
            GHashTable *index,
            RawSide    *side,
            HtDiffSide  which)
{
  for (guint s = 0; s < side->sites->len; s++)
    {
      const RawSite *raw = &g_array_index (side->sites, RawSite, s);
      g_autoptr(GArray) frames = g_array_sized_new (FALSE, FALSE, sizeof (guint), raw->n);
      g_autoptr(GBytes) key = NULL;
      HtDiffSite *site;

      for (guint f = 0; f < raw->n; f++)
        g_array_append_val (frames, g_array_index (side->frames, RawFrame, raw->start + f).symbol);
      key = g_bytes_new (frames->data, frames->len * sizeof (guint));
      site = g_hash_table_lookup (index, key);
      if (site == NULL)
        {
          site = g_new0 (HtDiffSite, 1);
          site->frames = g_steal_pointer (&frames);
          g_hash_table_insert (index, g_steal_pointer (&key), site);
          g_ptr_array_add (self->sites, site);
        }
      if (which == HT_DIFF_A)
        cost_add (&site->costs.a, &raw->cost), site->costs.n_a++;
      else
        cost_add (&site->costs.b, &raw->cost), site->costs.n_b++;
      self->side[which].n_sites++;
    }
}

static guint
node_hash (gconstpointer p)
{
  const HtDiffNode *node = p;

  return g_direct_hash (node->parent) ^ (node->symbol * 1000003u);
}

static gboolean
node_equal (gconstpointer a,
            gconstpointer b)
{
  const HtDiffNode *x = a, *y = b;

  return x->parent == y->parent && x->symbol == y->symbol;
}

static HtDiffNode *
node_child (GHashTable *index,
            HtDiffNode *parent,
            guint       symbol)
{
  HtDiffNode probe = { .parent = parent, .symbol = symbol };
  HtDiffNode *node = g_hash_table_lookup (index, &probe);

  if (node == NULL)
    {
      node = g_new0 (HtDiffNode, 1);
      node->parent = parent;
      node->symbol = symbol;
      if (parent->children == NULL)
        parent->children = g_ptr_array_new ();
      g_ptr_array_add (parent->children, node);
      g_hash_table_add (index, node);
    }
  return node;
}

/* Each paired site's costs go to every node of its path, as in the call
 * trees of one analysis (docs/figures.md §16.2, §16.3) */
static HtDiffNode *
build_tree (HtDiff   *self,
            gboolean  top_down)
{
  g_autoptr(GHashTable) index = g_hash_table_new (node_hash, node_equal);
  HtDiffNode *root = g_new0 (HtDiffNode, 1);

  root->symbol = G_MAXUINT;
  for (guint s = 0; s < self->sites->len; s++)
    {
      const HtDiffSite *site = g_ptr_array_index (self->sites, s);
      HtDiffNode *node = root;

      costs_add (&root->costs, &site->costs);
      for (guint f = 0; f < site->frames->len; f++)
        {
          guint i = top_down ? site->frames->len - 1 - f : f;

          node = node_child (index, node, g_array_index (site->frames, guint, i));
          costs_add (&node->costs, &site->costs);
        }
    }
  return root;
}

static void
build_functions (HtDiff *self)
{
  g_autoptr(GHashTable) index = g_hash_table_new (NULL, NULL);

  for (guint s = 0; s < self->sites->len; s++)
    {
      const HtDiffSite *site = g_ptr_array_index (self->sites, s);
      guint symbol = site->frames->len > 0 ? g_array_index (site->frames, guint, 0) : G_MAXUINT;
      HtDiffFunction *function = g_hash_table_lookup (index, GUINT_TO_POINTER (symbol));

      if (function == NULL)
        {
          function = g_new0 (HtDiffFunction, 1);
          function->symbol = symbol;
          g_hash_table_insert (index, GUINT_TO_POINTER (symbol), function);
          g_ptr_array_add (self->functions, function);
        }
      costs_add (&function->costs, &site->costs);
    }
}

static void
count_unmatched (HtDiff *self)
{
  for (guint s = 0; s < self->sites->len; s++)
    {
      const HtDiffSite *site = g_ptr_array_index (self->sites, s);

      if (site->costs.n_b == 0)
        {
          self->side[HT_DIFF_A].unmatched_sites += site->costs.n_a;
          cost_add (&self->side[HT_DIFF_A].unmatched, &site->costs.a);
        }
      if (site->costs.n_a == 0)
        {
          self->side[HT_DIFF_B].unmatched_sites += site->costs.n_b;
          cost_add (&self->side[HT_DIFF_B].unmatched, &site->costs.b);
        }
    }
}

static HtDiff *
diff_new (RawSide  *a,
          RawSide  *b,
          gboolean  shorten)
{
  g_autoptr(GHashTable) ambiguous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) symbols = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                        (GDestroyNotify) g_bytes_unref, NULL);
  HtDiff *self = g_new0 (HtDiff, 1);

  for (guint i = 0; i < 2; i++)
    self->side[i].warnings = g_ptr_array_new_with_free_func (g_free);
  self->symbols = g_ptr_array_new_with_free_func (symbol_free);
  self->sites = g_ptr_array_new_with_free_func (site_free);
  self->functions = g_ptr_array_new_with_free_func (g_free);

  note_files (ambiguous, a, shorten);
  note_files (ambiguous, b, shorten);
  /* B first: what is shown of a symbol on both sides is the new build's */
  intern_symbols (self, symbols, ambiguous, b, shorten);
  intern_symbols (self, symbols, ambiguous, a, shorten);
  /* B's order first, so that ties sort alike whether A is a trace or a
   * report listing its sites by peak */
  pair_sites (self, sites, b, HT_DIFF_B);
  pair_sites (self, sites, a, HT_DIFF_A);
  build_functions (self);
  count_unmatched (self);
  self->bottom_up = build_tree (self, FALSE);
  self->top_down = build_tree (self, TRUE);
  return self;
}

/**
 * ht_diff_new:
 * @a: the base
 * @b: the new analysis
 *
 * Pairs the sites, functions and call-tree nodes of two analyses by their
 * matching keys (docs/figures.md §21.1). The result holds copies of what it
 * shows: the analyses may be freed afterwards.
 *
 * Returns: (transfer full): the comparison
 */
HtDiff *
ht_diff_new (HtAnalysis *a,
             HtAnalysis *b)
{
  RawSide raw_a, raw_b;
  HtDiff *self;

  raw_side_from_analysis (&raw_a, a);
  raw_side_from_analysis (&raw_b, b);
  self = diff_new (&raw_a, &raw_b, FALSE);
  raw_side_clear (&raw_a);
  raw_side_clear (&raw_b);
  side_info_from_analysis (&self->side[HT_DIFF_A], a);
  side_info_from_analysis (&self->side[HT_DIFF_B], b);
  return self;
}

/**
 * ht_diff_load_live_growth:
 *
 * What grew between @t1 and @t2 ms of one trace: the heap at @t2 minus the
 * heap at @t1 (docs/figures.md §14.1, §21.6), each side's leaked figures
 * being its live bytes.
 */
HtDiff *
ht_diff_load_live_growth (const char    *path,
                          guint64        t1,
                          guint64        t2,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(HtAnalysis) a = NULL;
  g_autoptr(HtAnalysis) b = NULL;

  if ((a = ht_analysis_load_heap_at (path, t1, cancellable, error)) == NULL
      || (b = ht_analysis_load_heap_at (path, t2, cancellable, error)) == NULL)
    return NULL;
  return ht_diff_new (a, b);
}

static void
costs_swap (HtDiffCosts *costs)
{
  HtCost cost = costs->a;
  guint n = costs->n_a;

  costs->a = costs->b;
  costs->b = cost;
  costs->n_a = costs->n_b;
  costs->n_b = n;
}

static void
node_swap (HtDiffNode *node)
{
  costs_swap (&node->costs);
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    node_swap (g_ptr_array_index (node->children, i));
}

/**
 * ht_diff_swap:
 *
 * Exchanges A and B: every delta changes its sign, added becomes removed.
 */
void
ht_diff_swap (HtDiff *self)
{
  HtDiffSideInfo side = self->side[HT_DIFF_A];

  self->side[HT_DIFF_A] = self->side[HT_DIFF_B];
  self->side[HT_DIFF_B] = side;
  for (guint i = 0; i < self->sites->len; i++)
    costs_swap (&((HtDiffSite *) g_ptr_array_index (self->sites, i))->costs);
  for (guint i = 0; i < self->functions->len; i++)
    costs_swap (&((HtDiffFunction *) g_ptr_array_index (self->functions, i))->costs);
  node_swap (self->bottom_up);
  node_swap (self->top_down);
}

HtDiffStatus
ht_diff_costs_status (const HtDiffCosts *costs)
{
  if (costs->n_a == 0)
    return HT_DIFF_ADDED;
  if (costs->n_b == 0)
    return HT_DIFF_REMOVED;
  return HT_DIFF_CHANGED;
}

gboolean
ht_diff_costs_equal (const HtDiffCosts *costs)
{
  return memcmp (&costs->a, &costs->b, sizeof (HtCost)) == 0;
}

static HtDiffFigure
figure_of_cost (HtCostType type)
{
  switch (type)
    {
    case HT_COST_ALLOCATIONS: return HT_DIFF_CALLS;
    case HT_COST_TEMPORARY: return HT_DIFF_TEMPORARY;
    case HT_COST_PEAK: return HT_DIFF_PEAK;
    case HT_COST_LEAKED:
    default: return HT_DIFF_LEAKED;
    }
}

/**
 * ht_diff_value:
 *
 * One side's cost as the comparison's normalisation has it: absolute, or
 * as a share (0 to 1) of that side's total of the same cost, so that runs
 * of different length or input compare by their proportions.
 */
double
ht_diff_value (HtDiff            *self,
               HtDiffSide         side,
               const HtDiffCosts *costs,
               HtCostType         type)
{
  gint64 value = ht_cost_get (side == HT_DIFF_A ? &costs->a : &costs->b, type);
  gint64 total = self->side[side].figures[figure_of_cost (type)];

  if (self->normalise == HT_DIFF_ABSOLUTE)
    return value;
  return total != 0 ? (double) value / total : 0;
}

double
ht_diff_delta (HtDiff            *self,
               const HtDiffCosts *costs,
               HtCostType         type)
{
  return ht_diff_value (self, HT_DIFF_B, costs, type) - ht_diff_value (self, HT_DIFF_A, costs, type);
}

/**
 * ht_diff_is_noise:
 *
 * Whether the change of one cost is below the noise threshold: smaller in
 * magnitude than @self->threshold_abs (bytes, or calls), or than
 * @self->threshold_share of the larger of the two totals of that cost.
 */
gboolean
ht_diff_is_noise (HtDiff            *self,
                  const HtDiffCosts *costs,
                  HtCostType         type)
{
  HtDiffFigure figure = figure_of_cost (type);
  double change = fabs ((double) ht_cost_get (&costs->b, type) - (double) ht_cost_get (&costs->a, type));
  double total = MAX (fabs ((double) self->side[HT_DIFF_A].figures[figure]),
                      fabs ((double) self->side[HT_DIFF_B].figures[figure]));

  return change < (double) self->threshold_abs || change < self->threshold_share * total;
}

/**
 * ht_diff_node_get_self_costs:
 *
 * A node's costs minus those of its children, on both sides: what its
 * own function allocated (top-down), or what was allocated by the stacks
 * that end here (bottom-up). The site counts stay the node's.
 */
void
ht_diff_node_get_self_costs (const HtDiffNode *node,
                             HtDiffCosts      *self_costs)
{
  *self_costs = node->costs;
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      const HtDiffNode *child = g_ptr_array_index (node->children, i);

      cost_sub (&self_costs->a, &child->costs.a);
      cost_sub (&self_costs->b, &child->costs.b);
    }
}

/**
 * ht_diff_symbol_display_name:
 *
 * Without the hash that legacy Rust mangling appends, which differs
 * between the two builds; a frame without a function name is its
 * module's, as its key says (docs/figures.md §21.1).
 *
 * Returns: (transfer full): @symbol's name as shown, its templates
 *   shortened if @shorten_templates
 */
char *
ht_diff_symbol_display_name (const HtDiffSymbol *symbol,
                             gboolean            shorten_templates)
{
  if (symbol->function != NULL)
    {
      char *function = ht_diff_function_key (symbol->function);
      char *shortened;

      if (!shorten_templates)
        return function;
      shortened = ht_shorten_template (function);
      g_free (function);
      return shortened;
    }
  return g_strdup_printf ("<unresolved in %s>", symbol->module ? symbol->module : "??");
}

const HtDiffSymbol *
ht_diff_get_symbol (HtDiff *self,
                    guint   symbol)
{
  g_return_val_if_fail (symbol < self->symbols->len, NULL);
  return g_ptr_array_index (self->symbols, symbol);
}

/**
 * ht_diff_list_inclusive:
 *
 * Each symbol's inclusive costs: those of the paired sites whose stack
 * holds it, a recursive stack once (docs/figures.md §16.4). Computed from
 * the sites as they are, so after a swap too.
 *
 * Returns: (transfer full) (element-type HtDiffCosts): indexed by symbol;
 *   a symbol of no site (a JSON base lists frames of sites of no cost) has
 *   no site on either side
 */
GArray *
ht_diff_list_inclusive (HtDiff *self)
{
  GArray *inclusive = g_array_new (FALSE, TRUE, sizeof (HtDiffCosts));
  g_autofree guint *last_site = g_new0 (guint, self->symbols->len);

  g_array_set_size (inclusive, self->symbols->len);
  for (guint s = 0; s < self->sites->len; s++)
    {
      const HtDiffSite *site = g_ptr_array_index (self->sites, s);

      for (guint f = 0; f < site->frames->len; f++)
        {
          guint symbol = g_array_index (site->frames, guint, f);

          if (last_site[symbol] == s + 1)
            continue;
          last_site[symbol] = s + 1;
          costs_add (&g_array_index (inclusive, HtDiffCosts, symbol), &site->costs);
        }
    }
  return inclusive;
}

/**
 * ht_diff_list_links:
 * @symbol: the function
 * @callers: its callers (the frames outside it), or its callees
 *
 * The calls from or to @symbol in the paired sites' stacks, each with the
 * costs of the sites that make it, a site once however often its stack
 * makes the call (docs/figures.md §16.4).
 *
 * Returns: (transfer full) (element-type HtDiffLink): in order of first
 *   appearance
 */
GArray *
ht_diff_list_links (HtDiff   *self,
                    guint     symbol,
                    gboolean  callers)
{
  GArray *links = g_array_new (FALSE, TRUE, sizeof (HtDiffLink));
  g_autoptr(GArray) last_site = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GHashTable) index = g_hash_table_new (NULL, NULL);  /* symbol -> link + 1 */

  for (guint s = 0; s < self->sites->len; s++)
    {
      const HtDiffSite *site = g_ptr_array_index (self->sites, s);
      const guint *frames = (const guint *) (gpointer) site->frames->data;

      /* innermost first: a frame's caller is the next one */
      for (guint f = callers ? 0 : 1; f + (callers ? 1 : 0) < site->frames->len; f++)
        {
          guint other = callers ? frames[f + 1] : frames[f - 1];
          guint link;

          if (frames[f] != symbol)
            continue;
          link = GPOINTER_TO_UINT (g_hash_table_lookup (index, GUINT_TO_POINTER (other)));
          if (link == 0)
            {
              HtDiffLink new_link = { other, { { 0 } } };

              g_array_append_val (links, new_link);
              g_array_set_size (last_site, links->len);
              link = links->len;
              g_hash_table_insert (index, GUINT_TO_POINTER (other), GUINT_TO_POINTER (link));
            }
          if (g_array_index (last_site, guint, link - 1) == s + 1)
            continue;
          g_array_index (last_site, guint, link - 1) = s + 1;
          costs_add (&g_array_index (links, HtDiffLink, link - 1).costs, &site->costs);
        }
    }
  return links;
}

static void
raw_frame_from_json (RawSide *side,
                     HtJson    *frame,
                     HtJson    *ip)
{
  raw_frame_add (side, ht_json_member_string (frame, "function"), ht_json_member_string (ip, "module"),
                 ht_json_member_string (frame, "file"), ht_json_member_number (frame, "line"));
}

/* The report's sites with their stacks (docs/figures.md §17): each frame's
 * own function, then its inlined ones, as raw_side_from_analysis () walks
 * them. Returns the sum of the listed sites' calls. */
static gint64
raw_side_from_json (RawSide *side,
                    HtJson    *sites)
{
  gint64 calls = 0;

  raw_side_init (side);
  for (guint s = 0; sites != NULL && s < sites->items->len; s++)
    {
      HtJson *site = g_ptr_array_index (sites->items, s);
      HtJson *stack = ht_json_member (site, "stack", HT_JSON_ARRAY);
      RawSite raw = { side->frames->len, 0, {
        ht_json_member_number (site, "calls"), ht_json_member_number (site, "temporary"),
        ht_json_member_number (site, "peak"), ht_json_member_number (site, "leaked") } };

      for (guint f = 0; stack != NULL && f < stack->items->len; f++)
        {
          HtJson *ip = g_ptr_array_index (stack->items, f);
          HtJson *inlined = ht_json_member (ip, "inlined", HT_JSON_ARRAY);

          raw_frame_from_json (side, ip, ip);
          for (guint k = 0; inlined != NULL && k < inlined->items->len; k++)
            raw_frame_from_json (side, g_ptr_array_index (inlined->items, k), ip);
        }
      raw.n = side->frames->len - raw.start;
      calls += raw.cost.allocations;
      if (!cost_is_zero (&raw.cost))
        g_array_append_val (side->sites, raw);
    }
  return calls;
}

/**
 * ht_diff_new_from_json:
 * @json_a: the base, a report of heaptrack-gtk-print --json
 * @b: the new analysis
 *
 * The comparison of an analysis with a baseline saved as JSON
 * (docs/figures.md §21.5): its summary figures, and its sites as far as
 * it lists them. Template arguments may have been shortened in the JSON,
 * so both sides' function names are matched shortened.
 *
 * Returns: (transfer full): the comparison, or NULL if @json_a is not such
 * a report
 */
HtDiff *
ht_diff_new_from_json (const char  *json_a,
                       HtAnalysis  *b,
                       GError     **error)
{
  g_autoptr(HtJson) json = ht_json_parse (json_a);
  HtJson *summary = ht_json_member (json, "summary", HT_JSON_OBJECT);
  HtJson *truncated = ht_json_member (json, "truncated", HT_JSON_BOOL);
  RawSide raw_a, raw_b;
  gint64 listed_calls;
  HtDiff *self;

  if (json == NULL || summary == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "not a report of heaptrack-gtk-print --json");
      return NULL;
    }
  if (ht_json_member (json, "base", HT_JSON_OBJECT) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a comparison (--diff --json), not a report: save the baseline "
                           "with heaptrack-gtk-print --json");
      return NULL;
    }
  listed_calls = raw_side_from_json (&raw_a, ht_json_member (json, "sites", HT_JSON_ARRAY));
  raw_side_from_analysis (&raw_b, b);
  self = diff_new (&raw_a, &raw_b, TRUE);
  raw_side_clear (&raw_a);
  raw_side_clear (&raw_b);

  for (guint i = 0; i < HT_DIFF_N_FIGURES; i++)
    {
      HtJson *figure = ht_json_member (summary, figure_names[i], HT_JSON_NUMBER);

      self->side[HT_DIFF_A].has_figure[i] = figure != NULL;
      self->side[HT_DIFF_A].figures[i] = figure != NULL ? figure->number : 0;
    }
  self->side[HT_DIFF_A].truncated = truncated != NULL && truncated->number;
  /* the report lists the top -n sites; only with all of them do their
   * calls add up to the total */
  self->side[HT_DIFF_A].all_sites = listed_calls == self->side[HT_DIFF_A].figures[HT_DIFF_CALLS];
  side_info_from_analysis (&self->side[HT_DIFF_B], b);
  return self;
}
