/* ht-symbolizer.c: turns the recorder's binary stream into a heaptrack trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack-gtk-symbolizer [-q] -o OUTPUT [--raw] [--sysroot DIR]
 *                          [--debug-paths DIRS] [INPUT]
 *
 * Reads the preload library's binary stream (ht-stream.h) from INPUT or
 * stdin, plain or zstd-compressed, and writes the interpreted format, file
 * format version 3 (docs/trace-format.md §10), zstd-compressed, to
 * OUTPUT.tmp, renamed to OUTPUT when complete. With --raw the stream is
 * stored as it came, zstd-compressed, to be symbolized later.
 *
 * The threads' events arrive in per-thread chunks; each thread's events
 * wait in a queue until a watermark says that every event numbered below
 * it has arrived, and then go out merged in number order. Each distinct
 * instruction pointer is symbolized once per module mapping with
 * elfutils' libdwfl (docs/raw-stream.md §12.4). Memory grows with the
 * distinct strings, IPs, stacks and allocation-infos, with the live
 * allocations and with about 10 ms of events, never with the number of
 * events.
 */

#define _GNU_SOURCE  /* renameat2 */
#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <zstd.h>

#include "ht-demangle.h"
#include "ht-output-name.h"
#include "ht-stream.h"

#define PROGRAM "heaptrack-gtk-symbolizer"

typedef struct
{
  guint64 start;
  guint64 end;      /* inclusive */
  guint   module;
} Fragment;

typedef struct
{
  char        *path;      /* recorded path, the main executable's filled in */
  guint32      string;
  guint32      uid;       /* the same while the same file stays at the same base */
  guint64      base;
  Dwfl_Module *dwfl_module;
  gboolean     reported;
} Module;

/* a module list as recorded, waiting for its turn in seq order */
typedef struct
{
  char   *name;
  guint64 base;
  GArray *segments;  /* guint64 pairs: p_vaddr, p_memsz */
} RawModule;

typedef struct
{
  guint64 size;
  guint32 trace;
} InfoKey;

/* the infos seen lately, in front of the hash table: most allocations
 * repeat a (size, trace) pair met shortly before */
#define INFO_CACHE_SIZE 4096

typedef struct
{
  InfoKey key;
  guint32 info;  /* index + 1, 0 = empty */
} InfoCacheEntry;

/* live pointers: the busiest map, open addressing with linear probing */
typedef struct
{
  guint64 key;    /* 0: empty; a null pointer is never recorded */
  guint32 value;
} PtrSlot;

typedef struct
{
  PtrSlot *slots;
  gsize    mask;
  gsize    count;
} PtrMap;

typedef struct
{
  guint64 seq;
  guint64 a;      /* ALLOC: size; MODULES: GPtrArray of RawModule; MARK: ms */
  guint64 b;      /* ALLOC: stack id; MARK: resident pages + 1 */
  guint64 ptr;
  guint8  type;
} Event;

/* a chunk's records, as they came */
typedef struct
{
  gsize  len;
  guint8 data[];
} Chunk;

/* A thread's events waiting for their watermark. Between two watermarks
 * hundreds of thousands of events can wait: they stay in their chunks'
 * bytes, some 6 an event where a decoded Event takes 40, and are decoded
 * one at a time as they go out. */
typedef struct
{
  GQueue        chunks;    /* Chunk, oldest first */
  const guint8 *pos;       /* the next record of the first chunk, NULL before it */
  const guint8 *end;
  guint64       seq, ptr;  /* that chunk's delta bases */
  Event         head;      /* the next event, if has_head */
  gboolean      has_head;
  gboolean      ended;
} Queue;

typedef struct
{
  guint32 first;   /* index into stack_frames */
  guint32 n;
  guint32 trace;   /* 0 until first used */
  gboolean defined;
} StackDef;

typedef struct _ReadAhead ReadAhead;

typedef struct
{
  ReadAhead   *ahead;     /* reads the input */
  const char  *name;      /* for messages */
  gboolean     is_file;
  ZSTD_DCtx   *zstd;
  guint8      *raw;       /* compressed bytes read */
  gsize        raw_len, raw_pos;
  guint8      *buf;       /* stream bytes */
  gsize        len, pos, cap;
  gboolean     zstd_more; /* the decompressor holds more output */
  gboolean     eof;
  gboolean     error;
  GByteArray  *tap;       /* when set, every byte consumed is copied here */
} Input;

typedef struct
{
  /* output */
  const char  *output;
  int          out_fd;
  ZSTD_CCtx   *zstd;
  GString     *out;
  GByteArray  *zbuf;
  gboolean     write_failed;  /* atomic: the compressor thread sets it */
  /* a trace's text is compressed on a thread of its own: it takes full
   * buffers from to_compress and gives them back empty in compressed */
  GThread     *compressor;
  GAsyncQueue *to_compress;
  GAsyncQueue *compressed;
  int          level;        /* the compressor's zstd level */
  guint64      level_in;     /* text compressed at that level */
  guint64      level_out;    /* and the bytes it gave */

  /* header */
  char        *exe_path;

  /* state */
  GHashTable  *strings;    /* char* -> index */
  guint32      n_strings;
  GHashTable  *ips;        /* raw ip -> ip index | module uid << 32 */
  guint32      n_ips;
  GHashTable  *tree;       /* ip index << 32 | parent -> trace index */
  guint32      n_traces;
  GArray      *stacks;     /* StackDef by id */
  GArray      *stack_frames; /* guint64 return addresses */
  GHashTable  *infos;      /* InfoKey* -> info index + 1 */
  InfoCacheEntry info_cache[INFO_CACHE_SIZE];
  GArray      *info_sizes; /* guint64 per info */
  guint32      n_infos;
  PtrMap       pointers;   /* live pointer -> info index + 1 */
  GArray      *modules;    /* Module */
  GArray      *fragments;  /* Fragment, sorted by start */
  gboolean     fragments_sorted;
  guint32      next_module_uid;
  Dwfl        *dwfl;
  const char  *sysroot;

  /* merging */
  GHashTable  *queues;     /* thread id -> Queue* */
  GPtrArray   *heap;       /* Queue*, a min-heap by head seq */
  guint64      last_ms;

  /* statistics */
  guint64      allocations;
  guint64      temporary;
  guint64      live_bytes;
  guint64      peak_bytes;
  gpointer     last_pointer;
} Symbolizer;

static char *debuginfo_path = NULL;

static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = dwfl_build_id_find_elf,
  .find_debuginfo = dwfl_standard_find_debuginfo,
  .section_address = dwfl_offline_section_address,
  .debuginfo_path = &debuginfo_path,
};

/* ---- output -------------------------------------------------------------- */

static void
write_out (Symbolizer   *self,
           const guint8 *data,
           gsize         len)
{
  for (gsize off = 0; off < len && !g_atomic_int_get (&self->write_failed); )
    {
      ssize_t n = write (self->out_fd, data + off, len - off);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_printerr (PROGRAM ": cannot write %s: %s\n", self->output, g_strerror (errno));
          g_atomic_int_set (&self->write_failed, TRUE);
          return;
        }
      off += n;
    }
}

static void
compress_bytes (Symbolizer       *self,
                const void       *data,
                gsize             len,
                ZSTD_EndDirective mode)
{
  ZSTD_inBuffer in = { data, len, 0 };
  gboolean done = FALSE;

  while (!done && !g_atomic_int_get (&self->write_failed))
    {
      ZSTD_outBuffer zout = { self->zbuf->data, self->zbuf->len, 0 };
      size_t remaining = ZSTD_compressStream2 (self->zstd, &zout, &in, mode);

      if (ZSTD_isError (remaining))
        {
          g_printerr (PROGRAM ": cannot write %s: compression failed: %s\n",
                      self->output, ZSTD_getErrorName (remaining));
          g_atomic_int_set (&self->write_failed, TRUE);
          return;
        }
      write_out (self, self->zbuf->data, zout.pos);
      self->level_out += zout.pos;
      if (mode == ZSTD_e_end)
        done = remaining == 0;
      else
        done = in.pos == in.size;
    }
}

/* Compressing took a fifth of the symbolizer's work, on the thread that has
 * to keep up with the program: a thread of its own does it, on one zstd
 * stream (zstd's own workers cut the stream into jobs, which made some
 * traces half again as big). OUT_BUFFERS buffers of text take turns. */
#define OUT_BUFFERS 4
#define OUT_BUFFER_SIZE (256 * 1024)

