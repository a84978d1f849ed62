/* heaptrack-gtk-print.c: heaptrack_print's report, and more, for terminals and CI
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heaptrack-gtk-print"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht-analysis.h"
#include "ht-diff-report.h"
#include "ht-massif.h"
#include "ht-output-file.h"
#include "ht-report.h"

/* Status 1 is "the check found a difference", as diff(1) has it: a broken
 * limit of the regression gate. */
#define EXIT_BROKEN_LIMIT 1
#define EXIT_TROUBLE 2

static const char usage[] =
  "Usage: heaptrack-gtk-print [OPTIONS] FILE\n"
  "       heaptrack-gtk-print --diff BASE [OPTIONS] FILE\n"
  "Analyze a heaptrack trace (.zst, .gz or plain) and print where memory went.\n"
  "\n"
  "Reports (the default prints allocators, peaks and temporary, as heaptrack_print):\n"
  "  -a, --print-allocators[=BOOL]  most calls to allocation functions\n"
  "  -p, --print-peaks [N]          peak memory consumers; N > 0 also sets the limit (-n)\n"
  "  -T, --print-temporary[=BOOL]   most temporary allocations\n"
  "  -l, --print-leaks[=BOOL]       memory leaks\n"
  "  -s, --summary                  only the summary lines\n"
  "  -n, --peak-limit N             entries per section (10)\n"
  "      --sub-peak-limit N         backtraces under a merged entry (5)\n"
  "      --min-cost N               leave out entries whose cost is below N\n"
  "                                 (bytes for peak and leaks, calls otherwise)\n"
  "  -m, --merge-backtraces[=BOOL]  merge sites by allocation location (1)\n"
  "  -t, --shorten-templates[=BOOL] shorten template arguments (1)\n"
  "      --filter-bt-function NAME  only sites whose backtrace has a function containing NAME\n"
  "      --json                     the analysis as one JSON object, for scripts\n"
  "\n"
  "Time window (T in seconds, 1.5, or with a unit: 1500ms, 1.5s, 2min):\n"
  "      --from T                   only the events from T on\n"
  "      --to T                     only the events before T\n"
  "      --at T                     the heap at T: what was live then, by site, none\n"
  "                                 suppressed; the last line is 'memory live at T'\n"
  "\n"
  "Comparing two traces (B - A, A the base, B the FILE):\n"
  "  -d, --diff BASE                the changes from BASE, a trace or a report saved with --json;\n"
  "                                 -n, --min-cost (the smallest change shown), --json apply\n"
  "      --diff-at T1               with --at T2: what grew in FILE between T1 and T2\n"
  "      --markdown                 a short table of the changes, for a pull request\n"
  "      --per-total                each cost as a share of its side's total, changes in\n"
  "                                 percentage points: for runs of different length or input\n"
  "      --threshold SHARE%|N       leave out changes below SHARE% of the larger side's total,\n"
  "                                 or below N (bytes for peak and leaks, calls otherwise)\n"
  "      --swap                     compare the other way round: FILE as the base\n"
  "      --max-growth LIMITS        exit with status 1 when a summary figure grew beyond its\n"
  "                                 limit: peak=5%,leaked=0,calls=10% (percent of the base,\n"
  "                                 or bytes, calls, ms)\n"
  "      --no-new-leaks             exit with status 1 when a site leaks in FILE but not in BASE\n"
  "\n"
  "Files:\n"
  "      --file FILE                the trace (also a bare FILE)\n"
  "  -f, --folded                   folded stacks for flamegraph.pl on stdout\n"
  "  -F, --print-flamegraph FILE    folded stacks into FILE\n"
  "      --flamegraph-cost-type T   allocations, temporary, leaked or peak\n"
  "  -H, --print-histogram FILE     allocation size histogram into FILE\n"
  "  -M, --print-massif FILE        Valgrind massif data into FILE, for ms_print\n"
  "      --massif-threshold PCT     aggregate entries below PCT% of a snapshot (1)\n"
  "      --massif-detailed-freq N   every N-th snapshot is detailed; 0 for none (2)\n"
  "\n"
  "Suppressions:\n"
  "      --suppressions FILE        LSan-style leak suppressions (leak:PATTERN)\n"
  "      --disable-embedded-suppressions\n"
  "      --disable-builtin-suppressions\n"
  "      --print-suppressions[=BOOL]\n"
  "\n"
  "  -h, --help                     this help\n"
  "  -v, --version                  the version\n"
  "\n"
  "Differences from heaptrack_print: -s prints the summary only (heaptrack_print's -s is\n"
  "--sub-peak-limit), -f writes folded stacks to stdout (heaptrack_print's -f FILE is --file\n"
  "FILE), and -p N takes a limit (heaptrack_print's -p takes a boolean; -p 0 still disables).\n"
  "Exit status: 0 on success, 1 when --max-growth or --no-new-leaks found a broken limit,\n"
  "2 on errors.\n";

