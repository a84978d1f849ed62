/* ht-trace-reader.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-trace-reader"

#include "config.h"

#include <string.h>

#include "ht-trace-error.h"
#include "ht-trace-reader.h"

struct _HtTraceReader
{
  HtLineSource *source;
  HtTraceData  *data;
  GPtrArray    *warnings;
  guint64       line_no;
  guint64       last_time;
  gboolean      seen_record;     /* any record but comments */
  gboolean      seen_table;      /* any record that depends on the format version */
  gboolean      in_debuggee;     /* right after the X record */
  guint         debuggee_lines;  /* lines added to it */
  gboolean      truncated;
  gboolean      warned_time;

  /* format 0 only: the reader does the interpreter's work (docs/trace-format.md §7) */
  GHashTable   *v0_infos;        /* (size, trace) -> info index + 1 */
  GHashTable   *v0_pointers;     /* pointer -> info index */
};

typedef struct
{
  const char *p;
  const char *end;
} Cursor;

typedef enum
{
  FIELD_OK,
  FIELD_MISSING,
  FIELD_BAD,
} FieldResult;

static inline FieldResult
read_hex (Cursor  *c,
          guint64 *value)
{
  guint64 v = 0;
  int digits = 0;

  if (c->p >= c->end)
    return FIELD_MISSING;

  /* An empty field (two spaces) reads as 0, as heaptrack's reader does. */
  while (c->p < c->end && *c->p != ' ')
    {
      char ch = *c->p;
      guint d;

      if (ch >= '0' && ch <= '9')
        d = ch - '0';
      else if (ch >= 'a' && ch <= 'f')
        d = ch - 'a' + 10;
      else
        return FIELD_BAD;
      if (++digits > 16)
        return FIELD_BAD;
      v = (v << 4) | d;
      c->p++;
    }
  if (c->p < c->end)
    c->p++;
  *value = v;
  return FIELD_OK;
}

static gboolean
fail (HtTraceReader  *self,
      GError        **error,
      HtTraceError    code,
      const char     *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (HtTraceReader  *self,
      GError        **error,
      HtTraceError    code,
      const char     *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, HT_TRACE_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s",
               ht_line_source_get_name (self->source), self->line_no, what);
  return FALSE;
}