/* zstd level 6 (lazy matching) makes most traces a third to a half smaller
 * than level 3 in about the same time. On text that hardly compresses (sizes
 * and stacks at random) it gains nothing and takes twice the time, which on
 * a busy machine comes out of the program's share: once a trace is that
 * kind of text (RATIO_FAST_FROM), the frame ends and the rest goes out at
 * level 4, which is there 2 % smaller than level 3 and no slower. A zstd
 * file may hold several frames and every reader of traces takes them
 * (docs/trace-format.md §2). Deciding from the bytes alone keeps the output
 * the same for the same input. A raw stream goes out at level 3, zstd's
 * default: level 4 takes a quarter longer on it, for 2 %. */
#define LEVEL_SMALL 6
#define LEVEL_FAST 4
#define LEVEL_RAW 3
#define LEVEL_JUDGED_AFTER (2 << 20)
#define RATIO_FAST_FROM 8   /* compressed to more than an eighth */

static void
compressor_set_level (Symbolizer *self,
                      int         level)
{
  self->level = level;
  self->level_in = self->level_out = 0;
  ZSTD_CCtx_setParameter (self->zstd, ZSTD_c_compressionLevel, level);
}

static char end_of_text;

static gpointer
compressor_thread (gpointer data)
{
  Symbolizer *self = data;

  for (;;)
    {
      GString *text = g_async_queue_pop (self->to_compress);

      if (text == (gpointer) &end_of_text)
        {
          compress_bytes (self, NULL, 0, ZSTD_e_end);
          return NULL;
        }
      if (self->level == LEVEL_SMALL && self->level_in >= LEVEL_JUDGED_AFTER
          && self->level_out * RATIO_FAST_FROM > self->level_in)
        {
          compress_bytes (self, NULL, 0, ZSTD_e_end);
          ZSTD_CCtx_reset (self->zstd, ZSTD_reset_session_only);
          compressor_set_level (self, LEVEL_FAST);
        }
      compress_bytes (self, text->str, text->len, ZSTD_e_continue);
      self->level_in += text->len;
      g_string_truncate (text, 0);
      g_async_queue_push (self->compressed, text);
    }
}

static void
compressor_start (Symbolizer *self)
{
  self->to_compress = g_async_queue_new ();
  self->compressed = g_async_queue_new ();
  for (int i = 1; i < OUT_BUFFERS; i++)
    g_async_queue_push (self->compressed, g_string_sized_new (2 * OUT_BUFFER_SIZE));
  self->compressor = g_thread_new ("compressor", compressor_thread, self);
}

/* The text so far goes to the compressor; with ZSTD_e_end, the last. */
static void
compress_out (Symbolizer       *self,
              ZSTD_EndDirective mode)
{
  if (self->compressor == NULL)
    {
      compress_bytes (self, self->out->str, self->out->len, mode);
      g_string_truncate (self->out, 0);
      return;
    }
  g_async_queue_push (self->to_compress, self->out);
  if (mode != ZSTD_e_end)
    {
      self->out = g_async_queue_pop (self->compressed);
      return;
    }
  g_async_queue_push (self->to_compress, &end_of_text);
  g_thread_join (g_steal_pointer (&self->compressor));
  for (int i = 1; i < OUT_BUFFERS; i++)
    g_string_free (g_async_queue_pop (self->compressed), TRUE);
  self->out = g_async_queue_pop (self->compressed);
  g_clear_pointer (&self->to_compress, g_async_queue_unref);
  g_clear_pointer (&self->compressed, g_async_queue_unref);
}

static inline void
maybe_flush (Symbolizer *self)
{
  if (self->out->len >= OUT_BUFFER_SIZE)
    compress_out (self, ZSTD_e_continue);
}

static inline void
out_hex (Symbolizer *self,
         guint64     value)
{
  char digits[16];
  int n = 0;

  do
    {
      digits[n++] = "0123456789abcdef"[value & 0xf];
      value >>= 4;
    }
  while (value != 0);
  while (n > 0)
    g_string_append_c (self->out, digits[--n]);
}

/* the busiest writer: formats into the buffer's spare room at once */
static void
out_record (Symbolizer    *self,
            char           type,
            guint          n,
            const guint64 *values)
{
  GString *out = self->out;
  char *p;

  /* g_string_set_size () on every record took a tenth of the time */
  if (G_UNLIKELY (out->len + 2 + n * 17 >= out->allocated_len))
    {
      gsize len = out->len;

      g_string_set_size (out, len + 2 + n * 17);
      g_string_truncate (out, len);
    }
  p = out->str + out->len;
  *p++ = type;
  for (guint i = 0; i < n; i++)
    {
      guint64 v = values[i];
      int digits = 1;

      while (digits < 16 && (v >> (4 * digits)) != 0)
        digits++;
      *p++ = ' ';
      for (int d = digits - 1; d >= 0; d--)
        *p++ = "0123456789abcdef"[(v >> (4 * d)) & 0xf];
    }
  *p++ = '\n';
  *p = '\0';
  out->len = p - out->str;
  maybe_flush (self);
}

/* the index of @str, writing its `s` line when it is new; 0 for none */
static guint32
intern (Symbolizer *self,
        const char *str)
{
  gpointer value;

  if (str == NULL || *str == '\0')
    return 0;
  if (g_hash_table_lookup_extended (self->strings, str, NULL, &value))
    return GPOINTER_TO_UINT (value);

  /* strings never hold a newline: cut there */
  size_t len = strcspn (str, "\n");
  g_string_append (self->out, "s ");
  out_hex (self, len);
  g_string_append_c (self->out, ' ');
  g_string_append_len (self->out, str, len);
  g_string_append_c (self->out, '\n');
  self->n_strings++;
  g_hash_table_insert (self->strings, g_strdup (str), GUINT_TO_POINTER (self->n_strings));
  return self->n_strings;
}

/* ---- modules ------------------------------------------------------------- */

static void
raw_module_free (gpointer data)
{
  RawModule *raw = data;

  g_free (raw->name);
  g_array_unref (raw->segments);
  g_free (raw);
}

static int
fragment_compare (gconstpointer a,
                  gconstpointer b)
{
  const Fragment *fa = a, *fb = b;

  return fa->start < fb->start ? -1 : fa->start > fb->start;
}

static gboolean
ip_of_removed_module (gpointer key,
                      gpointer value,
                      gpointer user_data)
{
  GHashTable *kept = user_data;
  guint32 uid = (guint32) (GPOINTER_TO_SIZE (value) >> 32);

  /* an IP outside every module may fall into a new one */
  return uid == 0 || !g_hash_table_contains (kept, GUINT_TO_POINTER (uid));
}

/* Replaces the module list. A module that stays (same file, same base)
 * keeps its uid and its IPs; the IPs of the others are forgotten, so an
 * address reused by another library gets its own symbol. */
static void
modules_replace (Symbolizer *self,
                 GPtrArray  *list)
{
  g_autoptr(GArray) old = self->modules;
  g_autoptr(GHashTable) kept = g_hash_table_new (g_direct_hash, g_direct_equal);

  self->modules = g_array_new (FALSE, TRUE, sizeof (Module));
  g_array_set_size (self->fragments, 0);
  self->fragments_sorted = FALSE;
  /* libdwfl reports each module once: start over with the new list */
  g_clear_pointer (&self->dwfl, dwfl_end);

  for (guint i = 0; i < list->len; i++)
    {
      const RawModule *raw = g_ptr_array_index (list, i);
      Module module = { 0 };

      if (raw->name[0] == '\0')
        module.path = g_strdup (self->exe_path != NULL ? self->exe_path : "x");
      else
        module.path = g_strdup (raw->name);
      module.base = raw->base;
      module.string = intern (self, module.path);
      for (guint k = 0; k < old->len; k++)
        {
          const Module *o = &g_array_index (old, Module, k);

          if (o->base == module.base && strcmp (o->path, module.path) == 0)
            module.uid = o->uid;
        }
      if (module.uid == 0)
        module.uid = ++self->next_module_uid;
      g_hash_table_add (kept, GUINT_TO_POINTER (module.uid));
      g_array_append_val (self->modules, module);

      for (guint s = 0; s + 1 < raw->segments->len; s += 2)
        {
          guint64 vaddr = g_array_index (raw->segments, guint64, s);
          guint64 memsz = g_array_index (raw->segments, guint64, s + 1);
          Fragment f = { raw->base + vaddr, raw->base + vaddr + memsz, self->modules->len - 1 };

          g_array_append_val (self->fragments, f);
        }
    }
  for (guint k = 0; k < old->len; k++)
    g_free (g_array_index (old, Module, k).path);
  g_hash_table_foreach_remove (self->ips, ip_of_removed_module, kept);
}