typedef struct
{
  HtReportOptions    report;
  HtAnalysisOptions  analysis;
  const char        *file;
  const char        *flamegraph_file;
  const char        *histogram_file;
  const char        *massif_file;
  double             massif_threshold;
  guint              massif_detailed_freq;
  HtCostType         flamegraph_cost;
  gboolean           folded;
  gboolean           summary_only;
  gboolean           json;
  gboolean           markdown;
  /* comparing: the base, --diff-at, the gate */
  const char        *diff_base;
  guint64            diff_at;
  gboolean           diff_at_set;
  GArray            *limits;           /* HtDiffLimit */
  gboolean           no_new_leaks;
  gboolean           per_total;
  gboolean           swap;
  double             threshold_share;  /* of the larger side's total; --threshold N is --min-cost */
  /* --from, --to, --at in ms, each with whether it was given */
  guint64            from, to, at;
  gboolean           from_set, to_set, at_set;
} Options;

static G_GNUC_NORETURN void
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
usage_error (const char *format,
             ...)
{
  va_list args;

  fprintf (stderr, "heaptrack-gtk-print: ");
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fprintf (stderr, "\nTry 'heaptrack-gtk-print --help' for more information.\n");
  exit (EXIT_TROUBLE);
}

static gboolean
parse_bool (const char *text,
            gboolean   *value)
{
  static const char * const yes[] = { "1", "true", "yes", "on" };
  static const char * const no[] = { "0", "false", "no", "off" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        return *value = TRUE, TRUE;
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        return *value = FALSE, TRUE;
    }
  return FALSE;
}

static guint64
parse_number (const char *option,
              const char *text)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    usage_error ("%s needs a number, not '%s'", option, text ? text : "");
  return value;
}

/* A time of --from, --to or --at: seconds (1.5) or a number with a unit
 * (1500ms, 1.5s, 2min), in whole milliseconds. Decimal, computed exactly:
 * 1.001s is 1001 ms, and 1.0005s is refused. */