static void
warn (HtTraceReader *self,
      const char    *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (HtTraceReader *self,
      const char    *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Reads the numeric fields of a record; FALSE with @error on a bad or missing one. */
static gboolean
read_fields (HtTraceReader  *self,
             Cursor         *c,
             guint64        *values,
             guint           n,
             GError        **error)
{
  for (guint i = 0; i < n; i++)
    {
      switch (read_hex (c, &values[i]))
        {
        case FIELD_OK:
          break;
        case FIELD_MISSING:
          return fail (self, error, HT_TRACE_ERROR_CORRUPT,
                       "record has %u fields, expected %u", i, n);
        case FIELD_BAD:
        default:
          return fail (self, error, HT_TRACE_ERROR_CORRUPT, "bad number in field %u", i + 1);
        }
    }
  return TRUE;
}

static gboolean
check_index (HtTraceReader  *self,
             guint64         value,
             guint           len,
             const char     *what,
             GError        **error)
{
  if (value < len)
    return TRUE;
  return fail (self, error, HT_TRACE_ERROR_BAD_INDEX,
               "%s index %" G_GINT64_MODIFIER "x points nowhere (only %u defined so far)",
               what, value, len == 0 ? 0 : len - 1);
}

static gboolean
read_string_record (HtTraceReader  *self,
                    Cursor         *c,
                    GError        **error)
{
  if (self->data->format_version >= 3)
    {
      guint64 len;

      if (read_hex (c, &len) != FIELD_OK)
        return fail (self, error, HT_TRACE_ERROR_CORRUPT, "bad string length");
      if (len > (guint64) (c->end - c->p))
        return fail (self, error, HT_TRACE_ERROR_CORRUPT,
                     "string length %" G_GUINT64_FORMAT " exceeds the line", len);
      ht_trace_data_add_string (self->data, c->p, len);
    }
  else
    ht_trace_data_add_string (self->data, c->p, c->end - c->p);

  if (self->data->strings->len > G_MAXUINT32)
    return fail (self, error, HT_TRACE_ERROR_CORRUPT, "too many strings");
  return TRUE;
}

static gboolean
read_ip_record (HtTraceReader  *self,
                Cursor         *c,
                GError        **error)
{
  HtTraceData *data = self->data;
  guint n_strings = data->strings->len;
  HtIp ip = { 0 };
  guint64 f[3];

  if (!read_fields (self, c, f, 2, error))
    return FALSE;
  if (!check_index (self, f[1], n_strings, "module string", error))
    return FALSE;
  ip.address = f[0];
  ip.module = f[1];
  ip.inlined_start = data->inlined->len;

  /* The rest is optional: function, then file and line, then inlined triples;
   * an incomplete tail is ignored, as heaptrack does. */
  if (read_hex (c, &f[0]) == FIELD_OK)
    {
      if (!check_index (self, f[0], n_strings, "function string", error))
        return FALSE;
      ip.frame.function = f[0];

      if (read_hex (c, &f[0]) == FIELD_OK && read_hex (c, &f[1]) == FIELD_OK)
        {
          if (!check_index (self, f[0], n_strings, "file string", error))
            return FALSE;
          ip.frame.file = f[0];
          ip.frame.line = MIN (f[1], G_MAXUINT32);

          while (c->p < c->end)
            {
              HtFrame frame;

              if (read_hex (c, &f[0]) != FIELD_OK || read_hex (c, &f[1]) != FIELD_OK
                  || read_hex (c, &f[2]) != FIELD_OK)
                break;
              if (!check_index (self, f[0], n_strings, "inlined function string", error)
                  || !check_index (self, f[1], n_strings, "inlined file string", error))
                return FALSE;
              if (ip.n_inlined == G_MAXUINT16)
                return fail (self, error, HT_TRACE_ERROR_CORRUPT, "too many inlined frames");
              frame.function = f[0];
              frame.file = f[1];
              frame.line = MIN (f[2], G_MAXUINT32);
              g_array_append_val (data->inlined, frame);
              ip.n_inlined++;
            }
        }
    }

  if (data->ips->len == G_MAXUINT32)
    return fail (self, error, HT_TRACE_ERROR_CORRUPT, "too many instruction pointers");
  ht_trace_data_add_ip (data, &ip);
  return TRUE;
}

static gboolean
read_trace_record (HtTraceReader  *self,
                   Cursor         *c,
                   GError        **error)
{
  HtTraceData *data = self->data;
  guint64 f[2];

  if (!read_fields (self, c, f, 2, error))
    return FALSE;
  if (f[0] == 0)
    return fail (self, error, HT_TRACE_ERROR_BAD_INDEX, "trace node without an instruction pointer");
  if (!check_index (self, f[0], data->ips->len, "instruction pointer", error)
      || !check_index (self, f[1], data->traces->len, "parent trace", error))
    return FALSE;

  if (data->traces->len == G_MAXUINT32)
    return fail (self, error, HT_TRACE_ERROR_CORRUPT, "too many trace nodes");
  ht_trace_data_add_trace (data, f[0], f[1]);
  return TRUE;
}

static gboolean
add_info (HtTraceReader  *self,
          guint64         size,
          guint64         trace,
          GError        **error)
{
  if (!check_index (self, trace, self->data->traces->len, "trace", error))
    return FALSE;
  if (self->data->infos->len == G_MAXUINT32)
    return fail (self, error, HT_TRACE_ERROR_CORRUPT, "too many allocation records");
  ht_trace_data_add_info (self->data, size, trace);
  return TRUE;
}

typedef struct
{
  guint64 size;
  guint64 trace;
} V0Key;

static guint
v0_key_hash (gconstpointer p)
{
  const V0Key *k = p;
  return (guint) (k->size * 0x9e3779b97f4a7c15ull ^ k->trace);
}

static gboolean
v0_key_equal (gconstpointer a,
              gconstpointer b)
{
  const V0Key *x = a, *y = b;
  return x->size == y->size && x->trace == y->trace;
}

/* Format 0 carries sizes, traces and pointers in + and -; map them the way
 * heaptrack_interpret does for newer files. */
static gboolean
read_v0_alloc (HtTraceReader  *self,
               Cursor         *c,
               HtEvent        *event,
               GError        **error)
{
  V0Key key;
  guint64 f[3];
  guint32 info;
  gpointer found;
  guint64 *ptr;

  if (!read_fields (self, c, f, 3, error))
    return FALSE;
  key.size = f[0];
  key.trace = f[1];

  if (self->v0_infos == NULL)
    {
      self->v0_infos = g_hash_table_new_full (v0_key_hash, v0_key_equal, g_free, NULL);
      self->v0_pointers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    }

  found = g_hash_table_lookup (self->v0_infos, &key);
  if (found != NULL)
    info = GPOINTER_TO_UINT (found) - 1;
  else
    {
      if (!add_info (self, key.size, key.trace, error))
        return FALSE;
      info = self->data->infos->len - 1;
      g_hash_table_insert (self->v0_infos, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (info + 1));
    }

  ptr = g_new (guint64, 1);
  *ptr = f[2];
  g_hash_table_insert (self->v0_pointers, ptr, GUINT_TO_POINTER (info));

  event->type = HT_EVENT_ALLOC;
  event->info = info;
  event->value = f[2];
  return TRUE;
}

/* Returns TRUE if @event holds a free; frees of unknown pointers are dropped. */
static gboolean
read_v0_free (HtTraceReader  *self,
              Cursor         *c,
              HtEvent        *event,
              gboolean       *have_event,
              GError        **error)
{
  gpointer key, value;
  guint64 ptr;

  if (!read_fields (self, c, &ptr, 1, error))
    return FALSE;

  *have_event = self->v0_pointers != NULL
                && g_hash_table_lookup_extended (self->v0_pointers, &ptr, &key, &value);
  if (*have_event)
    {
      event->type = HT_EVENT_FREE;
      event->info = GPOINTER_TO_UINT (value);
      event->value = ptr;
      g_hash_table_remove (self->v0_pointers, &ptr);
    }
  return TRUE;
}

static gboolean
read_version_record (HtTraceReader  *self,
                     Cursor         *c,
                     GError        **error)
{
  HtTraceData *data = self->data;
  guint64 heaptrack_version, file_version = 0;

  if (self->seen_table)
    return fail (self, error, HT_TRACE_ERROR_CORRUPT, "version record after the data it governs");
  if (!read_fields (self, c, &heaptrack_version, 1, error))
    return FALSE;

  switch (read_hex (c, &file_version))
    {
    case FIELD_OK:
      break;
    case FIELD_MISSING:
      /* heaptrack 1.2 development builds wrote only their own version */
      file_version = heaptrack_version == 0x010200 ? 1 : 0;
      break;
    case FIELD_BAD:
    default:
      return fail (self, error, HT_TRACE_ERROR_CORRUPT, "bad file format version");
    }

  if (file_version > HT_TRACE_FORMAT_VERSION)
    return fail (self, error, HT_TRACE_ERROR_UNSUPPORTED_VERSION,
                 "file format version %" G_GUINT64_FORMAT " is newer than the newest we read (%d)",
                 file_version, HT_TRACE_FORMAT_VERSION);

  data->heaptrack_version = MIN (heaptrack_version, G_MAXUINT32);
  data->format_version = file_version;
  return TRUE;
}

/* heaptrack 1.3+ writes S lines as sized strings by accident
 * (docs/trace-format.md §8.1); accept both forms. */
static void
read_suppression_record (HtTraceReader *self,
                         Cursor        *c)
{
  Cursor copy = *c;
  guint64 len;

  if (read_hex (&copy, &len) == FIELD_OK && copy.p > c->p + 1 && copy.p[-1] == ' '
      && len == (guint64) (copy.end - copy.p))
    *c = copy;
  g_ptr_array_add (self->data->embedded_suppressions, g_strndup (c->p, c->end - c->p));
}

/* how much of a command line written over several lines is kept */
#define MAX_DEBUGGEE_LINES 64
#define MAX_DEBUGGEE_LINE  4096

static gboolean
parse_line (HtTraceReader  *self,
            const char     *line,
            gsize           len,
            HtEvent        *event,
            gboolean       *have_event,
            GError        **error)
{
  HtTraceData *data = self->data;
  Cursor c = { line + 2, line + len };
  guint64 f[2];
  char type;

  *have_event = FALSE;

  if (len == 0 || line[0] == '#')
    return TRUE;
  if (len < 2)
    c.p = c.end;
  else if (line[1] != ' ')
    goto unknown;

  type = line[0];

  if (memchr (line, '\0', len) != NULL)
    return fail (self, error, self->seen_record ? HT_TRACE_ERROR_CORRUPT : HT_TRACE_ERROR_BAD_MAGIC,
                 "binary data: %s", self->seen_record ? "corrupt line" : "not a heaptrack trace");

  switch (type)
    {
    case '+':
      self->seen_table = TRUE;
      if (data->format_version == 0)
        {
          *have_event = TRUE;
          return read_v0_alloc (self, &c, event, error);
        }
      if (!read_fields (self, &c, f, 1, error)
          || !check_index (self, f[0], data->infos->len, "allocation", error))
        return FALSE;
      event->type = HT_EVENT_ALLOC;
      event->info = f[0];
      *have_event = TRUE;
      return TRUE;

    case '-':
      self->seen_table = TRUE;
      if (data->format_version == 0)
        return read_v0_free (self, &c, event, have_event, error);
      if (!read_fields (self, &c, f, 1, error)
          || !check_index (self, f[0], data->infos->len, "allocation", error))
        return FALSE;
      event->type = HT_EVENT_FREE;
      event->info = f[0];
      *have_event = TRUE;
      return TRUE;

    case 'a':
      self->seen_table = TRUE;
      return read_fields (self, &c, f, 2, error) && add_info (self, f[0], f[1], error);

    case 't':
      self->seen_table = TRUE;
      return read_trace_record (self, &c, error);

    case 'i':
      self->seen_table = TRUE;
      return read_ip_record (self, &c, error);

    case 's':
      self->seen_table = TRUE;
      return read_string_record (self, &c, error);

    case 'c':
      if (!read_fields (self, &c, f, 1, error))
        return FALSE;
      /* A timestamp going back is damage; keeping time monotonic keeps the
       * peak time and the charts sane. */
      if (f[0] < self->last_time)
        {
          if (!self->warned_time)
            warn (self, "%s:%" G_GUINT64_FORMAT ": timestamp goes backwards, ignored",
                  ht_line_source_get_name (self->source), self->line_no);
          self->warned_time = TRUE;
          return TRUE;
        }
      self->last_time = f[0];
      event->type = HT_EVENT_TIME;
      event->value = f[0];
      *have_event = TRUE;
      return TRUE;

    case 'R':
      if (!read_fields (self, &c, f, 1, error))
        return FALSE;
      event->type = HT_EVENT_RSS;
      event->value = f[0];
      *have_event = TRUE;
      return TRUE;

    case 'v':
      return read_version_record (self, &c, error);

    case 'X':
      if (data->debuggee != NULL)
        return fail (self, error, HT_TRACE_ERROR_CORRUPT, "second debuggee (X) record");
      data->debuggee = g_strndup (c.p, c.end - c.p);
      self->in_debuggee = TRUE;
      return TRUE;

    case 'I':
      if (!read_fields (self, &c, f, 2, error))
        return FALSE;
      data->page_size = f[0];
      data->pages = f[1];
      return TRUE;

    case 'S':
      self->seen_table = TRUE;
      read_suppression_record (self, &c);
      return TRUE;

    case 'A':
      data->attached = TRUE;
      event->type = HT_EVENT_ATTACH;
      *have_event = TRUE;
      return TRUE;

    case 'x':
    case 'm':
      return fail (self, error, HT_TRACE_ERROR_RAW_TRACE,
                   "this is a raw heaptrack recording, not an interpreted trace: "
                   "symbolize it first (heaptrack_interpret, or heaptrack -i)");

    default:
      break;
    }

unknown:
  if (!self->seen_record)
    return fail (self, error, HT_TRACE_ERROR_BAD_MAGIC,
                 "not a heaptrack trace (the first record is not one of heaptrack's)");
  return fail (self, error, HT_TRACE_ERROR_CORRUPT, "unknown record type '%c'",
               g_ascii_isprint (line[0]) ? line[0] : '?');
}

/* Most lines of a trace are "+ IDX" or "- IDX": read those here, without
 * parse_line's checks, and leave anything unusual (format 0, a bad or
 * out-of-range index, a second field) to parse_line, which reports it.
 * Only hex digits pass, so there is no NUL to look for. */
static inline gboolean
parse_event_fast (HtTraceReader *self,
                  const char    *line,
                  gsize          len,
                  HtEvent       *event)
{
  guint64 v = 0;

  /* at most 16 digits, as read_hex () */
  if (len < 3 || len > 18 || (line[0] != '+' && line[0] != '-') || line[1] != ' '
      || self->data->format_version == 0)
    return FALSE;

  for (gsize i = 2; i < len; i++)
    {
      guint d = (guchar) line[i] - '0';

      if (d > 9)
        {
          d = (guchar) line[i] - 'a';
          if (d > 5)
            return FALSE;
          d += 10;
        }
      v = (v << 4) | d;
    }
  if (v >= self->data->infos->len)
    return FALSE;

  self->seen_table = TRUE;
  event->type = line[0] == '+' ? HT_EVENT_ALLOC : HT_EVENT_FREE;
  event->info = v;
  return TRUE;
}

/* parse_event_fast () on the text buffered, where the next line is there
 * whole: one pass over its bytes instead of one to find its end and one to
 * read it */
static inline gboolean
parse_buffered_event (HtTraceReader *self,
                      HtEvent       *event)
{
  gsize avail, i;
  const char *p = ht_line_source_peek (self->source, &avail);
  guint64 v = 0;

  if (avail < 4 || (p[0] != '+' && p[0] != '-') || p[1] != ' ' || self->data->format_version == 0)
    return FALSE;
  /* at most 16 digits, as read_hex () */
  for (i = 2; i < avail && i < 19 && p[i] != '\n'; i++)
    {
      guint d = (guchar) p[i] - '0';

      if (d > 9)
        {
          d = (guchar) p[i] - 'a';
          if (d > 5)
            return FALSE;
          d += 10;
        }
      v = (v << 4) | d;
    }
  if (i == 2 || i >= avail || p[i] != '\n' || v >= self->data->infos->len)
    return FALSE;

  ht_line_source_consume (self->source, i + 1);
  self->line_no++;
  self->seen_record = TRUE;
  self->seen_table = TRUE;
  event->type = p[0] == '+' ? HT_EVENT_ALLOC : HT_EVENT_FREE;
  event->info = v;
  return TRUE;
}

static HtTraceReader *
ht_trace_reader_new (HtLineSource *source)
{
  HtTraceReader *self = g_new0 (HtTraceReader, 1);

  self->source = source;
  self->data = ht_trace_data_new ();
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

HtTraceReader *
ht_trace_reader_open (const char  *path,
                      GError     **error)
{
  HtLineSource *source = ht_line_source_open (path, error);

  if (source == NULL)
    return NULL;
  return ht_trace_reader_new (source);
}

HtTraceReader *
ht_trace_reader_new_for_bytes (GBytes     *bytes,
                               const char *name)
{
  return ht_trace_reader_new (ht_line_source_new_for_bytes (bytes, name));
}

/**
 * ht_trace_reader_mark:
 * @mark: (out): where the reader stands
 *
 * Notes the point of the time event just read, to read the file again from
 * there later (ht_trace_reader_resume ()). Files of format 0 cannot be
 * resumed: their reader keeps the live pointers of every event before.
 *
 * Returns: %FALSE, and @mark unset, for files of format 0
 */
gboolean
ht_trace_reader_mark (HtTraceReader     *self,
                      HtTraceReaderMark *mark)
{
  if (self->data->format_version == 0)
    return FALSE;
  mark->time = self->last_time;
  mark->offset = ht_line_source_get_line_offset (self->source);
  mark->line_no = self->line_no - 1;
  ht_trace_data_get_sizes (self->data, &mark->sizes);
  return TRUE;
}

/**
 * ht_trace_reader_resume:
 * @data: the tables of the whole file, as a reader of it filled them
 * @mark: a point of the file that reader noted
 *
 * Opens @path to read it from @mark on, skipping what comes before without
 * parsing it: the tables start as @data's were at @mark.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
HtTraceReader *
ht_trace_reader_resume (const char               *path,
                        HtTraceData              *data,
                        const HtTraceReaderMark  *mark,
                        GError                  **error)
{
  HtLineSource *source = ht_line_source_open (path, error);
  HtTraceReader *self;

  if (source == NULL)
    return NULL;
  if (!ht_line_source_skip_to (source, mark->offset, error))
    {
      ht_line_source_free (source);
      return NULL;
    }
  self = ht_trace_reader_new (source);
  ht_trace_data_free (self->data);
  self->data = ht_trace_data_copy_prefix (data, &mark->sizes);
  self->line_no = mark->line_no;
  self->last_time = mark->time;
  self->seen_record = TRUE;
  self->seen_table = TRUE;
  return self;
}

void
ht_trace_reader_free (HtTraceReader *self)
{
  if (self == NULL)
    return;

  ht_line_source_free (self->source);
  ht_trace_data_free (self->data);
  g_ptr_array_unref (self->warnings);
  g_clear_pointer (&self->v0_infos, g_hash_table_unref);
  g_clear_pointer (&self->v0_pointers, g_hash_table_unref);
  g_free (self);
}

/**
 * ht_trace_reader_next:
 * @event: (out): the next event
 *
 * Reads up to the next event, building the tables on the way.
 *
 * Returns: %TRUE with an event, %FALSE at the end of the file or on error
 */
gboolean
ht_trace_reader_next (HtTraceReader  *self,
                      HtEvent        *event,
                      GError        **error)
{
  const char *line;
  gsize len;

  if (parse_buffered_event (self, event))
    return TRUE;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean have_event;

      if (!ht_line_source_next (self->source, &line, &len, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      self->line_no++;

      if (parse_event_fast (self, line, len, event))
        {
          self->seen_record = TRUE;
          return TRUE;
        }
      if (!parse_line (self, line, len, event, &have_event, &local_error))
        {
          /* heaptrack 1.4 writes a command line that holds newlines (say,
           * python3 -c with a script) as it is: the lines after the X
           * record that are not records are the rest of it */
          if (self->in_debuggee && line[0] != 'X'
              && g_error_matches (local_error, HT_TRACE_ERROR, HT_TRACE_ERROR_CORRUPT))
            {
              /* bounded, so that a file of such lines costs linear time */
              if (self->debuggee_lines < MAX_DEBUGGEE_LINES)
                {
                  char *debuggee = g_strdup_printf ("%s %.*s", self->data->debuggee,
                                                    (int) MIN (len, MAX_DEBUGGEE_LINE), line);

                  g_free (self->data->debuggee);
                  self->data->debuggee = debuggee;
                  self->debuggee_lines++;
                }
              continue;
            }
          /* A broken last line of a trace that was cut off is not corruption. */
          if (ht_line_source_last_line_unterminated (self->source) && self->seen_record)
            {
              self->truncated = TRUE;
              self->line_no--;   /* that line does not count */
              break;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (len > 0 && line[0] != '#')
        {
          self->seen_record = TRUE;
          self->in_debuggee = line[0] == 'X';
        }
      if (have_event)
        return TRUE;
    }

  /* following a file still being written: its end is not there yet */
  if (ht_line_source_is_following (self->source))
    return FALSE;
  if (ht_line_source_is_truncated (self->source))
    self->truncated = TRUE;
  if (self->truncated && !self->seen_record)
    {
      g_set_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_DECOMPRESS,
                   "%s: the file is truncated and holds no complete record",
                   ht_line_source_get_name (self->source));
      return FALSE;
    }
  if (self->truncated)
    warn (self, "%s: the file is truncated (was the recording cut off?): "
          "showing what it holds up to line %" G_GUINT64_FORMAT,
          ht_line_source_get_name (self->source), self->line_no);
  else if (!self->seen_record)
    {
      g_set_error (error, HT_TRACE_ERROR, HT_TRACE_ERROR_BAD_MAGIC,
                   "%s: the file is empty: not a heaptrack trace",
                   ht_line_source_get_name (self->source));
      return FALSE;
    }
  return FALSE;
}

/**
 * ht_trace_reader_set_following:
 * @following: whether the file is still being written
 *
 * While following, ht_trace_reader_next () returns %FALSE without @error
 * where the writer has got to, and reads on from there when called again
 * later (ht_line_source_set_following ()). Turned off when the writer is
 * done, the next calls read to the end and judge it as a file read at once.
 */
void
ht_trace_reader_set_following (HtTraceReader *self,
                               gboolean       following)
{
  ht_line_source_set_following (self->source, following);
}

HtTraceData *
ht_trace_reader_get_data (HtTraceReader *self)
{
  return self->data;
}

/* Takes the tables away from the reader, for an analysis that outlives it. */
HtTraceData *
ht_trace_reader_steal_data (HtTraceReader *self)
{
  HtTraceData *data = g_steal_pointer (&self->data);

  self->data = ht_trace_data_new ();
  return data;
}

GPtrArray *
ht_trace_reader_get_warnings (HtTraceReader *self)
{
  return self->warnings;
}

gboolean
ht_trace_reader_is_truncated (HtTraceReader *self)
{
  return self->truncated;
}

double
ht_trace_reader_get_fraction (HtTraceReader *self)
{
  return ht_line_source_get_fraction (self->source);
}

guint64
ht_trace_reader_get_line (HtTraceReader *self)
{
  return self->line_no;
}