static Module *
module_for_ip (Symbolizer *self,
               guint64     ip)
{
  guint lo = 0, hi;

  if (!self->fragments_sorted)
    {
      g_array_sort (self->fragments, fragment_compare);
      self->fragments_sorted = TRUE;
    }
  hi = self->fragments->len;
  /* the last fragment that starts at or before ip */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->fragments, Fragment, mid).start <= ip)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* segments do not overlap in practice; look back a little in case */
  for (guint i = lo; i > 0 && lo - i < 4; i--)
    {
      const Fragment *f = &g_array_index (self->fragments, Fragment, i - 1);

      if (f->start <= ip && ip <= f->end)
        return &g_array_index (self->modules, Module, f->module);
    }
  return NULL;
}

static Dwfl_Module *
module_report (Symbolizer *self,
               Module     *module)
{
  g_autofree char *file = NULL;

  if (module->reported)
    return module->dwfl_module;
  module->reported = TRUE;
  module->dwfl_module = NULL;

  if (g_str_has_prefix (module->path, "linux-vdso.so")
      || g_str_has_prefix (module->path, "linux-gate.so"))
    return NULL;
  if (self->dwfl == NULL)
    self->dwfl = dwfl_begin (&dwfl_callbacks);
  if (self->dwfl == NULL)
    return NULL;

  file = self->sysroot != NULL && g_path_is_absolute (module->path)
         ? g_build_filename (self->sysroot, module->path, NULL)
         : g_strdup (module->path);
  dwfl_report_begin_add (self->dwfl);
  module->dwfl_module = dwfl_report_elf (self->dwfl, module->path, file, -1,
                                         module->base, false);
  dwfl_report_end (self->dwfl, NULL, NULL);
  return module->dwfl_module;
}

/* ---- symbols ------------------------------------------------------------- */

/* C++ and Rust names made readable; the mangled name stays when that fails */
static char *
demangle (const char *name)
{
  char *readable = ht_demangle (name);

  return readable != NULL ? readable : g_strdup (name);
}


static char *
die_name (Dwarf_Die *die)
{
  Dwarf_Attribute attr;
  const char *name = NULL;

  if (dwarf_attr_integrate (die, DW_AT_linkage_name, &attr) != NULL
      || dwarf_attr_integrate (die, DW_AT_MIPS_linkage_name, &attr) != NULL)
    name = dwarf_formstring (&attr);
  if (name == NULL && dwarf_attr_integrate (die, DW_AT_name, &attr) != NULL)
    name = dwarf_formstring (&attr);
  return name != NULL ? demangle (name) : NULL;
}