static guint64
parse_time (const char *option,
            const char *text)
{
  static const struct
  {
    const char *unit;
    guint64     ms;
  } units[] = { { "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "min", 60000 } };
  guint64 digits = 0, scale = 1, factor = 0;
  const char *p = text;
  gboolean any = FALSE;

  for (; g_ascii_isdigit (*p); p++, any = TRUE)
    {
      if (digits > (G_MAXUINT64 - 9) / 10)
        goto bad;
      digits = digits * 10 + (*p - '0');
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, any = TRUE)
      {
        if (digits > (G_MAXUINT64 - 9) / 10 || scale > G_MAXUINT64 / 10)
          goto bad;
        digits = digits * 10 + (*p - '0');
        scale *= 10;
      }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (p, units[i].unit) == 0)
      factor = units[i].ms;
  if (!any || factor == 0)
    goto bad;
  if (digits > G_MAXUINT64 / factor)
    goto bad;
  /* G_MAXUINT64 is the open end of a window */
  if (digits * factor % scale != 0 || digits * factor / scale == G_MAXUINT64)
    usage_error ("%s needs a whole number of milliseconds, not '%s'", option, text);
  return digits * factor / scale;

bad:
  usage_error ("%s needs a time such as 1.5 (seconds), 1500ms, 1.5s or 2min, not '%s'", option, text);
}

typedef struct
{
  int    argc;
  char **argv;
  int    i;
  const char *inline_value;   /* from --opt=value */
} Args;

/* The value of an option that needs one: inline or the next word. */
static const char *
required_value (Args       *a,
                const char *option)
{
  if (a->inline_value != NULL)
    return a->inline_value;
  if (a->i + 1 >= a->argc)
    usage_error ("%s needs a value", option);
  return a->argv[++a->i];
}

/* A boolean with an implicit 1: takes the next word only if it is a boolean. */
static gboolean
optional_bool (Args       *a,
               const char *option)
{
  gboolean value = TRUE;

  if (a->inline_value != NULL)
    {
      if (!parse_bool (a->inline_value, &value))
        usage_error ("%s takes 0 or 1, not '%s'", option, a->inline_value);
    }
  else if (a->i + 1 < a->argc && parse_bool (a->argv[a->i + 1], &value))
    a->i++;
  return value;
}

static gboolean
is_option (const char *name,
           const char *short_name,
           const char *long_name)
{
  return g_strcmp0 (name, short_name) == 0 || strcmp (name, long_name) == 0;
}

static void
set_file (Options    *o,
          const char *file)
{
  if (o->file != NULL)
    usage_error ("one trace at a time: '%s' and '%s'", o->file, file);
  o->file = file;
}

/* docs/figures.md §14: the window [--from, --to), or [0, --at) with the
 * memory live at --at as the leaked figures */
static void
check_window (Options *o)
{
  if (o->at_set && (o->from_set || o->to_set))
    usage_error ("--at cannot be combined with --from or --to: --at T is the window from the start to T");
  if (o->at_set && o->analysis.suppressions_file != NULL)
    usage_error ("--at cannot be combined with --suppressions: --at shows all memory live at T, "
                 "suppressions apply to leaks at exit");
  if (o->from_set && o->to_set && o->from >= o->to)
    usage_error ("--from %" G_GUINT64_FORMAT "ms is not before --to %" G_GUINT64_FORMAT
                 "ms: the window would be empty", o->from, o->to);
  if (o->to_set && !o->from_set && o->to == 0)
    usage_error ("--to 0ms leaves an empty window: nothing happens before 0");
  if (o->massif_file != NULL && (o->from_set || o->to_set || o->at_set))
    usage_error ("--print-massif (-M) cannot be combined with --from, --to or --at: "
                 "the massif snapshots always cover the whole recording");

  if (o->diff_at_set && !o->at_set)
    usage_error ("--diff-at T1 needs --at T2: it compares the heap at T1 with the heap at T2");
  if (o->diff_at_set && o->diff_at >= o->at)
    usage_error ("--diff-at %" G_GUINT64_FORMAT "ms is not before --at %" G_GUINT64_FORMAT "ms",
                 o->diff_at, o->at);
  if (o->diff_base != NULL && o->diff_at_set)
    usage_error ("--diff and --diff-at cannot be combined: one compares two traces, the other two "
                 "moments of one");

  if (o->at_set)
    {
      o->analysis.min_time = 0;
      o->analysis.max_time = o->at;
      o->analysis.disable_builtin_suppressions = TRUE;
      o->analysis.disable_embedded_suppressions = TRUE;
      o->report.live_at = TRUE;
    }
  if (o->from_set)
    o->analysis.min_time = o->from;
  if (o->to_set)
    o->analysis.max_time = o->to;
}

/* docs/figures.md §21: what a comparison takes */
static void
check_diff (Options *o)
{
  gboolean diff = o->diff_base != NULL || o->diff_at_set;

  if (!diff && (o->markdown || o->limits->len > 0 || o->no_new_leaks || o->per_total || o->swap
                || o->threshold_share > 0))
    usage_error ("--markdown, --max-growth, --no-new-leaks, --per-total, --threshold and --swap "
                 "need --diff BASE or --diff-at");
  if (!diff)
    return;
  if (o->folded || o->flamegraph_file || o->histogram_file || o->massif_file || o->summary_only)
    usage_error ("--diff and --diff-at print only the comparison: -s, -f, -F, -H and -M "
                 "cannot be combined with them");
  if (o->diff_base != NULL && (o->from_set || o->to_set || o->at_set))
    usage_error ("--diff compares whole traces: --from, --to and --at cannot be combined with it");
  if (o->markdown && o->json)
    usage_error ("--markdown and --json: one output at a time");
}

/* --threshold: a share of the larger side's total (1.5%), as the
 * comparison window's, or an absolute change, as --min-cost */
static void
parse_threshold (Options    *o,
                 const char *option,
                 const char *text)
{
  gsize len = strlen (text);
  char *end;

  if (len == 0 || text[len - 1] != '%')
    {
      o->report.min_cost = parse_number (option, text);
      return;
    }
  o->threshold_share = g_ascii_strtod (text, &end) / 100;
  if (!g_ascii_isdigit (text[0]) || end != text + len - 1 || o->threshold_share > 1)
    usage_error ("%s needs a percentage from 0%% to 100%% or a number, not '%s'", option, text);
}

static void
parse_args (Options  *o,
            int       argc,
            char    **argv)
{
  Args a = { argc, argv, 0, NULL };
  gboolean options_done = FALSE;

  for (a.i = 1; a.i < argc; a.i++)
    {
      g_autofree char *name = NULL;
      const char *arg = argv[a.i];
      const char *eq;

      a.inline_value = NULL;
      if (options_done || arg[0] != '-' || arg[1] == '\0')
        {
          set_file (o, arg);
          continue;
        }
      if (strcmp (arg, "--") == 0)
        {
          options_done = TRUE;
          continue;
        }

      eq = arg[1] == '-' ? strchr (arg, '=') : NULL;
      if (eq != NULL)
        {
          name = g_strndup (arg, eq - arg);
          a.inline_value = eq + 1;
        }
      else if (arg[1] != '-' && arg[2] != '\0')
        {
          /* -n5 style */
          name = g_strndup (arg, 2);
          a.inline_value = arg + 2;
        }
      else
        name = g_strdup (arg);

#define IS(s, l) is_option (name, s, l)
      if (IS ("-h", "--help"))
        {
          fputs (usage, stdout);
          exit (EXIT_SUCCESS);
        }
      else if (IS ("-v", "--version"))
        {
          printf ("heaptrack-gtk-print %s\n", PACKAGE_VERSION);
          exit (EXIT_SUCCESS);
        }
      else if (IS (NULL, "--file"))
        set_file (o, required_value (&a, name));
      else if (IS ("-a", "--print-allocators"))
        o->report.print_allocators = optional_bool (&a, name);
      else if (IS ("-T", "--print-temporary"))
        o->report.print_temporary = optional_bool (&a, name);
      else if (IS ("-l", "--print-leaks"))
        o->report.print_leaks = optional_bool (&a, name);
      else if (IS ("-m", "--merge-backtraces"))
        o->report.merge_backtraces = optional_bool (&a, name);
      else if (IS ("-t", "--shorten-templates"))
        o->report.shorten_templates = optional_bool (&a, name);
      else if (IS (NULL, "--print-suppressions"))
        o->report.print_suppressions = optional_bool (&a, name);
      else if (IS ("-p", "--print-peaks"))
        {
          const char *value = a.inline_value;
          guint64 n = 0;
          gboolean on;

          if (value == NULL && a.i + 1 < argc
              && (g_ascii_string_to_unsigned (argv[a.i + 1], 10, 0, G_MAXUINT, &n, NULL)
                  || parse_bool (argv[a.i + 1], &on)))
            value = argv[++a.i];
          o->report.print_peaks = TRUE;
          if (value == NULL)
            ;
          else if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, NULL))
            {
              o->report.print_peaks = n > 0;
              if (n > 0)
                o->report.peak_limit = n;
            }
          else if (!parse_bool (value, &o->report.print_peaks))
            usage_error ("%s takes a number, not '%s'", name, value);
        }
      else if (IS ("-s", "--summary"))
        o->summary_only = TRUE;
      else if (IS ("-n", "--peak-limit"))
        o->report.peak_limit = parse_number (name, required_value (&a, name));
      else if (IS (NULL, "--sub-peak-limit"))
        o->report.sub_peak_limit = parse_number (name, required_value (&a, name));
      else if (IS (NULL, "--min-cost"))
        o->report.min_cost = parse_number (name, required_value (&a, name));
      else if (IS (NULL, "--filter-bt-function"))
        o->report.filter_bt_function = required_value (&a, name);
      else if (IS (NULL, "--json"))
        o->json = TRUE;
      else if (IS ("-d", "--diff"))
        o->diff_base = required_value (&a, name);
      else if (IS (NULL, "--diff-at"))
        o->diff_at = parse_time (name, required_value (&a, name)), o->diff_at_set = TRUE;
      else if (IS (NULL, "--markdown"))
        o->markdown = TRUE;
      else if (IS (NULL, "--max-growth"))
        {
          g_autoptr(GError) error = NULL;

          if (!ht_diff_parse_limits (required_value (&a, name), o->limits, &error))
            usage_error ("%s: %s", name, error->message);
        }
      else if (IS (NULL, "--no-new-leaks"))
        o->no_new_leaks = TRUE;
      else if (IS (NULL, "--per-total"))
        o->per_total = TRUE;
      else if (IS (NULL, "--swap"))
        o->swap = TRUE;
      else if (IS (NULL, "--threshold"))
        parse_threshold (o, name, required_value (&a, name));
      else if (IS ("-f", "--folded"))
        o->folded = TRUE;
      else if (IS ("-F", "--print-flamegraph"))
        o->flamegraph_file = required_value (&a, name);
      else if (IS (NULL, "--flamegraph-cost-type"))
        {
          const char *value = required_value (&a, name);

          if (!ht_cost_type_from_string (value, &o->flamegraph_cost))
            usage_error ("unknown cost type '%s': use allocations, temporary, leaked or peak", value);
        }
      else if (IS ("-H", "--print-histogram"))
        o->histogram_file = required_value (&a, name);
      else if (IS ("-M", "--print-massif"))
        o->massif_file = required_value (&a, name);
      else if (IS (NULL, "--massif-threshold"))
        {
          const char *value = required_value (&a, name);
          char *end;

          o->massif_threshold = g_ascii_strtod (value, &end);
          if (*value == '\0' || *end != '\0' || o->massif_threshold < 0 || o->massif_threshold > 100)
            usage_error ("%s needs a percentage, not '%s'", name, value);
        }
      else if (IS (NULL, "--massif-detailed-freq"))
        o->massif_detailed_freq = parse_number (name, required_value (&a, name));
      else if (IS (NULL, "--from"))
        o->from = parse_time (name, required_value (&a, name)), o->from_set = TRUE;
      else if (IS (NULL, "--to"))
        o->to = parse_time (name, required_value (&a, name)), o->to_set = TRUE;
      else if (IS (NULL, "--at"))
        o->at = parse_time (name, required_value (&a, name)), o->at_set = TRUE;
      else if (IS (NULL, "--suppressions"))
        o->analysis.suppressions_file = required_value (&a, name);
      else if (IS (NULL, "--disable-embedded-suppressions"))
        o->analysis.disable_embedded_suppressions = TRUE;
      else if (IS (NULL, "--disable-builtin-suppressions"))
        o->analysis.disable_builtin_suppressions = TRUE;
      else
        usage_error ("unknown option '%s'", arg);
#undef IS
    }

  if (o->file == NULL)
    usage_error ("no trace file given");
  check_window (o);
  check_diff (o);
}

/* A JSON report starts with '{'; no trace does, compressed or not */
static gboolean
is_json_report (const char *path)
{
  FILE *file = fopen (path, "rb");
  int c;

  if (file == NULL)
    return FALSE;
  do
    c = fgetc (file);
  while (c == ' ' || c == '\n' || c == '\t' || c == '\r');
  fclose (file);
  return c == '{';
}

static HtDiff *
load_diff (Options  *o,
           char    **base_name,
           char    **new_name,
           GError  **error)
{
  g_autoptr(HtAnalysis) b = NULL;

  if (o->swap && o->diff_base != NULL && is_json_report (o->diff_base))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "--swap needs two traces: %s is a report, which can only be the base", o->diff_base);
      return NULL;
    }
  if (o->diff_at_set)
    {
      *base_name = g_strdup_printf ("%s at %" G_GUINT64_FORMAT "ms", o->file, o->diff_at);
      *new_name = g_strdup_printf ("%s at %" G_GUINT64_FORMAT "ms", o->file, o->at);
      return ht_diff_load_live_growth (o->file, o->diff_at, o->at, NULL, error);
    }
  *base_name = g_strdup (o->diff_base);
  *new_name = g_strdup (o->file);
  b = ht_analysis_load (o->file, &o->analysis, NULL, NULL, NULL, error);
  if (b == NULL)
    return NULL;
  if (is_json_report (o->diff_base))
    {
      g_autofree char *text = NULL;
      HtDiff *diff;

      if (!g_file_get_contents (o->diff_base, &text, NULL, error))
        return NULL;
      diff = ht_diff_new_from_json (text, b, error);
      if (diff == NULL)
        g_prefix_error (error, "%s: ", o->diff_base);
      return diff;
    }
  {
    g_autoptr(HtAnalysis) a = ht_analysis_load (o->diff_base, &o->analysis, NULL, NULL, NULL, error);

    return a != NULL ? ht_diff_new (a, b) : NULL;
  }
}