static gboolean
is_function_scope (Dwarf_Die *die)
{
  int tag = dwarf_tag (die);

  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

/* One `i` line; the inlined triples come from DWARF scopes
 * (docs/trace-format.md §4.7, docs/raw-stream.md §12.4). */
static guint32
symbolize (Symbolizer *self,
           guint64     ip,
           Module     *module)
{
  guint32 module_string = module ? module->string : 0;
  g_autofree char *function = NULL;
  const char *file = NULL;
  int line = 0;
  GArray *inlined = g_array_new (FALSE, FALSE, sizeof (guint32) * 3);
  Dwfl_Module *mod = module ? module_report (self, module) : NULL;

  if (mod != NULL)
    {
      Dwarf_Addr bias = 0;
      Dwarf_Die *cudie = dwfl_module_addrdie (mod, ip, &bias);
      Dwfl_Line *dwfl_line = dwfl_module_getsrc (mod, ip);

      if (dwfl_line != NULL)
        file = dwfl_lineinfo (dwfl_line, NULL, &line, NULL, NULL, NULL);

      if (cudie != NULL)
        {
          Dwarf_Die *scopes = NULL;
          int n = dwarf_getscopes (cudie, ip - bias, &scopes);
          Dwarf_Files *files = NULL;
          size_t n_files = 0;
          int first = -1;

          dwarf_getsrcfiles (cudie, &files, &n_files);
          for (int i = 0; i < n; i++)
            if (is_function_scope (&scopes[i]))
              {
                first = i;
                break;
              }
          if (first >= 0 && dwarf_tag (&scopes[first]) == DW_TAG_inlined_subroutine)
            {
              /* dwarf_getscopes continues with the abstract definition's
               * scopes after an inlined routine; the concrete callers come
               * from the chain of DIEs containing it */
              Dwarf_Die inlined_die = scopes[first];
              Dwarf_Die *chain = NULL;
              int n_chain = dwarf_getscopes_die (&inlined_die, &chain);

              if (n_chain > 0)
                {
                  free (scopes);
                  scopes = chain;
                  n = n_chain;
                  first = 0;
                }
            }
          if (first >= 0)
            {
              function = die_name (&scopes[first]);
              /* walk outwards: each inlined scope names its call site in the next function */
              int inner = first;
              while (dwarf_tag (&scopes[inner]) == DW_TAG_inlined_subroutine)
                {
                  int outer = -1;
                  Dwarf_Attribute attr;
                  Dwarf_Word call_file = 0, call_line = 0;
                  const char *call_path = NULL;

                  for (int j = inner + 1; j < n; j++)
                    if (is_function_scope (&scopes[j]))
                      {
                        outer = j;
                        break;
                      }
                  if (outer < 0)
                    break;
                  if (dwarf_attr (&scopes[inner], DW_AT_call_file, &attr) != NULL)
                    dwarf_formudata (&attr, &call_file);
                  if (dwarf_attr (&scopes[inner], DW_AT_call_line, &attr) != NULL)
                    dwarf_formudata (&attr, &call_line);
                  if (files != NULL && call_file < n_files)
                    call_path = dwarf_filesrc (files, call_file, NULL, NULL);

                  g_autofree char *outer_name = die_name (&scopes[outer]);
                  guint32 triple[3] = {
                    intern (self, outer_name),
                    intern (self, call_path),
                    (guint32) call_line,
                  };
                  g_array_append_vals (inlined, triple, 1);
                  inner = outer;
                }
            }
          free (scopes);
        }

      if (function == NULL)
        {
          GElf_Off offset;
          GElf_Sym sym;
          const char *name = dwfl_module_addrinfo (mod, ip, &offset, &sym, NULL, NULL, NULL);

          function = name != NULL ? demangle (name) : NULL;
        }
    }

  guint32 function_string = intern (self, function);
  guint32 file_string = intern (self, file);

  g_string_append (self->out, "i ");
  out_hex (self, ip);
  g_string_append_c (self->out, ' ');
  out_hex (self, module_string);
  if (function_string != 0 || file_string != 0)
    {
      g_string_append_c (self->out, ' ');
      out_hex (self, function_string);
      if (file_string != 0)
        {
          g_string_append_c (self->out, ' ');
          out_hex (self, file_string);
          g_string_append_c (self->out, ' ');
          out_hex (self, line > 0 ? (guint64) line : 0);
          for (guint i = 0; i < inlined->len; i++)
            {
              const guint32 *t = (const guint32 *) (inlined->data + i * sizeof (guint32) * 3);

              for (int k = 0; k < 3; k++)
                {
                  g_string_append_c (self->out, ' ');
                  out_hex (self, t[k]);
                }
            }
        }
    }
  g_string_append_c (self->out, '\n');
  g_array_unref (inlined);

  self->n_ips++;
  return self->n_ips;
}


/* ---- stacks and the trace tree ------------------------------------------- */

static guint
u64_hash (gconstpointer key)
{
  guint64 k = GPOINTER_TO_SIZE (key) * 0x9e3779b97f4a7c15ull;

  return (guint) (k >> 32);
}

/* the IP index of raw @ip (a return address minus 1) in the current
 * module mapping */
static guint32
ip_index (Symbolizer *self,
          guint64     ip)
{
  gpointer value;
  Module *module;
  guint32 index;

  if (g_hash_table_lookup_extended (self->ips, GSIZE_TO_POINTER (ip), NULL, &value))
    return (guint32) GPOINTER_TO_SIZE (value);
  module = module_for_ip (self, ip);
  index = symbolize (self, ip, module);
  g_hash_table_insert (self->ips, GSIZE_TO_POINTER (ip),
                       GSIZE_TO_POINTER ((gsize) index | (gsize) (module ? module->uid : 0) << 32));
  return index;
}

/* The trace index of stack @id, writing the `i` and `t` lines it needs the
 * first time: heaptrack's tree (docs/raw-stream.md §12.5), walked from the
 * outermost frame. */
static guint32
stack_trace (Symbolizer *self,
             guint64     id)
{
  StackDef *def;
  guint32 parent = 0;

  if (id == 0 || id >= self->stacks->len)
    return 0;
  def = &g_array_index (self->stacks, StackDef, id);
  if (!def->defined || def->trace != 0)
    return def->trace;

  for (guint32 i = def->n; i > 0; i--)
    {
      guint64 frame = g_array_index (self->stack_frames, guint64, def->first + i - 1);
      guint32 ip = ip_index (self, frame - 1);
      gpointer key = GSIZE_TO_POINTER ((gsize) ip << 32 | parent);
      guint32 trace = GPOINTER_TO_UINT (g_hash_table_lookup (self->tree, key));

      if (trace == 0)
        {
          guint64 t[2] = { ip, parent };

          out_record (self, 't', 2, t);
          trace = ++self->n_traces;
          g_hash_table_insert (self->tree, key, GUINT_TO_POINTER (trace));
        }
      parent = trace;
    }
  /* symbolizing may have grown the table */
  def = &g_array_index (self->stacks, StackDef, id);
  def->trace = parent;
  return parent;
}

/* ---- events in seq order ------------------------------------------------- */

static guint
info_key_hash (gconstpointer key)
{
  const InfoKey *k = key;

  return (guint) (k->size * 0x9e3779b97f4a7c15ull) ^ k->trace * 0x85ebca6bu;
}

static gboolean
info_key_equal (gconstpointer a,
                gconstpointer b)
{
  const InfoKey *ka = a, *kb = b;

  return ka->size == kb->size && ka->trace == kb->trace;
}

static inline gsize
ptr_slot (const PtrMap *map,
          guint64       key)
{
  return (gsize) ((key * 0x9e3779b97f4a7c15ull) >> 20) & map->mask;
}

static void
ptr_map_grow (PtrMap *map)
{
  PtrMap bigger = { 0 };

  bigger.mask = map->slots ? map->mask * 2 + 1 : 65535;
  bigger.slots = g_new0 (PtrSlot, bigger.mask + 1);
  bigger.count = map->count;
  for (gsize i = 0; map->slots != NULL && i <= map->mask; i++)
    if (map->slots[i].key != 0)
      {
        gsize j = ptr_slot (&bigger, map->slots[i].key);

        while (bigger.slots[j].key != 0)
          j = (j + 1) & bigger.mask;
        bigger.slots[j] = map->slots[i];
      }
  g_free (map->slots);
  *map = bigger;
}

/* maps @key to @value; returns the value it replaced, 0 for none */
static guint32
ptr_map_set (PtrMap  *map,
             guint64  key,
             guint32  value)
{
  gsize j;

  if ((map->count + 1) * 4 > (map->mask + 1) * 3 || map->slots == NULL)
    ptr_map_grow (map);
  for (j = ptr_slot (map, key); map->slots[j].key != 0; j = (j + 1) & map->mask)
    if (map->slots[j].key == key)
      {
        guint32 old = map->slots[j].value;

        map->slots[j].value = value;
        return old;
      }
  map->slots[j].key = key;
  map->slots[j].value = value;
  map->count++;
  return 0;
}

/* removes @key; returns its value, 0 when it was not there */
static guint32
ptr_map_take (PtrMap  *map,
              guint64  key)
{
  gsize j, next;
  guint32 value;

  if (map->slots == NULL)
    return 0;
  for (j = ptr_slot (map, key); map->slots[j].key != key; j = (j + 1) & map->mask)
    if (map->slots[j].key == 0)
      return 0;
  value = map->slots[j].value;
  map->count--;
  /* shift the following entries of the run back, so no lookup stops early */
  for (next = (j + 1) & map->mask; map->slots[next].key != 0; next = (next + 1) & map->mask)
    {
      gsize home = ptr_slot (map, map->slots[next].key);

      /* move it if its home is not within (j, next] */
      if ((next > j && (home <= j || home > next)) || (next < j && home <= j && home > next))
        {
          map->slots[j] = map->slots[next];
          j = next;
        }
    }
  map->slots[j].key = 0;
  return value;
}

static void
emit_alloc (Symbolizer *self,
            guint64     size,
            guint64     stack,
            guint64     pointer)
{
  InfoKey key = { size, stack_trace (self, stack) };
  InfoCacheEntry *cached = &self->info_cache[(size * 0x9e3779b97f4a7c15ull ^ key.trace * 0xc2b2ae3d27d4eb4full)
                                             >> 52 & (INFO_CACHE_SIZE - 1)];
  guint32 info;
  gpointer ptr = GSIZE_TO_POINTER (pointer);
  guint32 old;
  guint64 idx;

  if (cached->info != 0 && cached->key.size == size && cached->key.trace == key.trace)
    info = cached->info;
  else
    info = GPOINTER_TO_UINT (g_hash_table_lookup (self->infos, &key));
  if (info == 0)
    {
      guint64 a[2] = { size, key.trace };

      out_record (self, 'a', 2, a);
      g_hash_table_insert (self->infos, g_memdup2 (&key, sizeof key),
                           GUINT_TO_POINTER (++self->n_infos));
      g_array_append_val (self->info_sizes, size);
      info = self->n_infos;
    }
  cached->key = key;
  cached->info = info;
  idx = info - 1;
  out_record (self, '+', 1, &idx);

  old = ptr_map_set (&self->pointers, pointer, info);
  if (old != 0)
    self->live_bytes -= g_array_index (self->info_sizes, guint64, old - 1);
  self->allocations++;
  self->live_bytes += size;
  if (self->live_bytes > self->peak_bytes)
    self->peak_bytes = self->live_bytes;
  self->last_pointer = ptr;
}

static void
emit_free (Symbolizer *self,
           guint64     pointer)
{
  gpointer ptr = GSIZE_TO_POINTER (pointer);
  guint32 info = ptr_map_take (&self->pointers, pointer);

  if (info != 0)
    {
      guint64 idx = info - 1;

      out_record (self, '-', 1, &idx);
      self->live_bytes -= g_array_index (self->info_sizes, guint64, idx);
      if (ptr == self->last_pointer)
        self->temporary++;
    }
  self->last_pointer = NULL;
}

static void
emit_timestamp (Symbolizer *self,
                guint64     ms,
                guint64     rss)
{
  /* the clock thread and an _exit or exec may take their times in one
   * order and their numbers in the other: timestamps never go back */
  ms = MAX (ms, self->last_ms);
  self->last_ms = ms;
  out_record (self, 'c', 1, &ms);
  if (rss > 0)
    {
      rss--;
      out_record (self, 'R', 1, &rss);
    }
}

static void
emit_event (Symbolizer *self,
            Event      *event)
{
  switch (event->type)
    {
    case HT_REC_ALLOC:
      emit_alloc (self, event->a, event->b, event->ptr);
      break;
    case HT_REC_FREE:
      emit_free (self, event->ptr);
      break;
    case HT_REC_MARK:
      emit_timestamp (self, event->a, event->b);
      break;
    case HT_REC_MODULES:
      {
        GPtrArray *list = GSIZE_TO_POINTER (event->a);

        modules_replace (self, list);
        g_ptr_array_unref (list);
      }
      break;
    default:
      break;
    }
}

static inline guint64
queue_head_seq (Queue *q)
{
  return q->head.seq;
}

static void queue_advance (Queue *q);

static void
heap_push (GPtrArray *heap,
           Queue     *q)
{
  guint i = heap->len;

  g_ptr_array_add (heap, q);
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      Queue *p = g_ptr_array_index (heap, parent);

      if (queue_head_seq (p) <= queue_head_seq (q))
        break;
      heap->pdata[i] = p;
      heap->pdata[parent] = q;
      i = parent;
    }
}

static Queue *
heap_pop (GPtrArray *heap)
{
  Queue *top = g_ptr_array_index (heap, 0);
  Queue *last = g_ptr_array_steal_index (heap, heap->len - 1);
  guint i = 0;

  if (heap->len == 0)
    return top;
  heap->pdata[0] = last;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < heap->len && queue_head_seq (heap->pdata[l]) < queue_head_seq (heap->pdata[m]))
        m = l;
      if (r < heap->len && queue_head_seq (heap->pdata[r]) < queue_head_seq (heap->pdata[m]))
        m = r;
      if (m == i)
        break;
      heap->pdata[i] = heap->pdata[m];
      heap->pdata[m] = last;
      i = m;
    }
  return top;
}