/* docs/figures.md §21: the comparison, and the gate's verdict */
static int
run_diff (Options *o)
{
  g_autofree char *base_name = NULL, *new_name = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) broken = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDiff) diff = load_diff (o, &base_name, &new_name, &error);

  if (diff == NULL)
    {
      fprintf (stderr, "heaptrack-gtk-print: %s\n", error->message);
      return EXIT_TROUBLE;
    }
  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < diff->side[s].warnings->len; i++)
      fprintf (stderr, "heaptrack-gtk-print: warning: %s\n",
               (char *) g_ptr_array_index (diff->side[s].warnings, i));

  if (o->swap)
    {
      char *name = base_name;

      ht_diff_swap (diff);
      base_name = new_name;
      new_name = name;
    }
  diff->normalise = o->per_total ? HT_DIFF_PER_TOTAL : HT_DIFF_ABSOLUTE;
  diff->threshold_share = o->threshold_share;
  diff->threshold_abs = o->report.min_cost;
  if (o->json)
    ht_diff_report_json (diff, base_name, new_name, o->report.peak_limit, out);
  else if (o->markdown)
    ht_diff_report_markdown (diff, base_name, new_name, o->report.peak_limit, out);
  else
    ht_diff_report_print (diff, base_name, new_name, o->report.peak_limit, out);
  fwrite (out->str, 1, out->len, stdout);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "heaptrack-gtk-print: writing the report failed: %s\n", g_strerror (errno));
      return EXIT_TROUBLE;
    }

  if (!ht_diff_check (diff, o->limits, o->no_new_leaks, broken, &error))
    {
      fprintf (stderr, "heaptrack-gtk-print: %s\n", error->message);
      return EXIT_TROUBLE;
    }
  if (broken->len == 0)
    return EXIT_SUCCESS;
  {
    g_auto(GStrv) lines = g_strsplit (broken->str, "\n", -1);

    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
      fprintf (stderr, "heaptrack-gtk-print: limit broken: %s\n", lines[i]);
  }
  return EXIT_BROKEN_LIMIT;
}

int
main (int    argc,
      char **argv)
{
  static const HtReportOptions report_defaults = HT_REPORT_OPTIONS_INIT;
  static const HtAnalysisOptions analysis_defaults = HT_ANALYSIS_OPTIONS_INIT;
  g_autoptr(HtAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (HtDiffLimit));
  Options o = { report_defaults, analysis_defaults };

  o.massif_threshold = 1.0;
  o.massif_detailed_freq = 2;
  o.limits = limits;

  setlocale (LC_ALL, "");
  /* numbers as heaptrack_print writes them, whatever the locale */
  setlocale (LC_NUMERIC, "C");

  parse_args (&o, argc, argv);
  if (o.diff_base != NULL || o.diff_at_set)
    return run_diff (&o);

  if (!o.json && !o.folded)
    printf ("reading file \"%s\" - please wait, this might take some time...\n", o.file);
  fflush (stdout);

  analysis = ht_analysis_load (o.file, &o.analysis, NULL, NULL, NULL, &error);
  if (analysis == NULL)
    {
      fprintf (stderr, "heaptrack-gtk-print: %s\n", error->message);
      return EXIT_TROUBLE;
    }
  for (guint i = 0; i < analysis->warnings->len; i++)
    fprintf (stderr, "heaptrack-gtk-print: warning: %s\n",
             (char *) g_ptr_array_index (analysis->warnings, i));

  if (o.flamegraph_file != NULL || o.folded)
    {
      g_autoptr(GString) folded = g_string_new (NULL);

      ht_report_folded (analysis, o.flamegraph_cost, o.report.shorten_templates,
                        o.report.filter_bt_function, folded);
      if (o.folded)
        g_string_append_len (out, folded->str, folded->len);
      if (o.flamegraph_file != NULL
          && !ht_output_file_write (o.flamegraph_file, folded->str, folded->len, &error))
        goto fail;
    }
  if (o.histogram_file != NULL)
    {
      g_autoptr(GString) histogram = g_string_new (NULL);

      ht_report_histogram (analysis, histogram);
      if (!ht_output_file_write (o.histogram_file, histogram->str, histogram->len, &error))
        goto fail;
    }
  if (o.massif_file != NULL)
    {
      g_autoptr(GString) massif = g_string_new (NULL);

      if (!ht_massif_write (analysis, o.file, o.massif_threshold, o.massif_detailed_freq, massif, &error)
          || !ht_output_file_write (o.massif_file, massif->str, massif->len, &error))
        goto fail;
    }
  /* with -f the folded stacks above are the whole output */
  if (o.json && !o.folded)
    ht_report_json_with_options (analysis, &o.report, out);
  else if (!o.folded)
    {
      if (analysis->data->debuggee != NULL)
        g_string_append_printf (out, "Debuggee command was: %s\n", analysis->data->debuggee);
      g_string_append (out, "finished reading file, now analyzing data:\n\n");
      if (o.summary_only)
        ht_report_summary (analysis, &o.report, TRUE, out);
      else
        ht_report_print (analysis, &o.report, out);
    }
  fwrite (out->str, 1, out->len, stdout);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "heaptrack-gtk-print: writing the report failed: %s\n", g_strerror (errno));
      return EXIT_TROUBLE;
    }
  return EXIT_SUCCESS;

fail:
  fprintf (stderr, "heaptrack-gtk-print: %s\n", error->message);
  return EXIT_TROUBLE;
}