static gboolean
queue_drop_if_done (gpointer key,
                    gpointer value,
                    gpointer user_data)
{
  Queue *q = value;

  return q->ended && !q->has_head;
}

static void
queue_free (gpointer data)
{
  Queue *q = data;

  /* a module list decoded that never got its turn */
  if (q->has_head && q->head.type == HT_REC_MODULES)
    g_ptr_array_unref (GSIZE_TO_POINTER (q->head.a));
  g_queue_clear_full (&q->chunks, g_free);
  g_free (q);
}

/* Emits every queued event numbered below @watermark, in number order. */
static void
release (Symbolizer *self,
         guint64     watermark)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Queue *q = value;

      if (q->has_head && queue_head_seq (q) < watermark)
        heap_push (self->heap, q);
    }
  while (self->heap->len > 0)
    {
      Queue *q = heap_pop (self->heap);
      /* the queue's events go out up to the next queue's head at once */
      guint64 bound = self->heap->len > 0
                      ? MIN (watermark, queue_head_seq (g_ptr_array_index (self->heap, 0)))
                      : watermark;

      do
        {
          emit_event (self, &q->head);
          queue_advance (q);
        }
      while (q->has_head && queue_head_seq (q) < bound);
      if (q->has_head && queue_head_seq (q) < watermark)
        heap_push (self->heap, q);
    }
  g_hash_table_foreach_remove (self->queues, queue_drop_if_done, NULL);
}

/* ---- reading ahead ------------------------------------------------------- */

/* The recording's stream is read on a thread of its own, up to
 * AHEAD_MAX bytes ahead of the symbolizer. Without it the program waits on
 * a full socket whenever the symbolizer works through the events of a
 * watermark, which can take tens of milliseconds: the two then take turns
 * instead of running side by side on two cores. */
#define AHEAD_BLOCK (256 * 1024)
#define AHEAD_MAX   (4 * 1024 * 1024)

typedef struct
{
  gsize  len, pos;
  guint8 data[];
} Block;

struct _ReadAhead
{
  int      fd;
  GMutex   lock;
  GCond    cond;
  GQueue   blocks;   /* Block, oldest first */
  gsize    pending;  /* bytes in blocks */
  int      error;    /* the errno of a failed read */
  gboolean done;     /* the reader met the end or an error */
};

static gpointer
read_ahead_thread (gpointer data)
{
  ReadAhead *ra = data;

  for (;;)
    {
      Block *block = g_malloc (sizeof (Block) + AHEAD_BLOCK);
      ssize_t n;
      int error;

      do
        n = read (ra->fd, block->data, AHEAD_BLOCK);
      while (n < 0 && errno == EINTR);
      error = n < 0 ? errno : 0;

      g_mutex_lock (&ra->lock);
      if (n <= 0)
        {
          g_free (block);
          ra->error = error;
          ra->done = TRUE;
          g_cond_broadcast (&ra->cond);
          g_mutex_unlock (&ra->lock);
          return NULL;
        }
      block->len = n;
      block->pos = 0;
      g_queue_push_tail (&ra->blocks, block);
      ra->pending += n;
      g_cond_broadcast (&ra->cond);
      while (ra->pending >= AHEAD_MAX)
        g_cond_wait (&ra->cond, &ra->lock);
      g_mutex_unlock (&ra->lock);
    }
}

/* Starts reading @fd ahead. The reader is never joined: at the end of the
 * stream it has ended, and when the symbolizer stops early it may wait in
 * read () until the process exits. So it is never freed either. */
static ReadAhead *
read_ahead_new (int fd)
{
  ReadAhead *ra = g_new0 (ReadAhead, 1);

  ra->fd = fd;
  g_mutex_init (&ra->lock);
  g_cond_init (&ra->cond);
  g_queue_init (&ra->blocks);
  g_thread_unref (g_thread_new ("read-ahead", read_ahead_thread, ra));
  return ra;
}

/* read (2) on the bytes read ahead */
static gssize
read_ahead_read (ReadAhead *ra,
                 guint8    *buf,
                 gsize      size)
{
  gsize copied = 0;
  Block *block;
  int error;

  g_mutex_lock (&ra->lock);
  while (g_queue_is_empty (&ra->blocks) && !ra->done)
    g_cond_wait (&ra->cond, &ra->lock);
  while (copied < size && (block = g_queue_peek_head (&ra->blocks)) != NULL)
    {
      gsize n = MIN (size - copied, block->len - block->pos);

      memcpy (buf + copied, block->data + block->pos, n);
      copied += n;
      block->pos += n;
      if (block->pos == block->len)
        g_free (g_queue_pop_head (&ra->blocks));
    }
  ra->pending -= copied;
  error = ra->error;
  g_cond_broadcast (&ra->cond);
  g_mutex_unlock (&ra->lock);
  if (copied == 0 && error != 0)
    {
      errno = error;
      return -1;
    }
  return copied;
}

/* ---- reading the stream -------------------------------------------------- */

#define INPUT_CHUNK (256 * 1024)

/* More stream bytes into in->buf; FALSE at the end or on an error. */
static gboolean
input_fill (Input *in)
{
  if (in->pos > 0)
    {
      memmove (in->buf, in->buf + in->pos, in->len - in->pos);
      in->len -= in->pos;
      in->pos = 0;
    }
  while (!in->eof && !in->error)
    {
      ssize_t n;

      if (in->zstd != NULL && (in->raw_pos < in->raw_len || in->zstd_more))
        {
          ZSTD_inBuffer zin = { in->raw, in->raw_len, in->raw_pos };
          ZSTD_outBuffer zout = { in->buf + in->len, in->cap - in->len, 0 };
          size_t ret;

          if (in->cap - in->len < INPUT_CHUNK)
            {
              in->cap *= 2;
              in->buf = g_realloc (in->buf, in->cap);
              continue;
            }
          ret = ZSTD_decompressStream (in->zstd, &zout, &zin);
          in->raw_pos = zin.pos;
          in->zstd_more = !ZSTD_isError (ret) && zout.pos == zout.size;
          if (ZSTD_isError (ret))
            {
              g_printerr (PROGRAM ": %s: corrupt zstd data: %s\n", in->name, ZSTD_getErrorName (ret));
              in->error = TRUE;
              return FALSE;
            }
          in->len += zout.pos;
          if (zout.pos > 0)
            return TRUE;
          continue;
        }

      if (in->cap - in->len < INPUT_CHUNK)
        {
          in->cap = MAX (in->cap * 2, 2 * INPUT_CHUNK);
          in->buf = g_realloc (in->buf, in->cap);
        }
      if (in->zstd != NULL)
        n = read_ahead_read (in->ahead, in->raw, INPUT_CHUNK);
      else
        n = read_ahead_read (in->ahead, in->buf + in->len, INPUT_CHUNK);
      if (n < 0)
        {
          g_printerr (PROGRAM ": cannot read %s: %s\n", in->name, g_strerror (errno));
          in->error = TRUE;
          return FALSE;
        }
      if (n == 0)
        {
          in->eof = TRUE;
          return FALSE;
        }
      if (in->zstd != NULL)
        {
          in->raw_len = n;
          in->raw_pos = 0;
          continue;
        }
      in->len += n;
      return TRUE;
    }
  return FALSE;
}

/* @n bytes of the stream, NULL when it ends before */
static const guint8 *
input_take (Input *in,
            gsize  n)
{
  const guint8 *p;

  while (in->len - in->pos < n)
    if (!input_fill (in))
      return NULL;
  p = in->buf + in->pos;
  in->pos += n;
  if (in->tap != NULL)
    g_byte_array_append (in->tap, p, n);
  return p;
}

static gboolean
input_varint (Input   *in,
              guint64 *value)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      const guint8 *b = input_take (in, 1);

      if (b == NULL)
        return FALSE;
      v |= (guint64) (*b & 0x7f) << shift;
      if ((*b & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}

/* a varint from memory; FALSE when it runs past @end */
static inline gboolean
get_u (const guint8 **p,
       const guint8  *end,
       guint64       *value)
{
  guint64 v = 0;

  /* most are one byte: seq deltas, sizes, stack ids */
  if (G_LIKELY (*p < end && **p < 0x80))
    {
      *value = *(*p)++;
      return TRUE;
    }
  for (guint shift = 0; shift < 64 && *p < end; shift += 7)
    {
      guint8 b = *(*p)++;

      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}

/* steps over a varint as get_u () would read it */
static inline gboolean
skip_u (const guint8 **p,
        const guint8  *end)
{
  const guint8 *q = *p, *last = q + HT_VARINT_MAX;

  if (last > end)
    last = end;
  while (q < last)
    if ((*q++ & 0x80) == 0)
      {
        *p = q;
        return TRUE;
      }
  return FALSE;
}

static inline gboolean
get_z (const guint8 **p,
       const guint8  *end,
       guint64        base,
       guint64       *value)
{
  guint64 z;

  if (!get_u (p, end, &z))
    return FALSE;
  *value = base + ((z >> 1) ^ -(z & 1));
  return TRUE;
}

static GPtrArray *
parse_modules (const guint8 **p,
               const guint8  *end)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (raw_module_free);
  guint64 count;

  if (!get_u (p, end, &count) || count > (guint64) (end - *p))
    return NULL;
  for (guint64 i = 0; i < count; i++)
    {
      RawModule *raw = g_new0 (RawModule, 1);
      guint64 len, n_load;

      raw->segments = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_ptr_array_add (list, raw);
      if (!get_u (p, end, &len) || len > (guint64) (end - *p))
        return NULL;
      raw->name = g_strndup ((const char *) *p, len);
      *p += len;
      if (!get_u (p, end, &raw->base) || !get_u (p, end, &n_load) || n_load > (guint64) (end - *p))
        return NULL;
      for (guint64 k = 0; k < 2 * n_load; k++)
        {
          guint64 v;

          if (!get_u (p, end, &v))
            return NULL;
          g_array_append_val (raw->segments, v);
        }
    }
  return g_steal_pointer (&list);
}

static Queue *
queue_for (Symbolizer *self,
           guint64     thread)
{
  Queue *q = g_hash_table_lookup (self->queues, GSIZE_TO_POINTER (thread));

  if (q == NULL)
    {
      q = g_new0 (Queue, 1);
      g_hash_table_insert (self->queues, GSIZE_TO_POINTER (thread), q);
    }
  return q;
}

static gboolean
define_stack (Symbolizer    *self,
              const guint8 **p,
              const guint8  *end)
{
  guint64 id, n, frame = 0;
  StackDef *def;

  if (!get_u (p, end, &id) || !get_u (p, end, &n) || n > (guint64) (end - *p)
      || id == 0 || id > G_MAXUINT32)
    return FALSE;
  if (id >= self->stacks->len)
    g_array_set_size (self->stacks, MAX (id + 1, self->stacks->len * 2));
  def = &g_array_index (self->stacks, StackDef, id);
  def->first = self->stack_frames->len;
  def->n = n;
  def->trace = 0;
  def->defined = TRUE;
  for (guint64 i = 0; i < n; i++)
    {
      if (!get_z (p, end, frame, &frame))
        return FALSE;
      g_array_append_val (self->stack_frames, frame);
    }
  return TRUE;
}

/* Decodes the record at *@p, with the delta bases *@seq and *@ptr, into
 * @event: an event (a MODULES event owns its list), or only the type of a
 * stack definition, stepped over, or of a thread's end. FALSE when it is
 * malformed. */
static gboolean
decode_record (const guint8 **p,
               const guint8  *end,
               guint64       *seq,
               guint64       *ptr,
               Event         *event)
{
  event->type = *(*p)++;
  switch (event->type)
    {
    case HT_REC_ALLOC:
      if (!get_z (p, end, *seq, seq) || !get_u (p, end, &event->a)
          || !get_u (p, end, &event->b) || !get_z (p, end, *ptr, ptr))
        return FALSE;
      break;
    case HT_REC_FREE:
      if (!get_z (p, end, *seq, seq) || !get_z (p, end, *ptr, ptr))
        return FALSE;
      break;
    case HT_REC_MARK:
      if (!get_z (p, end, *seq, seq) || !get_u (p, end, &event->a) || !get_u (p, end, &event->b))
        return FALSE;
      break;
    case HT_REC_MODULES:
      {
        GPtrArray *list;

        if (!get_z (p, end, *seq, seq) || (list = parse_modules (p, end)) == NULL)
          return FALSE;
        event->a = GPOINTER_TO_SIZE (list);
      }
      break;
    case HT_REC_STACK:
      {
        guint64 id, n, frame;

        if (!get_u (p, end, &id) || !get_u (p, end, &n) || n > (guint64) (end - *p))
          return FALSE;
        for (guint64 i = 0; i < n; i++)
          if (!get_u (p, end, &frame))
            return FALSE;
      }
      return TRUE;
    case HT_REC_THREAD_END:
      return TRUE;
    default:
      return FALSE;
    }
  event->seq = *seq;
  event->ptr = *ptr;
  return TRUE;
}

/* The next event of @q into q->head, if it has one. Its chunks were
 * checked when they came (read_chunk). */
static void
queue_advance (Queue *q)
{
  Chunk *chunk;

  q->has_head = FALSE;
  while ((chunk = g_queue_peek_head (&q->chunks)) != NULL)
    {
      if (q->pos == NULL)
        {
          q->pos = chunk->data;
          q->end = chunk->data + chunk->len;
          q->seq = q->ptr = 0;
        }
      while (q->pos < q->end && decode_record (&q->pos, q->end, &q->seq, &q->ptr, &q->head))
        if (q->head.type != HT_REC_STACK && q->head.type != HT_REC_THREAD_END)
          {
            q->has_head = TRUE;
            return;
          }
      g_free (g_queue_pop_head (&q->chunks));
      q->pos = NULL;
    }
}

/* One chunk of thread @thread's records, which it takes: checked, its
 * stack definitions made at once, and kept for its events. */
static gboolean
read_chunk (Symbolizer *self,
            guint64     thread,
            Chunk      *chunk)
{
  Queue *q = queue_for (self, thread);
  const guint8 *p = chunk->data, *end = chunk->data + chunk->len;
  guint64 seq = 0, ptr = 0;
  gboolean has_events = FALSE;

  while (p < end)
    {
      const guint8 *record = p + 1;
      Event event;
      gboolean ok;

      /* events are decoded when their turn comes: here their varints are
       * only checked, which takes half the time */
      switch (*p)
        {
        case HT_REC_ALLOC:
          p++;
          ok = skip_u (&p, end) && skip_u (&p, end) && skip_u (&p, end) && skip_u (&p, end);
          event.type = HT_REC_ALLOC;
          break;
        case HT_REC_FREE:
          p++;
          ok = skip_u (&p, end) && skip_u (&p, end);
          event.type = HT_REC_FREE;
          break;
        default:
          ok = decode_record (&p, end, &seq, &ptr, &event)
               && (event.type != HT_REC_STACK || define_stack (self, &record, end));
          /* decoded again when its turn comes */
          if (ok && event.type == HT_REC_MODULES)
            g_ptr_array_unref (GSIZE_TO_POINTER (event.a));
          break;
        }
      if (!ok)
        {
          g_free (chunk);
          return FALSE;
        }
      if (event.type == HT_REC_THREAD_END)
        q->ended = TRUE;
      else if (event.type != HT_REC_STACK)
        has_events = TRUE;
    }
  if (!has_events)
    g_free (chunk);
  else
    {
      g_queue_push_tail (&q->chunks, chunk);
      if (!q->has_head)
        queue_advance (q);
    }
  return TRUE;
}

typedef enum
{
  STREAM_COMPLETE,  /* up to its END */
  STREAM_CUT,       /* ended between two messages */
  STREAM_TRUNCATED, /* ended inside a message */
  STREAM_CORRUPT,
} StreamEnd;

/* Everything after the header. */
static StreamEnd
read_messages (Symbolizer *self,
               Input      *in)
{
  for (;;)
    {
      const guint8 *type = input_take (in, 1);
      guint64 a, b, c;

      if (type == NULL)
        return in->error ? STREAM_CORRUPT : STREAM_CUT;
      switch (*type)
        {
        case HT_MSG_CHUNK:
          {
            const guint8 *data;
            Chunk *chunk;

            if (!input_varint (in, &a) || !input_varint (in, &b))
              return in->error ? STREAM_CORRUPT : STREAM_TRUNCATED;
            if (b > 64 * 1024 * 1024)
              return STREAM_CORRUPT;
            data = input_take (in, b);
            if (data == NULL)
              return in->error ? STREAM_CORRUPT : STREAM_TRUNCATED;
            /* input_take's buffer moves on the next read */
            chunk = g_malloc (sizeof (Chunk) + b);
            chunk->len = b;
            memcpy (chunk->data, data, b);
            if (!read_chunk (self, a, chunk))
              return STREAM_CORRUPT;
          }
          break;

        case HT_MSG_WATERMARK:
          if (!input_varint (in, &a))
            return in->error ? STREAM_CORRUPT : STREAM_TRUNCATED;
          release (self, a);
          break;

        case HT_MSG_TICK:
        case HT_MSG_END:
          if (!input_varint (in, &a) || !input_varint (in, &b) || !input_varint (in, &c))
            return in->error ? STREAM_CORRUPT : STREAM_TRUNCATED;
          release (self, a);
          emit_timestamp (self, b, c);
          if (*type == HT_MSG_END)
            return STREAM_COMPLETE;
          break;

        default:
          return STREAM_CORRUPT;
        }
      if (g_atomic_int_get (&self->write_failed))
        return STREAM_COMPLETE;
    }
}

typedef struct
{
  guint64  version;
  guint64  pid;
  guint64  page_size;
  guint64  pages;
  guint64  attached;
  char    *exe;
  GString *cmdline;  /* ` arg0 arg1...`, as heaptrack's X */
} Header;

static gboolean
read_header (Input  *in,
             Header *header)
{
  const guint8 *magic = input_take (in, HT_STREAM_MAGIC_LEN);
  const guint8 *type, *data;
  guint64 len;

  if (magic == NULL || memcmp (magic, HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN) != 0)
    return FALSE;
  type = input_take (in, 1);
  if (type == NULL || *type != HT_MSG_HEADER
      || !input_varint (in, &header->version) || !input_varint (in, &header->pid)
      || !input_varint (in, &header->page_size) || !input_varint (in, &header->pages)
      || !input_varint (in, &header->attached) || !input_varint (in, &len) || len > 4096
      || (data = input_take (in, len)) == NULL)
    return FALSE;
  header->exe = g_strndup ((const char *) data, len);
  if (!input_varint (in, &len) || len > 4096 || (data = input_take (in, len)) == NULL)
    return FALSE;
  header->cmdline = g_string_new (NULL);
  for (gsize i = 0; i < len; )
    {
      gsize arg = strnlen ((const char *) data + i, len - i);

      g_string_append_c (header->cmdline, ' ');
      g_string_append_len (header->cmdline, (const char *) data + i, arg);
      i += arg + 1;
    }
  /* one line: a newline inside an argument would end it */
  g_strdelimit (header->cmdline->str, "\n\r", ' ');
  return TRUE;
}

/* ---- main ---------------------------------------------------------------- */

static void
print_help (void)
{
  g_print ("Usage: " PROGRAM " [-q] -o OUTPUT [--raw] [--sysroot DIR] [--debug-paths DIRS] [INPUT]\n"
           "\n"
           "Turns the recorder's binary stream (INPUT, plain or zstd; default stdin)\n"
           "into a heaptrack trace (file format 3, zstd) in OUTPUT.\n"
           "\n"
           "  -o, --output OUTPUT   the trace to write; %%p: the recorded pid,\n"
           "                        %%n: the program's name (with either, an existing\n"
           "                        file is kept: .1, .2, ... go before .zst)\n"
           "  -q, --quiet           no statistics\n"
           "      --raw             store the stream unsymbolized (zstd) in OUTPUT\n"
           "      --sysroot DIR     look the program's modules up under DIR\n"
           "      --debug-paths DIRS  colon-separated folders of separate debug files\n");
}

/* The program's name, for %n: the executable's, else the command's first word */
static char *
program_name (const Header *header)
{
  if (header->exe[0] != '\0')
    return g_path_get_basename (header->exe);
  else if (header->cmdline->len > 1)
    {
      g_autofree char *arg0 = g_strndup (header->cmdline->str + 1,
                                         strcspn (header->cmdline->str + 1, " "));

      return g_path_get_basename (arg0);
    }
  return g_strdup ("unknown");
}

/* @name, then NAME.1.zst, NAME.2.zst, ... for @attempt 1, 2, ... */
static char *
output_candidate (const char *name,
                  guint       attempt)
{
  gboolean zst = g_str_has_suffix (name, ".zst");
  g_autofree char *stem = g_strndup (name, strlen (name) - (zst ? 4 : 0));

  if (attempt == 0)
    return g_strdup (name);
  return g_strdup_printf ("%s.%u%s", stem, attempt, zst ? ".zst" : "");
}

/* Creates the .tmp of the output. A templated name is never overwritten:
 * an existing file, or another symbolizer's .tmp (an exec'ed program keeps
 * its pid, so two streams may want one name), moves on to the next
 * candidate. */
static int
create_output (const char  *name,
               gboolean     templated,
               guint       *attempt,
               char       **output,
               char       **tmp_path)
{
  for (*attempt = 0; ; (*attempt)++)
    {
      g_autofree char *candidate = output_candidate (name, *attempt);
      g_autofree char *tmp = g_strconcat (candidate, ".tmp", NULL);
      int fd;

      if (templated && g_file_test (candidate, G_FILE_TEST_EXISTS))
        continue;
      fd = g_open (tmp, O_WRONLY | O_CREAT | O_CLOEXEC | (templated ? O_EXCL : O_TRUNC), 0644);
      if (fd < 0 && templated && errno == EEXIST)
        continue;
      if (fd < 0)
        g_printerr (PROGRAM ": cannot create %s: %s\n", tmp, g_strerror (errno));
      *output = g_steal_pointer (&candidate);
      *tmp_path = g_steal_pointer (&tmp);
      return fd;
    }
}

/* Renames the finished .tmp; a templated name taken meanwhile moves on */
static gboolean
publish_output (const char  *name,
                gboolean     templated,
                guint        attempt,
                const char  *tmp_path,
                char       **output)
{
  if (!templated)
    {
      if (g_rename (tmp_path, *output) == 0)
        return TRUE;
      g_printerr (PROGRAM ": cannot rename %s to %s: %s\n", tmp_path, *output, g_strerror (errno));
      return FALSE;
    }
  for (;; attempt++)
    {
      g_free (*output);
      *output = output_candidate (name, attempt);
      if (renameat2 (AT_FDCWD, tmp_path, AT_FDCWD, *output, RENAME_NOREPLACE) == 0)
        return TRUE;
      if (errno != EEXIST)
        {
          g_printerr (PROGRAM ": cannot rename %s to %s: %s\n", tmp_path, *output,
                      g_strerror (errno));
          return FALSE;
        }
    }
}

static void
header_clear (Header *header)
{
  g_free (header->exe);
  if (header->cmdline)
    g_string_free (header->cmdline, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  const char *output_pattern = NULL, *input_path = NULL, *sysroot = NULL, *debug_paths = NULL;
  gboolean quiet = FALSE, raw = FALSE;
  g_autofree char *name = NULL;
  g_autofree char *program = NULL;
  g_autofree char *output = NULL;
  g_autofree char *tmp_path = NULL;
  gboolean templated;
  guint attempt;
  Symbolizer self = { 0 };
  Input in = { 0 };
  Header header = { 0 };
  StreamEnd end = STREAM_COMPLETE;
  const guint8 *peek;
  int status = 0;
  int fd;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      if ((strcmp (argv[i], "-o") == 0 || strcmp (argv[i], "--output") == 0) && i + 1 < argc)
        output_pattern = argv[++i];
      else if (strcmp (argv[i], "-q") == 0 || strcmp (argv[i], "--quiet") == 0)
        quiet = TRUE;
      else if (strcmp (argv[i], "--raw") == 0)
        raw = TRUE;
      else if (strcmp (argv[i], "--sysroot") == 0 && i + 1 < argc)
        sysroot = argv[++i];
      else if (strcmp (argv[i], "--debug-paths") == 0 && i + 1 < argc)
        debug_paths = argv[++i];
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          print_help ();
          return 0;
        }
      else if (argv[i][0] != '-' && input_path == NULL)
        input_path = argv[i];
      else
        {
          g_printerr (PROGRAM ": unknown argument %s\n", argv[i]);
          return 2;
        }
    }
  if (output_pattern == NULL)
    {
      g_printerr (PROGRAM ": no output given (-o FILE)\n");
      return 2;
    }

  /* no network lookups of debug info unless asked for */
  g_unsetenv ("DEBUGINFOD_URLS");
  if (debug_paths != NULL)
    debuginfo_path = g_strconcat ("+:.debug:/usr/lib/debug:", debug_paths, NULL);

  in.name = input_path != NULL ? input_path : "standard input";
  fd = input_path != NULL ? g_open (input_path, O_RDONLY | O_CLOEXEC, 0) : STDIN_FILENO;
  in.is_file = input_path != NULL;
  if (fd < 0)
    {
      g_printerr (PROGRAM ": cannot open %s: %s\n", input_path, g_strerror (errno));
      return 1;
    }
  in.ahead = read_ahead_new (fd);
  in.cap = 2 * INPUT_CHUNK;
  in.buf = g_malloc (in.cap);

  /* a zstd file (a --raw recording) is read through the decompressor */
  in.tap = g_byte_array_new ();
  peek = input_take (&in, 4);
  if (peek != NULL && memcmp (peek, "\x28\xb5\x2f\xfd", 4) == 0)
    {
      in.zstd = ZSTD_createDCtx ();
      in.raw = g_malloc (INPUT_CHUNK);
      in.raw_len = in.len;
      memcpy (in.raw, in.buf, in.len);
      in.raw_pos = 0;
      in.len = in.pos = 0;
    }
  else
    in.pos = 0;
  g_byte_array_set_size (in.tap, 0);

  if (!read_header (&in, &header))
    {
      if (in.len > 0 || in.is_file || in.error)
        {
          g_printerr (PROGRAM ": %s: not a heaptrack-gtk recording (no stream header)\n", in.name);
          status = 1;
          goto out;
        }
      /* nothing came (a static program, or one that never started): an
       * empty trace, as heaptrack writes */
      header_clear (&header);
      header = (Header) { .version = HT_VERSION_CODE, .exe = g_strdup (""),
                          .cmdline = g_string_new (NULL) };
      if (!quiet)
        g_printerr (PROGRAM ": no data was recorded\n");
    }
  self.exe_path = header.exe[0] != '\0' ? g_strdup (header.exe) : NULL;
  self.sysroot = sysroot;

  program = program_name (&header);
  name = ht_output_name_expand (output_pattern, header.pid, program, "", &templated);
  self.out_fd = create_output (name, templated, &attempt, &output, &tmp_path);
  if (self.out_fd < 0)
    {
      status = 1;
      goto out;
    }
  self.output = output;
  self.zstd = ZSTD_createCCtx ();
  compressor_set_level (&self, raw ? LEVEL_RAW : LEVEL_SMALL);
  ZSTD_CCtx_setParameter (self.zstd, ZSTD_c_checksumFlag, 1);
  self.out = g_string_sized_new (2 * OUT_BUFFER_SIZE);
  self.zbuf = g_byte_array_sized_new (ZSTD_CStreamOutSize ());
  g_byte_array_set_size (self.zbuf, ZSTD_CStreamOutSize ());

  if (raw)
    {
      /* the bytes as they came: the header read so far, then the rest */
      compress_bytes (&self, in.tap->data, in.tap->len, ZSTD_e_continue);
      g_byte_array_unref (g_steal_pointer (&in.tap));
      while (!g_atomic_int_get (&self.write_failed))
        {
          if (in.pos < in.len)
            compress_bytes (&self, in.buf + in.pos, in.len - in.pos, ZSTD_e_continue);
          in.pos = in.len;
          if (!input_fill (&in))
            break;
        }
      compress_bytes (&self, NULL, 0, ZSTD_e_end);
      if (in.error)
        g_atomic_int_set (&self.write_failed, TRUE);
    }
  else
    {
      g_byte_array_unref (g_steal_pointer (&in.tap));
      self.strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self.ips = g_hash_table_new (u64_hash, g_direct_equal);
      self.tree = g_hash_table_new (u64_hash, g_direct_equal);
      self.stacks = g_array_new (FALSE, TRUE, sizeof (StackDef));
      self.stack_frames = g_array_new (FALSE, FALSE, sizeof (guint64));
      self.infos = g_hash_table_new_full (info_key_hash, info_key_equal, g_free, NULL);
      self.info_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
      self.modules = g_array_new (FALSE, TRUE, sizeof (Module));
      self.fragments = g_array_new (FALSE, FALSE, sizeof (Fragment));
      self.queues = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, queue_free);
      self.heap = g_ptr_array_new ();
      compressor_start (&self);

      {
        guint64 v[2] = { header.version, 3 };

        out_record (&self, 'v', 2, v);
        if (header.cmdline->len > 0)
          g_string_append_printf (self.out, "X%s\n", header.cmdline->str);
        v[0] = header.page_size;
        v[1] = header.pages;
        if (header.page_size > 0)
          out_record (&self, 'I', 2, v);
        if (header.attached)
          g_string_append (self.out, "A\n");
      }

      end = header.page_size > 0 ? read_messages (&self, &in) : STREAM_COMPLETE;
      /* a cut stream: everything that arrived goes out */
      release (&self, G_MAXUINT64);
      switch (end)
        {
        case STREAM_COMPLETE:
          break;
        case STREAM_CUT:
          if (!quiet)
            g_printerr (PROGRAM ": %s ended early (the program was killed or exec'ed): "
                        "the trace holds what was recorded until then\n", in.name);
          break;
        case STREAM_TRUNCATED:
          if (in.is_file)
            {
              g_printerr (PROGRAM ": %s is truncated: it ends inside a record\n", in.name);
              status = 1;
            }
          else if (!quiet)
            g_printerr (PROGRAM ": %s ended inside a record (the program was killed): "
                        "the trace holds what was recorded until then\n", in.name);
          break;
        case STREAM_CORRUPT:
          if (!in.error)
            g_printerr (PROGRAM ": %s is corrupt: an unknown or malformed record\n", in.name);
          status = 1;
          break;
        default:
          g_assert_not_reached ();
        }

      g_string_append_printf (self.out, "\n# strings: %u\n# ips: %u\n", self.n_strings, self.n_ips);
      compress_out (&self, ZSTD_e_end);
    }

  if (close (self.out_fd) != 0 && !g_atomic_int_get (&self.write_failed))
    {
      g_printerr (PROGRAM ": cannot write %s: %s\n", output, g_strerror (errno));
      g_atomic_int_set (&self.write_failed, TRUE);
    }
  if (g_atomic_int_get (&self.write_failed) || status != 0
      || !publish_output (name, templated, attempt, tmp_path, &output))
    {
      g_unlink (tmp_path);
      status = 1;
    }
  else if (!quiet && !raw)
    g_printerr ("heaptrack-gtk stats:\n"
                "\tallocations:          \t%" G_GUINT64_FORMAT "\n"
                "\tleaked allocations:   \t%u\n"
                "\ttemporary allocations:\t%" G_GUINT64_FORMAT "\n"
                "\tpeak heap (bytes):    \t%" G_GUINT64_FORMAT "\n"
                "\tleaked (bytes):       \t%" G_GUINT64_FORMAT "\n",
                self.allocations, (guint) self.pointers.count, self.temporary,
                self.peak_bytes, self.live_bytes);

  if (!raw)
    {
      for (guint i = 0; i < self.modules->len; i++)
        g_free (g_array_index (self.modules, Module, i).path);
      g_array_unref (self.modules);
      g_array_unref (self.fragments);
      g_clear_pointer (&self.dwfl, dwfl_end);
      g_hash_table_unref (self.strings);
      g_hash_table_unref (self.ips);
      g_hash_table_unref (self.tree);
      g_array_unref (self.stacks);
      g_array_unref (self.stack_frames);
      g_hash_table_unref (self.infos);
      g_free (self.pointers.slots);
      g_array_unref (self.info_sizes);
      g_hash_table_unref (self.queues);
      g_ptr_array_unref (self.heap);
    }
out:
  header_clear (&header);
  if (self.out != NULL)
    g_string_free (self.out, TRUE);
  g_clear_pointer (&self.zbuf, g_byte_array_unref);
  ZSTD_freeCCtx (self.zstd);
  ZSTD_freeDCtx (in.zstd);
  g_free (in.raw);
  g_free (in.buf);
  g_clear_pointer (&in.tap, g_byte_array_unref);
  g_free (self.exe_path);
  g_free (debuginfo_path);
  return status;
}
